"""The partner console: a member edits only their own partner."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from partners.models import Promotion, ServiceOffering
from tests import factories as f

from .conftest import make_review

CONSOLE_PAGES = ["/console/", "/console/offerings/", "/console/promotions/", "/console/reviews/"]


def png_bytes(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return buffer.getvalue()


def profile_post(partner, **extra):
    data = {
        "name": partner.name,
        "tagline": "New tagline",
        "description": "Updated description",
        "website": "https://example.com",
        "email": "hello@example.com",
        "phone": "+91 98765 43210",
        "founded_year": "2015",
        "accepting_clients": "on",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_anonymous_is_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_a_signed_in_non_member_gets_404(client_for, seller, path):
    assert client_for(seller).get(path).status_code == 404


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_each_console_page_shows_the_console_navigation(client_for, partner_member, path):
    response = client_for(partner_member).get(path)
    assert response.status_code == 200
    assert 'aria-label="Partner console"' in response.content.decode()


def test_member_updates_own_profile_and_search_document(client_for, partner_member):
    partner = partner_member.partner
    cat = f.CategoryFactory(name="Bookkeeping")
    city = f.CityFactory(name="Chennai")
    response = client_for(partner_member).post(
        "/console/", profile_post(partner, categories=[cat.pk], cities=[city.pk])
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.tagline == "New tagline"
    assert list(partner.cities.all()) == [city]
    assert "Bookkeeping" in partner.search_document
    assert partner.badge_active is True  # the console never touches the badge


def test_member_of_x_cannot_touch_partner_y(client_for, partner_member, partner_member_y):
    y = partner_member_y.partner
    offering_y = f.OfferingFactory(partner=y)
    promotion_y = Promotion.objects.create(
        partner=y, title="Y promo", starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    review_y = make_review(y, 4)
    c = client_for(partner_member)
    assert c.get(f"/console/offerings/{offering_y.pk}/").status_code == 404
    assert c.post(f"/console/offerings/{offering_y.pk}/", {"title": "Hijack"}).status_code == 404
    assert c.post(f"/console/offerings/{offering_y.pk}/withdraw/").status_code == 404
    assert c.get(f"/console/promotions/{promotion_y.pk}/").status_code == 404
    assert c.post(f"/console/promotions/{promotion_y.pk}/delete/").status_code == 404
    assert c.post(f"/console/reviews/{review_y.pk}/reply/", {"reply": "Not mine"}).status_code == 404
    offering_y.refresh_from_db()
    review_y.refresh_from_db()
    assert offering_y.title != "Hijack" and offering_y.is_active
    assert Promotion.objects.filter(pk=promotion_y.pk).exists()
    assert review_y.reply == ""
    assert "Y promo" not in c.get("/console/promotions/").content.decode()


def test_logo_must_be_an_image_of_at_most_2_mb(client_for, partner_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partner = partner_member.partner
    c = client_for(partner_member)
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = c.post("/console/", profile_post(partner, logo=fake))
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    big = png_bytes((1800, 1800)) + b"\0" * (2 * 1024 * 1024)
    response = c.post(
        "/console/", profile_post(partner, logo=SimpleUploadedFile("big.png", big, "image/png"))
    )
    assert response.status_code == 200
    assert "2 MB" in str(response.context["form"].errors["logo"])
    partner.refresh_from_db()
    assert not partner.logo
    response = c.post(
        "/console/", profile_post(partner, logo=SimpleUploadedFile("ok.png", png_bytes(), "image/png"))
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.logo.name.startswith("logos/")


def test_offering_create_and_withdraw_update_the_starting_price(client_for, partner_member):
    partner = partner_member.partner
    cat = f.CategoryFactory()
    c = client_for(partner_member)
    response = c.post(
        "/console/offerings/new/",
        {
            "title": "Catalogue audit",
            "category": cat.pk,
            "price_from": "2500",
            "turnaround_days": "3",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.price_from == Decimal("2500.00")
    assert "Catalogue audit" in partner.search_document
    offering = ServiceOffering.objects.get(title="Catalogue audit")
    c.post(f"/console/offerings/{offering.pk}/withdraw/")
    partner.refresh_from_db()
    assert partner.price_from is None
    assert "Catalogue audit" not in partner.search_document


def test_offering_form_errors_name_the_field(client_for, partner_member):
    response = client_for(partner_member).post(
        "/console/offerings/new/", {"title": "", "price_from": "-1", "turnaround_days": "0"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "category", "price_from", "turnaround_days"} <= set(errors)
    assert not ServiceOffering.objects.filter(partner=partner_member.partner).exists()


def test_promotion_end_before_start_is_refused(client_for, partner_member):
    today = timezone.localdate()
    response = client_for(partner_member).post(
        "/console/promotions/new/",
        {
            "title": "Bad dates",
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert not Promotion.objects.exists()


def test_promotion_created_in_console_shows_on_profile_until_it_ends(client_for, client, partner_member):
    today = timezone.localdate()
    response = client_for(partner_member).post(
        "/console/promotions/new/",
        {
            "title": "Launch offer",
            "discount_percent": "20",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    partner = partner_member.partner
    assert "Launch offer" in client.get(f"/partners/{partner.slug}/").content.decode()


def test_a_review_gets_one_reply(client_for, partner_member):
    review = make_review(partner_member.partner, 2)
    c = client_for(partner_member)
    c.post(f"/console/reviews/{review.pk}/reply/", {"reply": "Sorry, we fixed it."})
    c.post(f"/console/reviews/{review.pk}/reply/", {"reply": "Second reply"})
    review.refresh_from_db()
    assert review.reply == "Sorry, we fixed it."
    assert review.replied_by == partner_member


def test_support_hides_a_review_in_the_admin_and_the_rating_follows(client_for, db):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root@example.com", "x-pass-123456")
    partner = f.PartnerFactory()
    low = make_review(partner, 1)
    make_review(partner, 5)
    partner.refresh_from_db()
    assert partner.review_count == 2
    response = client_for(admin_user).post(
        "/admin/partners/review/", {"action": "hide_reviews", "_selected_action": [low.pk]}
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.review_count, str(partner.rating_avg)) == (1, "5.00")
