"""Writes behind the directory, profile and console: denormalised stats, profile, offerings,
promotions and review replies."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Avg, Count, Min
from django.utils.translation import gettext as _

from partners.errors import RuleBroken, full_clean
from partners.models import (
    City,
    Language,
    Promotion,
    Review,
    ServiceCategory,
    ServiceOffering,
    ServicePartner,
)
from partners.selectors import directory_cache_bump

PROFILE_FIELDS = (
    "name",
    "tagline",
    "description",
    "website",
    "email",
    "phone",
    "founded_year",
    "accepting_clients",
)


def _search_document(partner: ServicePartner) -> str:
    """Everything the directory's text search looks in: the profile, offering titles, and the
    names of the partner's categories, cities and languages in English and Hindi."""
    offerings = list(
        ServiceOffering.objects.filter(partner=partner, is_active=True).values_list(
            "title", "category__name", "category__name_hi"
        )
    )
    category_names: set[str] = set()
    for row in ServiceCategory.objects.filter(partners=partner).values_list("name", "name_hi"):
        category_names.update(row)
    for _title, name, name_hi in offerings:
        category_names.update((name, name_hi))
    places = [name for row in partner.cities.values_list("name", "name_hi") for name in row]
    languages = [name for row in partner.languages.values_list("name", "name_hi") for name in row]
    parts = [partner.name, partner.tagline, partner.description]
    parts += [title for title, _name, _hi in offerings]
    parts += sorted(n for n in category_names if n)
    parts += places + languages
    return "\n".join(p for p in parts if p)


def partner_stats_refresh(*, partner: ServicePartner) -> ServicePartner:
    """Recompute rating_avg, review_count, price_from and search_document from their sources.

    Written with a single UPDATE of those columns only, so a concurrent change to
    other columns (the badge, the profile) is never overwritten with stale values.
    """
    stats = Review.objects.filter(partner=partner, is_hidden=False).aggregate(
        avg=Avg("rating"), n=Count("id")
    )
    price = ServiceOffering.objects.filter(partner=partner, is_active=True).aggregate(m=Min("price_from"))[
        "m"
    ]
    avg = stats["avg"]
    values = {
        "rating_avg": Decimal(str(avg)).quantize(Decimal("0.01"), ROUND_HALF_UP) if avg is not None else None,
        "review_count": stats["n"],
        "price_from": price,
        "search_document": _search_document(partner),
    }
    ServicePartner.objects.filter(pk=partner.pk).update(**values)
    transaction.on_commit(directory_cache_bump)
    for key, value in values.items():
        setattr(partner, key, value)
    return partner


@transaction.atomic
def partner_profile_update(
    *,
    partner: ServicePartner,
    data: dict[str, Any],
    categories: Iterable[ServiceCategory] | None = None,
    cities: Iterable[City] | None = None,
    languages: Iterable[Language] | None = None,
    logo: "File[Any] | None" = None,
    logo_clear: bool = False,
) -> ServicePartner:
    """Change the editable profile fields (never the badge or the stats)."""
    locked = ServicePartner.objects.select_for_update().get(pk=partner.pk)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    update_fields = [f for f in PROFILE_FIELDS if f in data] + ["updated_at"]
    if logo is not None:
        locked.logo = logo
        update_fields.append("logo")
    elif logo_clear and locked.logo:
        locked.logo = ""
        update_fields.append("logo")
    full_clean(locked, exclude=["slug", "logo", "categories", "cities", "languages"])
    locked.save(update_fields=update_fields)
    if categories is not None:
        locked.categories.set(categories)
    if cities is not None:
        locked.cities.set(cities)
    if languages is not None:
        locked.languages.set(languages)
    return partner_stats_refresh(partner=locked)


def _check_offering(partner: ServicePartner, offering: ServiceOffering | None) -> None:
    if offering is not None and offering.partner_id != partner.pk:
        raise RuleBroken(_("Choose one of your own offerings."), field="offering")


@transaction.atomic
def offering_save(
    *, partner: ServicePartner, data: dict[str, Any], offering: ServiceOffering | None = None
) -> ServiceOffering:
    """Create (offering=None) or change one of the partner's offerings."""
    if offering is None:
        offering = ServiceOffering(partner=partner)
    elif offering.partner_id != partner.pk:
        raise RuleBroken(_("This offering belongs to another partner."))
    for field in (
        "category",
        "title",
        "description",
        "price_from",
        "price_unit",
        "turnaround_days",
        "is_active",
    ):
        if field in data:
            setattr(offering, field, data[field])
    full_clean(offering, exclude=["partner"])
    offering.save()
    partner_stats_refresh(partner=partner)
    return offering


@transaction.atomic
def offering_deactivate(*, partner: ServicePartner, offering: ServiceOffering) -> ServiceOffering:
    """Offerings are withdrawn, not deleted: orders keep pointing at them."""
    if offering.partner_id != partner.pk:
        raise RuleBroken(_("This offering belongs to another partner."))
    ServiceOffering.objects.filter(pk=offering.pk).update(is_active=False)
    offering.is_active = False
    partner_stats_refresh(partner=partner)
    return offering


@transaction.atomic
def promotion_save(
    *, partner: ServicePartner, data: dict[str, Any], promotion: Promotion | None = None
) -> Promotion:
    if promotion is None:
        promotion = Promotion(partner=partner)
    elif promotion.partner_id != partner.pk:
        raise RuleBroken(_("This promotion belongs to another partner."))
    for field in ("offering", "title", "description", "discount_percent", "starts_on", "ends_on"):
        if field in data:
            setattr(promotion, field, data[field])
    _check_offering(partner, promotion.offering)
    if promotion.starts_on and promotion.ends_on and promotion.ends_on < promotion.starts_on:
        raise RuleBroken(_("The end date must be on or after the start date."), field="ends_on")
    full_clean(promotion, exclude=["partner"])
    promotion.save()
    return promotion


@transaction.atomic
def promotion_delete(*, partner: ServicePartner, promotion: Promotion) -> None:
    if promotion.partner_id != partner.pk:
        raise RuleBroken(_("This promotion belongs to another partner."))
    promotion.delete()
