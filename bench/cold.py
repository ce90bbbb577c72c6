"""The cold path: query strings and partners nobody has asked for yet in this run.

`make bench`'s cached scenarios repeat one URL, so after the first request they measure
the rendered-results cache. A real visitor's exact query string (search words × filters ×
sort × page) has rarely been seen in the last minute; these generators give every request
of a scenario its own URL, drawn from the bench data's real words and filter values:

    directory_cold           /partners/?category=…&city=…&sort=…&page=…   (no search)
    directory_search_cold    /partners/?q=<word[s]>&…filters…
    api_partners_search_cold /api/v1/partners/?q=…&…filters…
    profile_cold             /partners/<slug>/ over every bench partner, shuffled

and `directory_scaling` times the cold directory request in-process (Django's test
client, default settings, caches on) on two data sizes in the same run:

    python bench/cold.py --scaling <first> <count>

prints the milliseconds of `count` distinct cold directory requests as JSON.
"""

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent

# Words that occur in the bench data (names, taglines, offering titles, categories).
WORDS = [
    "catalogue", "listing", "listings", "photography", "photo", "image", "retouching", "gst",
    "tax", "compliance", "ads", "advertising", "sponsored", "campaign", "keyword", "analytics",
    "pricing", "dashboard", "brand", "registry", "content", "storefront", "design", "copywriting",
    "description", "training", "workshop", "coaching", "logistics", "fulfilment", "warehouse",
    "export", "global", "inventory", "software", "repricing", "account", "audit", "growth",
    "digital", "studio", "retail", "commerce", "labs", "works", "hub", "prime", "swift", "bright",
    "nova", "lotus", "saffron", "indigo", "apex", "orbit", "vertex", "zen", "blue", "sellers",
    "marketplace", "upload", "bulk", "cleanup", "data",
]  # fmt: skip
CATEGORIES = [
    "account-management", "cataloguing", "imaging", "advertising", "tax", "logistics",
    "training", "brand", "content", "global", "analytics", "software",
]  # fmt: skip
CITIES = [
    "mumbai", "delhi", "bengaluru", "hyderabad", "chennai", "kolkata", "pune", "ahmedabad",
    "jaipur", "surat", "lucknow", "kanpur", "nagpur", "indore", "bhopal", "patna", "vadodara",
    "ludhiana", "agra", "nashik", "coimbatore", "kochi", "chandigarh", "mysuru", "noida",
    "gurugram", "visakhapatnam", "madurai", "raipur", "ranchi",
]  # fmt: skip
LANGUAGES = ["en", "hi", "ta", "te", "kn", "ml", "mr", "bn", "gu", "pa"]
SORTS = ["relevance", "rating", "reviews", "newest", "price"]
PAGES = [1, 1, 1, 1, 2, 2, 3, 5]


def _query(rng: random.Random, *, search: bool) -> str:
    params = []
    if search:
        words = rng.sample(WORDS, 2 if rng.random() < 0.3 else 1)
        params.append(("q", " ".join(words)))
    if rng.random() < (0.4 if search else 0.6):
        params.append(("category", rng.choice(CATEGORIES)))
    if rng.random() < (0.3 if search else 0.5):
        params.append(("city", rng.choice(CITIES)))
    if rng.random() < 0.25:
        params.append(("language", rng.choice(LANGUAGES)))
    if rng.random() < 0.3:
        params.append(("guaranteed", "1"))
    sort = rng.choice(SORTS)
    if sort != "relevance" or rng.random() < 0.5:
        params.append(("sort", sort))
    page = rng.choice(PAGES)
    if page > 1:
        params.append(("page", str(page)))
    return urlencode(params)


def query_strings(count: int, *, search: bool, seed: int) -> list[str]:
    """`count` distinct query strings (deterministic for a seed)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    attempts = 0
    while len(out) < count and attempts < count * 50:
        attempts += 1
        q = _query(rng, search=search)
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def cold_paths(count: int, slugs: list[str], seed: int = 14) -> dict[str, list[str]]:
    """Distinct URLs per cold scenario; the run splits each list into disjoint slices."""
    rng = random.Random(seed)
    profiles = [f"/partners/{slug}/" for slug in slugs]
    rng.shuffle(profiles)
    search = query_strings(count, search=True, seed=seed + 1)
    return {
        "directory_cold": [f"/partners/?{q}" for q in query_strings(count, search=False, seed=seed)],
        "directory_search_cold": [f"/partners/?{q}" for q in search],
        "profile_cold": profiles,
        # Its own words order (another seed), so the API never shares a page's SQL by chance.
        "api_partners_search_cold": [
            f"/api/v1/partners/?{q}" for q in query_strings(count, search=True, seed=seed + 2)
        ],
    }


def scaling_child(first: int, count: int) -> None:
    """In-process cost of `count` cold directory requests (strings first … first+count-1 of
    one fixed sequence, so two data sizes are timed on the same strings)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnernet.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    strings = query_strings(first + count + 5, search=False, seed=1414)
    client = Client()
    for q in strings[-5:]:  # warm the process (imports, templates, connections)
        client.get(f"/partners/?{q}")
    timings = []
    for q in strings[first : first + count]:
        started = time.perf_counter()
        response = client.get(f"/partners/?{q}")
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"/partners/?{q} answered {response.status_code}")
    print(json.dumps(timings))


def directory_scaling(
    env: dict, base_url: str, ensure_database, manage, sizes=(2000, 20000), rounds=4, per_round=15
) -> dict:
    """Seed (once) a database per size next to `base_url` (named <base>_scale_<n>), then time
    the same cold strings on each, the sizes interleaved round by round so that background
    load weighs on both alike. Returns {size: median ms}."""
    from urllib.parse import urlparse, urlunparse

    parsed = urlparse(base_url)
    base = parsed.path.lstrip("/")
    urls = {}
    for n in sizes:
        url = urlunparse(parsed._replace(path=f"/{base}_scale_{n}"))
        ensure_database(url)
        # No REDIS_URL: the embedded cache (files in var/cache, this checkout's own), which
        # each child empties first, so the two sizes never share a cached page or count.
        child_env = {k: v for k, v in env.items() if k != "REDIS_URL"} | {"DATABASE_URL": url}
        manage(child_env, "migrate", "--noinput", "-v0")
        manage(child_env, "seed_bench", "--partners", str(n))
        urls[n] = child_env
    timings: dict[int, list[float]] = {n: [] for n in sizes}
    for r in range(rounds):
        for n in sizes if r % 2 == 0 else tuple(reversed(sizes)):
            done = subprocess.run(
                [sys.executable, __file__, "--scaling", str(r * per_round), str(per_round)],
                cwd=ROOT, env=urls[n], capture_output=True, text=True, check=True,
            )  # fmt: skip
            timings[n].extend(json.loads(done.stdout.strip().splitlines()[-1]))
    return {n: sorted(t)[len(t) // 2] for n, t in timings.items()} | {"strings": rounds * per_round}


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--scaling":
        scaling_child(int(sys.argv[2]), int(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
