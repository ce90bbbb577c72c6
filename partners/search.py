"""The directory's text search: what people type → what the search documents say.

Three steps, all kept out of the directory selector (which only asks for a condition):

1. `expand_terms` — pure Python, no query: each typed word becomes a group of
   alternatives (OR) and the groups are ANDed. Phrases ("photo shoot", "gst filing",
   "listing wala"), city aliases (Bangalore → Bengaluru) and the Hindi/Hinglish dictionary
   of partners.search_data add alternatives; filler words ("wala", "के लिए") drop out.
   Hindi names of categories, cities and languages are in each partner's search document,
   so they match directly.
2. `tsquery` / `like_condition` — the group structure as PostgreSQL full-text syntax (prefix
   match on every alternative) or, on SQLite, as substring conditions.
3. `corrected_query` — typo tolerance, used by the selector only when a search finds nothing
   or few partners: every word that is no prefix of a vocabulary word (category, city,
   language, offering and partner-name words) is replaced by its closest vocabulary word
   (difflib). On PostgreSQL, pg_trgm's similarity operators (GIN trigram indexes on partner
   and category names, migration 0005) propose the partner-name candidates, so the
   vocabulary read stays small however many partners there are.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q

from partners.search_data import CITY_ALIASES, FILLERS, PHRASES, TERMS

FEW_RESULTS = 3  # fewer results than this and misspelt words are corrected
MAX_PHRASE = 3
CORRECTION_CUTOFF = 0.75
MIN_WORD = 3
_VOCABULARY_KEY = "directory:vocabulary"
_SPLIT = re.compile(r"[^\w]+")


def query_words(q: str, *, max_length: int = 200, max_terms: int = 8) -> list[str]:
    """Words of a query: runs of letters, digits and combining marks (the same rule as the
    directory selector's `search_terms`)."""
    text = (q or "")[:max_length].lower()
    cleaned = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    return cleaned.split()[:max_terms]


def _dedupe(words) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in words if w))


def expand_terms(terms: list[str]) -> tuple[tuple[str, ...], ...]:
    """Groups of alternatives for the query's words (see the module docstring)."""
    groups: list[tuple[str, ...]] = []
    i = 0
    while i < len(terms):
        for n in range(min(MAX_PHRASE, len(terms) - i), 1, -1):
            phrase = " ".join(terms[i : i + n])
            if phrase in PHRASES:
                groups.append(_dedupe(PHRASES[phrase]))
                i += n
                break
        else:
            word = terms[i]
            i += 1
            if word in FILLERS:
                continue
            alternatives = [word]
            if word in CITY_ALIASES:
                alternatives.append(CITY_ALIASES[word])
            alternatives.extend(TERMS.get(word, ()))
            groups.append(_dedupe(alternatives))
    if not groups and terms:  # only filler words: search for them as typed
        groups = [(t,) for t in terms]
    return tuple(groups)


def tsquery(groups) -> str:
    """PostgreSQL to_tsquery text: every alternative a prefix match, groups ANDed."""
    parts = []
    for group in groups:
        alternatives = [f"{word}:*" for word in group]
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")")
    return " & ".join(parts)


def like_condition(groups) -> Q:
    """The same search on SQLite: each group's alternatives as substrings of the document."""
    condition = Q()
    for group in groups:
        either = Q()
        for word in group:
            either |= Q(search_document__icontains=word) | Q(name__icontains=word)
        condition &= either
    return condition


# --- typo tolerance ------------------------------------------------------------------------


def _words_of(texts) -> set[str]:
    out: set[str] = set()
    for text in texts:
        out.update(w for w in _SPLIT.split((text or "").lower()) if len(w) >= MIN_WORD and not w.isdigit())
    return out


def _base_vocabulary() -> frozenset[str]:
    """Category, city, language and offering words, plus (on SQLite) partner-name words —
    one query, cached in the directory's cache generation when caching is on."""
    from partners.selectors.cache import directory_cache_key

    key = directory_cache_key(_VOCABULARY_KEY, connection.vendor)
    if key:
        cached = cache.get(key)
        if cached is not None:
            return cached
    parts = [
        "SELECT name FROM partners_servicecategory",
        "SELECT name FROM partners_city",
        "SELECT name FROM partners_language",
        "SELECT DISTINCT o.title FROM partners_serviceoffering o WHERE o.is_active",
    ]
    if connection.vendor != "postgresql":
        parts.append("SELECT name FROM partners_servicepartner WHERE is_listed")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        vocabulary = frozenset(_words_of(row[0] for row in cursor.fetchall()))
    if key:
        cache.set(key, vocabulary, settings.DIRECTORY_CACHE_SECONDS)
    return vocabulary


def _trigram_candidates(words: list[str]) -> set[str]:
    """Partner- and category-name words that pg_trgm finds similar to the misspelt words
    (`%` similarity and `<%` word similarity, both served by the GIN trigram indexes)."""
    if not words:
        return set()
    parts, args = [], []
    for word in words:
        parts.append("SELECT name FROM partners_servicecategory WHERE name %% %s")
        parts.append("(SELECT name FROM partners_servicepartner WHERE is_listed AND %s <%% name LIMIT 50)")
        args += [word, word]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(parts), args)
        return _words_of(row[0] for row in cursor.fetchall())


def _known(word: str, vocabulary) -> bool:
    return any(v.startswith(word) for v in vocabulary)


def corrected_query(q: str) -> str | None:
    """The query with misspelt words replaced by their closest vocabulary words, or None
    when no word needed (or found) a correction. "catalouge" → "cataloguing"."""
    words = query_words(q)
    special = set(CITY_ALIASES) | set(TERMS) | FILLERS
    candidates = [w for w in words if len(w) >= MIN_WORD and w not in special and not w.isdigit()]
    if not candidates:
        return None
    vocabulary = set(_base_vocabulary())
    unknown = [w for w in candidates if not _known(w, vocabulary)]
    if not unknown:
        return None
    if connection.vendor == "postgresql":
        vocabulary |= _trigram_candidates(unknown)
    replacements = {}
    pool = sorted(vocabulary)
    for word in unknown:
        match = difflib.get_close_matches(word, pool, n=1, cutoff=CORRECTION_CUTOFF)
        if match and match[0] != word:
            replacements[word] = match[0]
    if not replacements:
        return None
    return " ".join(replacements.get(w, w) for w in words)


# --- Hindi labels for the facets -------------------------------------------------------------


def hindi_facet_labels(facets: dict) -> dict:
    """The directory facets with Hindi labels where the category, city or language has one
    (one query; only Hindi pages ask)."""
    from partners.models import City, Language, ServiceCategory

    if not any(facets.get(kind) for kind in ("category", "city", "language")):
        return facets
    parts = [
        f"SELECT 'category', slug, name_hi FROM {ServiceCategory._meta.db_table} WHERE name_hi <> ''",  # noqa: S608
        f"SELECT 'city', slug, name_hi FROM {City._meta.db_table} WHERE name_hi <> ''",  # noqa: S608
        f"SELECT 'language', code, name_hi FROM {Language._meta.db_table} WHERE name_hi <> ''",  # noqa: S608
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        names = {(kind, key): name for kind, key, name in cursor.fetchall()}
    for kind in ("category", "city", "language"):
        for option in facets.get(kind, []):
            option["label"] = names.get((kind, option["value"]), option["label"])
    return facets
