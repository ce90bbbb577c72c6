"""Directory and profile pages (public).

Both render their expensive part (results with facets; the profile body) as a fragment
that is cached for DIRECTORY_CACHE_SECONDS in the current cache generation (see
partners.selectors.directory_cache_key); the page around it (navigation, sign-in state)
is rendered for each request.
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from partners.forms import SORT_CHOICES, DirectoryFilterForm
from partners.models import hindi_interface
from partners.search import hindi_facet_labels
from partners.selectors import (
    Q_MAX_LENGTH,
    RATING_STEPS,
    card_rows,
    directory_cache_key,
    partner_directory,
)
from partners.views.fragments import cached_fragment as _cached_fragment
from partners.views.fragments import fragments_forget
from partners.views.fragments import local_fragments as _local
from partners.views.profile import PROFILE_REVIEWS, profile

# The profile view lives in partners.views.profile; its names stay importable from here.
__all__ = ["PROFILE_REVIEWS", "directory", "fragments_forget", "partner_cards", "partner_logo", "profile"]


def partner_cards(partners: list) -> list[str]:
    """Each partner's card as HTML, cached per (partner, its version, language) in the
    directory's cache generation — the one that retires the profile — so that a page of a
    query nobody has asked before renders 20 cached cards plus the frame. Only the cards
    not cached are rendered (from plain rows: partners.selectors.cards)."""
    language = get_language()
    keys = [
        directory_cache_key(
            "card", language, p.pk, p.updated_at, p.badge_active, p.rating_avg, p.review_count, p.price_from
        )
        for p in partners
    ]
    found: dict = {}
    if all(keys):
        found = _local.get_many(keys)
        missing = [k for k in keys if k not in found]
        if missing:
            shared = cache.get_many(missing)
            found.update(shared)
            for key, html in shared.items():
                _local.set(key, html, settings.DIRECTORY_CACHE_SECONDS)
    todo = [p for p, key in zip(partners, keys, strict=True) if key not in found]
    if todo:
        # The partners may carry only their cache key's fields (from the directory index):
        # what the missing cards show comes from partners.selectors.cards (the index, or
        # two queries).
        where = {p.pk: i for i, p in enumerate(partners)}
        fresh = {}
        for row in card_rows(ids=[p.pk for p in todo]):
            html = render_to_string("includes/_partner_card.html", {"partner": row})
            key = keys[where[row["id"]]]
            if key:
                fresh[key] = html
                _local.set(key, html, settings.DIRECTORY_CACHE_SECONDS)
            found[key or row["id"]] = html
        if fresh:
            cache.set_many(fresh, settings.DIRECTORY_CACHE_SECONDS)
    # Only ever our own rendered (autoescaped) card template is stored under these keys.
    # (A partner deleted since the page was counted has no card: it is left out.)
    cards = [found.get(key or p.pk) for p, key in zip(partners, keys, strict=True)]
    return [mark_safe(html) for html in cards if html is not None]  # noqa: S308


@require_GET
def directory(request):
    def build():
        # Unknown slugs are not looked up (that would cost queries on every page): they
        # simply match nothing, and the empty state offers to drop the filter.
        form = DirectoryFilterForm(request.GET)
        form.is_valid()
        params = form.params()
        result = partner_directory(params=params, page=form.page_number(), prefetch=False)
        if hindi_interface():
            hindi_facet_labels(result.facets)
        context = {
            "form": form,
            "params": params,
            "page": result,
            "partners": result.partners,
            "cards": partner_cards(result.partners),
            "facets": result.facets,
            "facet_options": {
                kind: _options_html(result.facets[kind], getattr(params, kind))
                for kind in ("category", "city", "language")
            },
            "rating_steps": [str(s) for s in RATING_STEPS],
            "sort_choices": SORT_CHOICES,
            "drop_links": [
                {"name": name, "query": _without(request, name)} for name in params.active_filters
            ],
            "invalid_fields": sorted(form.errors.keys()),
            "min_rating_value": format(params.min_rating.normalize(), "f")
            if params.min_rating is not None
            else "",
        }
        return render_to_string("partners/_directory_body.html", context, request=request)

    # The whole query string is the key: pagination links repeat it.
    key = directory_cache_key("directory", get_language(), sorted(request.GET.lists()))
    body = _cached_fragment(key, build)
    q = " ".join(request.GET.get("q", "").split())[:Q_MAX_LENGTH]
    return render(request, "partners/directory.html", {"q": q, "body": body})


def _options_html(options: list[dict], selected: str) -> str:
    """A filter's <option>s in one string (the same markup the template's loop gave, at a
    fraction of the cost: 50-odd options, five template nodes each, on every cold page)."""
    html = "".join(
        f'<option value="{escape(o["value"])}"{" selected" * (o["value"] == selected)}>'
        f"{escape(o['label'])} ({int(o['count'])})</option>"
        for o in options
    )
    return mark_safe(html)  # noqa: S308 (every value and label escaped above)


def _without(request, name):
    query = request.GET.copy()
    query.pop(name, None)
    query.pop("page", None)
    return query.urlencode()


_LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


@require_GET
def partner_logo(request, slug):
    """A listed partner's logo. Uploads are private storage; logos are the one public
    kind, so they are served here (checked as an image on upload) rather than from MEDIA_URL."""
    from django.http import FileResponse, Http404
    from PIL import Image, UnidentifiedImageError

    from partners.models import ServicePartner

    partner = ServicePartner.objects.filter(slug=slug, is_listed=True).only("logo").first()
    if partner is None or not partner.logo:
        raise Http404
    try:
        handle = partner.logo.open("rb")
        image_format = Image.open(handle).format
        handle.seek(0)
    except (OSError, UnidentifiedImageError):
        raise Http404
    if image_format not in _LOGO_TYPES:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=_LOGO_TYPES[image_format])
    response["Cache-Control"] = "public, max-age=3600"
    return response
