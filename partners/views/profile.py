"""The public profile, /partners/<slug>/.

Its body (everything but the page around it) is a cached fragment (partners.views.fragments)
in the directory's cache generation. A cold body costs three queries: the partner (read on
every request: its badge and stats are part of the key), everything the body lists — labels,
rating distribution, offerings, promotions, latest reviews — in one UNION ALL of plain rows
(partners.selectors.profile_page), and each section an app above adds through
partners.hooks.profile_sections (the guarantee block: one query).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_GET

from partners.hooks import profile_sections
from partners.selectors import directory_cache_key, partner_get_public
from partners.selectors.profile_page import PROFILE_REVIEWS, ProfileReview, RatingRow, profile_body_data
from partners.views.fragments import cached_fragment

__all__ = ["PROFILE_REVIEWS", "profile"]


def _rating_rows(ratings: list[RatingRow]) -> list[dict[str, object]]:
    """The distribution's rows with their texts, translated here rather than by a
    {% blocktranslate %} per row: those were a third of the body's render. The msgids are
    the ones the template had (so the catalogue is unchanged); the values are integers."""
    return [
        {
            **row,
            "stars_text": SafeString(
                ngettext("%(s)s star", "%(s)s stars", row["stars"]) % {"s": row["stars"]}
            ),
            "count_text": SafeString(
                ngettext("%(n)s review (%(p)s%%)", "%(n)s reviews (%(p)s%%)", row["count"])
                % {"n": row["count"], "p": row["percent"]}
            ),
        }
        for row in ratings
    ]


def _with_star_texts(reviews: list[ProfileReview]) -> list[dict[str, object]]:
    texts = {
        r: SafeString(gettext("%(r)s out of 5") % {"r": r}) for r in {review["rating"] for review in reviews}
    }
    return [{**review, "stars_text": texts[review["rating"]]} for review in reviews]


@require_GET
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    partner = partner_get_public(slug=slug)

    def build() -> str:
        data = profile_body_data(partner=partner, reviews=PROFILE_REVIEWS)
        context = {
            "partner": partner,
            "labels": data["labels"],
            "rating_rows": _rating_rows(data["labels"]["ratings"]),
            "offerings": data["offerings"],
            "promotions": data["promotions"],
            "reviews": _with_star_texts(data["reviews"]),
            # Sections from the apps above partners (the guarantee block), rendered here.
            "sections": [
                render_to_string(template, section, request=request)
                for template, section in filter(None, profile_sections.call(partner))
            ],
        }
        return render_to_string("partners/_profile_body.html", context, request=request)

    # The badge and the stats are read fresh on every request and are part of the key, so a
    # suspended badge never shows from the cache; the date makes promotions end on time.
    key = directory_cache_key(
        "profile",
        get_language(),
        partner.pk,
        partner.badge_active,
        partner.rating_avg,
        partner.review_count,
        partner.price_from,
        partner.updated_at,
        timezone.localdate(),
    )
    body = cached_fragment(key, build)
    return render(request, "partners/profile.html", {"partner": partner, "body": body})
