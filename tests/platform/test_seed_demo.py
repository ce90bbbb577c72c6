"""`seed_demo`: idempotent, every status, the documented sign-ins work."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from claims.models import Claim
from devdata.demo.data import PASSWORD, SIGN_INS
from partnernet.users.models import User
from partners.models import ServiceOrder, ServicePartner

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [
    "seller@example.com",
    "seller2@example.com",
    "seller.us@example.com",
    "partner@example.com",
    "partner2@example.com",
    "reviewer@example.com",
    "reviewer2@example.com",
    "lead@example.com",
]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ["users", "partnernet", "partners", "guarantees", "claims", "account", "auth"]
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def seeded():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_twice_gives_the_same_counts(seeded):
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first
    assert first["partners.ServicePartner"] >= 30


def test_if_empty_does_nothing_when_partners_exist(seeded):
    before = counts()
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert counts() == before
    assert "not loaded" in out.getvalue()


def test_prints_exactly_the_documented_sign_ins(seeded):
    assert [email for email, _, _ in SIGN_INS] == DEMO_EMAILS
    for email in DEMO_EMAILS:
        assert email in seeded
    assert PASSWORD in seeded


def test_every_demo_sign_in_works_through_the_sign_in_page(seeded):
    for email in DEMO_EMAILS:
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
        assert response.status_code == 302, email
        assert client.session.get("_auth_user_id"), email
        assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()


def test_roles_of_the_demo_users(seeded):
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_EMAILS)}
    assert users["seller@example.com"].seller_account.marketplace == "IN"
    assert users["seller2@example.com"].seller_account.marketplace == "IN"
    assert users["seller@example.com"].seller_account != users["seller2@example.com"].seller_account
    assert users["seller.us@example.com"].seller_account.marketplace == "US"
    assert users["partner@example.com"].partner.badge_active is True
    assert users["partner2@example.com"].partner.badge_active is False
    for email in ["reviewer@example.com", "reviewer2@example.com"]:
        assert users[email].is_reviewer and users[email].is_staff and not users[email].is_lead
    lead = users["lead@example.com"]
    assert lead.is_lead and lead.is_staff and lead.has_perm("claims.change_reasoncode")
    assert not lead.has_perm("claims.delete_claimevent")
    # Nobody else can sign in: the background sellers have no usable password.
    others = User.objects.exclude(email__in=DEMO_EMAILS)
    assert others.exists() and not any(u.has_usable_password() for u in others)


def test_data_covers_every_status_and_the_catalogue(seeded):
    assert set(ServiceOrder.objects.values_list("status", flat=True)) == set(ServiceOrder.Status.values)
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)
    assert ServicePartner.objects.filter(badge_active=True).count() >= 5
    assert ServicePartner.objects.filter(badge_active=False).count() >= 5
    assert apps.get_model("partners", "ServiceCategory").objects.count() >= 12
    for partner in ServicePartner.objects.filter(badge_active=True):
        assert partner.guarantee_terms.filter(is_current=True, status="published").exists()
        assert partner.badge_intervals.filter(ended_at__isnull=True).exists()
    for order in ServiceOrder.objects.filter(covered=True, status="completed"):
        assert order.guarantee_terms_id and order.claim_deadline and order.completed_at
    for claim in Claim.objects.exclude(status="draft"):
        assert claim.reference.startswith("CL-") and claim.submitted_at and claim.events.exists()
        assert claim.amount is None or claim.amount <= claim.agreed_price
    reviewed = ServicePartner.objects.filter(review_count__gt=0)
    assert reviewed.exists() and all(p.rating_avg and p.price_from and p.search_document for p in reviewed)


def test_demo_partners_have_logos_and_orders_match_their_offerings(seeded):
    from PIL import Image

    partners = list(ServicePartner.objects.all())
    assert partners and all(p.logo for p in partners)
    with partners[0].logo.open("rb") as handle:
        assert Image.open(handle).format == "PNG"
    saree = ServiceOrder.objects.get(scope__startswith="Create 50 saree listings")
    assert saree.offering.category.slug == "cataloguing"
    photos = ServiceOrder.objects.filter(scope__startswith="White-background photos").first()
    assert photos is None or photos.offering.category.slug == "imaging"
    gst = ServiceOrder.objects.filter(scope__startswith="GSTR-1").first()
    assert gst is None or gst.offering.category.slug in ("compliance-gst", "tax-accounting")
    client = Client()
    html = client.get("/partners/").content.decode()
    assert 'class="card-logo' in html
    profile = client.get(partners[0].get_absolute_url()).content.decode()
    assert 'class="profile-logo' in profile
    assert client.get(f"/partners/{partners[0].slug}/logo/").status_code == 200
