"""Directory and profile pages (public)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from guarantees.selectors import partner_guarantee_public
from partners.forms import SORT_CHOICES, DirectoryFilterForm
from partners.selectors import (
    RATING_STEPS,
    offerings_active,
    partner_directory,
    partner_get_public,
    partner_labels,
    promotions_active,
    reviews_public,
)

PROFILE_REVIEWS = 10


@require_GET
def directory(request):
    # Unknown slugs are not looked up here (that would cost queries on every page):
    # they simply match nothing and the empty state offers to drop the filter.
    form = DirectoryFilterForm(request.GET)
    form.is_valid()
    params = form.params()
    result = partner_directory(params=params, page=form.page_number())
    facets = result.facets
    drop_links = [{"name": name, "query": _without(request, name)} for name in params.active_filters]
    context = {
        "form": form,
        "params": params,
        "page": result,
        "partners": result.partners,
        "facets": facets,
        "rating_steps": [str(s) for s in RATING_STEPS],
        "sort_choices": SORT_CHOICES,
        "drop_links": drop_links,
        "invalid_fields": sorted(form.errors.keys()),
        "min_rating_value": format(params.min_rating.normalize(), "f")
        if params.min_rating is not None
        else "",
    }
    return render(request, "partners/directory.html", context)


def _without(request, name):
    query = request.GET.copy()
    query.pop(name, None)
    query.pop("page", None)
    return query.urlencode()


@require_GET
def profile(request, slug):
    partner = partner_get_public(slug=slug)
    context = {
        "partner": partner,
        "labels": partner_labels(partner=partner),
        "offerings": list(offerings_active(partner=partner)),
        "promotions": list(promotions_active(partner=partner)),
        "reviews": list(reviews_public(partner=partner)[:PROFILE_REVIEWS]),
        "guarantee": partner_guarantee_public(partner=partner),
    }
    return render(request, "partners/profile.html", context)
