"""Demo data: users, seller accounts and the directory's catalogue (the programme is in programme.py)."""

import io
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from claims.models import (
    DecisionTemplate,
    ReasonCode,
)
from devdata.demo import data
from guarantees.models import ProgrammeRequirement
from partnernet.models import Holiday
from partnernet.users.models import LEADS_GROUP, REVIEWERS_GROUP, SellerAccount, SellerMembership, User
from partners.models import (
    City,
    Language,
    PartnerMembership,
    Promotion,
    ServiceCategory,
    ServiceOffering,
    ServicePartner,
)
from partners.search_data import CATEGORY_HI, CITY_HI, LANGUAGE_HI

LOGO_COLOURS = ("#12355b", "#0a7d4f", "#a4402b", "#6b3fa0", "#b7791f", "#1f6f8b", "#8a1c4a", "#3d5a1e")


def logo_png(name: str, index: int, size: int = 128) -> bytes:
    """A small square PNG logo: the partner's initials on a colour of its own."""
    from PIL import Image, ImageDraw, ImageFont

    initials = "".join(word[0] for word in name.split()[:2] if word[:1].isalnum()).upper() or "P"
    image = Image.new("RGB", (size, size), LOGO_COLOURS[index % len(LOGO_COLOURS)])
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size // 2.6)
    box = draw.textbbox((0, 0), initials, font=font)
    x = (size - (box[2] - box[0])) / 2 - box[0]
    y = (size - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), initials, fill="#ffffff", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# Apps whose models leads manage in the admin.
LEAD_APPS = ["partners", "guarantees", "claims", "partnernet", "users", "django_celery_beat", "authtoken"]
REVIEWER_VIEW_APPS = ["partners", "guarantees", "claims"]


