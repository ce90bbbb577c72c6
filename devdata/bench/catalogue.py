"""Benchmark data: categories, cities, languages, partners and their offerings.

The partner rows are planned first (their denormalised columns need the offerings, and
later the reviews) and written last, once, final.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.text import slugify

from devdata.bench.bulk import insert, reserve_ids
from devdata.bench.data import CATEGORIES, CITIES, FIRST, LANGUAGES, SECOND, SLUG_PREFIX, TAGLINES
from partners.models import City, Language, ServiceCategory, ServiceOffering, ServicePartner

PARTNER_COLUMNS = [
    "id",
    "slug",
    "name",
    "tagline",
    "description",
    "email",
    "founded_year",
    "accepting_clients",
    "is_listed",
    "badge_active",
    "rating_avg",
    "review_count",
    "price_from",
    "search_document",
    "created_at",
    "updated_at",
]
RATING, REVIEW_COUNT = PARTNER_COLUMNS.index("rating_avg"), PARTNER_COLUMNS.index("review_count")
OFFERING_COLUMNS = [
    "id",
    "partner_id",
    "category_id",
    "title",
    "description",
    "price_from",
    "price_unit",
    "turnaround_days",
    "is_active",
    "created_at",
]


@dataclass
class PartnerPlan:
    """The partners of one run, planned but not yet written."""

    pids: list[int] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    offerings: list[tuple] = field(default_factory=list)
    # partner id -> [(offering id, price)]
    partner_offerings: dict[int, list[tuple[int, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    guaranteed: set[int] = field(default_factory=set)
    categories: list[tuple[int, int]] = field(default_factory=list)
    cities: list[tuple[int, int]] = field(default_factory=list)
    languages: list[tuple[int, int]] = field(default_factory=list)


def reference_data():
    """The categories, cities and languages (get or create), as the generator needs them."""
    for i, (slug, name, _titles) in enumerate(CATEGORIES):
        ServiceCategory.objects.get_or_create(slug=slug, defaults={"name": name, "position": i})
    for name in CITIES:
        City.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})
    categories = {c.slug: c for c in ServiceCategory.objects.filter(slug__in=[c[0] for c in CATEGORIES])}
    cities = list(City.objects.filter(slug__in=[slugify(c) for c in CITIES]).values_list("id", flat=True))
    languages = list(
        Language.objects.filter(code__in=[c for c, _n in LANGUAGES]).values_list("id", flat=True)
    )
    return categories, cities, languages


def plan_partners(*, rng: random.Random, now: datetime, first: int, count: int) -> PartnerPlan:
    categories, city_ids, language_ids = reference_data()
    category_list = [(categories[slug], titles) for slug, _name, titles in CATEGORIES]
    plan = PartnerPlan()
    partner0 = reserve_ids(ServicePartner, count)
    offering0 = reserve_ids(ServiceOffering, count * 5)
    for i in range(count):
        pid = partner0 + i
        plan.pids.append(pid)
        number = first + i
        cats = rng.sample(category_list, rng.choice((1, 1, 2, 2, 3)))
        titles = []
        for _k in range(rng.choice((3, 4, 4, 5))):
            category, options = rng.choice(cats)
            oid = offering0 + len(plan.offerings)
            title = rng.choice(options).capitalize()
            price = Decimal(rng.choice((1500, 2500, 4000, 5000, 7500, 10000, 15000, 25000, 50000)))
            plan.offerings.append(
                (
                    oid,
                    pid,
                    category.id,
                    title,
                    f"{title} for marketplace sellers.",
                    price,
                    rng.choice(("", "per month", "per 100 listings")),
                    rng.choice((2, 3, 5, 7, 10, 14)),
                    True,
                    now,
                )
            )
            plan.partner_offerings[pid].append((oid, price))
            titles.append(title)
        for category, _options in cats:
            plan.categories.append((pid, category.id))
        for city in rng.sample(city_ids, rng.choice((1, 1, 2, 3))):
            plan.cities.append((pid, city))
        for language in rng.sample(language_ids, rng.choice((1, 2, 2, 3))):
            plan.languages.append((pid, language))
        if rng.random() < 0.35:
            plan.guaranteed.add(pid)
        name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {number}"
        tagline = rng.choice(TAGLINES)
        description = (
            f"{name} helps marketplace sellers with {', '.join(t.lower() for t in titles)}. "
            f"Serving sellers since {2005 + number % 19}."
        )
        document = "\n".join([name, tagline, description, *titles, *(c.name for c, _o in cats)])
        plan.rows.append(
            [
                pid,
                f"{SLUG_PREFIX}{number}",
                name,
                tagline,
                description,
                f"hello@bench-{number}.example",
                2005 + number % 19,
                rng.random() > 0.1,
                True,
                pid in plan.guaranteed,
                None,
                0,
                min(p for _o, p in plan.partner_offerings[pid]),
                document,
                now - timedelta(days=rng.randint(0, 1500)),
                now,
            ]
        )
    return plan


def insert_partners(plan: PartnerPlan, *, ratings: dict[int, list[int]]) -> None:
    """Write the planned partners with their final rating columns, their offerings and m2m rows."""
    for row in plan.rows:
        values = ratings.get(row[0])
        if values:
            row[RATING] = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"))
            row[REVIEW_COUNT] = len(values)
    insert(ServicePartner, PARTNER_COLUMNS, plan.rows)
    insert(ServiceOffering, OFFERING_COLUMNS, plan.offerings)
    for name, rows in (
        ("categories", plan.categories),
        ("cities", plan.cities),
        ("languages", plan.languages),
    ):
        through = getattr(ServicePartner, name).through  # the many-to-many table
        target = [
            f for f in through._meta.concrete_fields if f.is_relation and f.attname != "servicepartner_id"
        ]
        start = reserve_ids(through, len(rows))
        insert(
            through,
            ["id", "servicepartner_id", target[0].attname],
            [(start + k, a, b) for k, (a, b) in enumerate(rows)],
        )