class CatalogueMixin:
    # --- reference data ----------------------------------------------------------
    def holidays(self):
        existing = set(Holiday.objects.values_list("date", flat=True))
        Holiday.objects.bulk_create(
            [Holiday(date=day, name=name) for day, name in data.HOLIDAYS if day not in existing]
        )

    def groups(self):
        reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
        leads, _ = Group.objects.get_or_create(name=LEADS_GROUP)
        leads.permissions.set(
            Permission.objects.filter(content_type__app_label__in=LEAD_APPS).exclude(
                # Claim events are append-only, even for leads.
                codename__in=["change_claimevent", "delete_claimevent"]
            )
        )
        reviewers.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=REVIEWER_VIEW_APPS, codename__startswith="view_"
            )
        )
        self.reviewers_group, self.leads_group = reviewers, leads

    def _user(self, email, full_name, *, password=True, **extra):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=full_name, **extra)
            if password:
                user.set_password(data.PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        else:
            changed = [k for k, v in extra.items() if getattr(user, k) != v]
            for key in changed:
                setattr(user, key, extra[key])
            if changed:
                user.save(update_fields=changed)
        return user

    def users(self):
        self.u = {}
        for email, full_name, _role in data.SIGN_INS:
            staff = email.startswith(("reviewer", "lead"))
            user = self._user(email, full_name, is_staff=staff)
            self.u[email] = user
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        self.u["reviewer@example.com"].groups.add(self.reviewers_group)
        self.u["reviewer2@example.com"].groups.add(self.reviewers_group)
        self.u["lead@example.com"].groups.add(self.leads_group)
        self.reviewer = self.u["reviewer@example.com"]
        self.reviewer2 = self.u["reviewer2@example.com"]
        self.lead = self.u["lead@example.com"]

    def _seller_account(self, owner, name, marketplace, gstin=""):
        account, _ = SellerAccount.objects.get_or_create(
            name=name, owner=owner, defaults={"marketplace": marketplace, "gstin": gstin}
        )
        SellerMembership.objects.get_or_create(account=account, user=owner, defaults={"role": "owner"})
        return account

    def seller_accounts(self):
        self.accounts = {}
        for email, name, marketplace, gstin in data.DEMO_SELLER_ACCOUNTS:
            self.accounts[email] = self._seller_account(self.u[email], name, marketplace, gstin)
        self.background = []
        for name, person in data.BACKGROUND_SELLERS:
            slug = name.lower().replace(" ", "-").replace(".", "").replace("&", "and")
            owner = self._user(f"owner@{slug}.example", person, password=False)
            self.background.append(self._seller_account(owner, name, "IN"))

    def taxonomy(self):
        self.categories = {}
        for position, (slug, name, description) in enumerate(data.CATEGORIES):
            category, _ = ServiceCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )
            self.categories[slug] = category
        self.cities = {}
        for slug, name, state in data.CITIES:
            self.cities[slug], _ = City.objects.get_or_create(
                slug=slug, defaults={"name": name, "state": state}
            )
        self.languages = {}
        for code, name in data.LANGUAGES:
            self.languages[code], _ = Language.objects.get_or_create(code=code, defaults={"name": name})
        # Hindi names, for the Hindi interface and Hindi searches (a name set by hand stays).
        for objects, names in (
            (self.categories, CATEGORY_HI),
            (self.cities, CITY_HI),
            (self.languages, LANGUAGE_HI),
        ):
            for key, obj in objects.items():
                if not obj.name_hi and key in names:
                    obj.name_hi = names[key]
                    obj.save(update_fields=["name_hi"])

    def requirements(self):
        self.requirements_by_key = {}
        for (
            key,
            label,
            help_text,
            vtype,
            unit,
            choices,
            floor,
            direction,
            position,
        ) in data.PROGRAMME_REQUIREMENTS:
            req, _ = ProgrammeRequirement.objects.get_or_create(
                key=key,
                defaults={
                    "label": label,
                    "help_text": help_text,
                    "value_type": vtype,
                    "unit": unit,
                    "choices": choices,
                    "floor": Decimal(floor) if floor is not None else None,
                    "floor_direction": direction,
                    "position": position,
                },
            )
            self.requirements_by_key[key] = req

    def reason_codes(self):
        self.reasons = {}
        for code, label, outcomes in data.REASON_CODES:
            self.reasons[code], _ = ReasonCode.objects.get_or_create(
                code=code, defaults={"label": label, "outcomes": outcomes}
            )
        for name, outcome, code, text in data.DECISION_TEMPLATES:
            DecisionTemplate.objects.get_or_create(
                name=name, defaults={"outcome": outcome, "reason_code": self.reasons[code], "text": text}
            )

    # --- partners ------------------------------------------------------------------
    def partners(self):
        self.partner_by_slug = {}
        self.partner_state = {}
        self.offerings = {}
        for index, spec in enumerate(data.PARTNERS):
            slug, name, tagline, cats, cities, langs, founded, state = spec
            rng = self.rng
            phone = f"+91 {rng.randint(70, 99)}{rng.randint(100, 999)} {rng.randint(10000, 99999)}"
            partner, _ = ServicePartner.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "tagline": tagline,
                    "description": self._description(name, tagline, cats, cities, langs, founded),
                    "website": f"https://www.{slug}.example",
                    "email": f"hello@{slug}.example",
                    "phone": phone,
                    "founded_year": founded,
                    "accepting_clients": index % 9 != 8,
                    "created_at": self.days_ago(500 - index * 7),
                },
            )
            if not partner.logo:
                partner.logo.save(f"{slug}.png", ContentFile(logo_png(name, index)), save=True)
            partner.categories.set([self.categories[c] for c in cats])
            partner.cities.set([self.cities[c] for c in cities])
            partner.languages.set([self.languages[code] for code in langs])
            self.partner_by_slug[slug] = partner
            self.partner_state[slug] = state
            self.offerings[slug] = self._offerings(partner, cats)
            self._promotions(partner, index)

    def _description(self, name, tagline, cats, cities, langs, founded):
        city_names = ", ".join(self.cities[c].name for c in cities)
        lang_names = ", ".join(self.languages[code].name for code in langs)
        services = ", ".join(self.categories[c].name.lower() for c in cats)
        return (
            f"{name} has worked with marketplace sellers since {founded}. {tagline}.\n\n"
            f"We offer {services} from our offices in {city_names}, and we work with sellers in "
            f"{lang_names}. Every engagement starts with a written scope and a named account lead, "
            "and we share progress every week until the work is handed over."
        )

    def _offerings(self, partner, cats):
        offerings = []
        for cat in cats:
            for title, price, unit, days in data.OFFERING_TEMPLATES[cat]:
                offering, _ = ServiceOffering.objects.get_or_create(
                    partner=partner,
                    title=title,
                    defaults={
                        "category": self.categories[cat],
                        "description": f"{title} by {partner.name}. {self.categories[cat].description}",
                        "price_from": Decimal(price),
                        "price_unit": unit,
                        "turnaround_days": days,
                    },
                )
                offerings.append(offering)
        return offerings

    def _promotions(self, partner, index):
        today = timezone.localdate()
        offering = self.offerings[partner.slug][0]
        specs = []
        if index % 2 == 0:
            specs.append(
                (
                    f"{10 + index % 4 * 5}% off for new marketplace sellers",
                    offering,
                    10 + index % 4 * 5,
                    today - timedelta(days=10),
                    today + timedelta(days=20 + index),
                )
            )
        if index % 3 == 0:
            specs.append(
                ("Festive season offer", offering, 20, today - timedelta(days=90), today - timedelta(days=30))
            )
        if index % 5 == 1:
            specs.append(("Free account audit with any plan", None, None, today, today + timedelta(days=45)))
        for title, offer, pct, starts, ends in specs:
            Promotion.objects.get_or_create(
                partner=partner,
                title=title,
                defaults={
                    "offering": offer,
                    "discount_percent": pct,
                    "description": f"{title} — {partner.name}.",
                    "starts_on": starts,
                    "ends_on": ends,
                },
            )

    def memberships(self):
        kaveri = self.partner_by_slug["kaveri-commerce-solutions"]
        deccan = self.partner_by_slug["deccan-listing-studio"]
        PartnerMembership.objects.get_or_create(
            partner=kaveri, user=self.u["partner@example.com"], defaults={"role": "owner"}
        )
        PartnerMembership.objects.get_or_create(
            partner=deccan, user=self.u["partner2@example.com"], defaults={"role": "owner"}
        )
        self.kaveri, self.deccan = kaveri, deccan
