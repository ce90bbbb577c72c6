"""The order API per role: seller, partner member, another seller, another partner, anonymous."""

import pytest
from django.core import mail

from partners.models import Review, ServiceOrder
from tests import factories as f
from tests.orders.factories import accepted_order, requested_order

pytestmark = pytest.mark.django_db


def test_seller_creates_an_order_with_the_documented_shape(seller, guaranteed, api_for):
    partner, _ = guaranteed
    offering = f.OfferingFactory(partner=partner)
    res = api_for(seller).post(
        "/api/v1/orders/",
        {"partner": partner.slug, "offering": offering.pk, "scope": "Catalogue 200 SKUs", "budget": "15000"},
        format="json",
    )
    assert res.status_code == 201, res.content
    body = res.json()
    for key in (
        "reference",
        "status",
        "partner",
        "offering",
        "scope",
        "agreed_price",
        "covered",
        "guarantee_terms_version",
        "completed_at",
        "claim_deadline",
    ):
        assert key in body
    assert body["status"] == "requested" and body["partner"] == partner.slug
    assert body["agreed_price"] is None and body["covered"] is False
    assert ServiceOrder.objects.filter(reference=body["reference"]).exists()


def test_bad_create_input_names_each_field_and_creates_nothing(seller, api_for):
    res = api_for(seller).post(
        "/api/v1/orders/", {"partner": "no-such-partner", "scope": "x", "budget": "-5"}, format="json"
    )
    assert res.status_code == 400
    assert "budget" in res.json()["errors"]
    res = api_for(seller).post("/api/v1/orders/", {"partner": "no-such", "scope": "xyz"}, format="json")
    assert res.status_code == 400 and "partner" in res.json()["errors"]
    assert not ServiceOrder.objects.exists()


def test_partner_member_cannot_create_an_order(partner_member, guaranteed, api_for):
    partner, _ = guaranteed
    res = api_for(partner_member).post(
        "/api/v1/orders/", {"partner": partner.slug, "scope": "abc"}, format="json"
    )
    assert res.status_code == 403
    assert not ServiceOrder.objects.exists()


def test_full_lifecycle_through_the_api(seller, guaranteed, api_for, django_capture_on_commit_callbacks):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    url = f"/api/v1/orders/{order.reference}/"
    res = api_for(member).post(
        url + "accept/", {"agreed_price": "9500.50", "scope": "As agreed"}, format="json"
    )
    assert res.status_code == 200, res.content
    assert res.json()["agreed_price"] == "9500.50"
    assert res.json()["covered"] is True
    assert res.json()["guarantee_terms_version"] == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        res = api_for(member).post(url + "complete/", format="json")
    assert res.status_code == 200
    body = res.json()
    assert body["status"] == "completed"
    assert body["claim_deadline"].endswith("T23:59:59.999999+05:30")
    assert body["completed_at"].endswith("+05:30")
    assert len(mail.outbox) == 1
    res = api_for(seller).post(
        url + "review/", {"rating": 5, "text": "Quick and careful work."}, format="json"
    )
    assert res.status_code == 201, res.content
    assert Review.objects.filter(order=order, rating=5).exists()
    again = api_for(seller).post(
        url + "review/", {"rating": 1, "text": "Changed my mind entirely."}, format="json"
    )
    assert again.status_code == 409
    assert Review.objects.filter(order=order).count() == 1


def test_seller_may_not_accept_or_complete_their_own_order(seller, guaranteed, api_for):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    res = api_for(seller).post(
        f"/api/v1/orders/{order.reference}/accept/", {"agreed_price": "1"}, format="json"
    )
    assert res.status_code == 403
    order.refresh_from_db()
    assert order.status == "requested"


def test_illegal_transition_is_a_409_with_a_message(seller, guaranteed, api_for):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    res = api_for(member).post(f"/api/v1/orders/{order.reference}/complete/", format="json")
    assert res.status_code == 409
    assert "requested" in res.json()["detail"]


def test_another_seller_or_partner_gets_404_for_every_endpoint(
    seller, seller_b, guaranteed, partner_member_y, api_for
):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    base = f"/api/v1/orders/{order.reference}/"
    for outsider in (seller_b, partner_member_y):
        client = api_for(outsider)
        assert client.get(base).status_code == 404
        for action, data in [
            ("accept/", {"agreed_price": "1"}),
            ("complete/", {}),
            ("cancel/", {"reason": "x"}),
            ("decline/", {"reason": "x"}),
            ("review/", {"rating": 5, "text": "0123456789"}),
        ]:
            assert client.post(base + action, data, format="json").status_code == 404
        assert order.reference not in str(client.get("/api/v1/orders/").content)
    order.refresh_from_db()
    assert order.status == "accepted"


def test_anonymous_is_refused_the_list_and_gets_404_for_an_order_like_a_stranger(guaranteed, seller, api_for):
    """DESIGN: anything a caller may not see is a 404, so a reference cannot be probed
    without signing in either (issue K item 7); the list itself still needs sign-in."""
    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    assert api_for().get("/api/v1/orders/").status_code in (401, 403)
    base = f"/api/v1/orders/{order.reference}/"
    for path in (base, "/api/v1/orders/SO-2026-999999/"):
        assert api_for().get(path).status_code == 404
    for action in ("accept/", "decline/", "complete/", "cancel/", "review/"):
        assert (
            api_for().post(base + action, {"reason": "x", "agreed_price": "1"}, format="json").status_code
            == 404
        )
    order.refresh_from_db()
    assert order.status == "requested" and order.events.count() == 1


def test_each_side_lists_only_its_orders(seller, seller_b, guaranteed, unguaranteed, api_for):
    partner, member = guaranteed
    mine = requested_order(seller_user=seller, partner=partner)
    theirs = requested_order(seller_user=seller_b, partner=unguaranteed[0])
    refs = [o["reference"] for o in api_for(seller).get("/api/v1/orders/").json()["results"]]
    assert refs == [mine.reference]
    refs = [o["reference"] for o in api_for(member).get("/api/v1/orders/").json()["results"]]
    assert refs == [mine.reference]
    assert theirs.reference not in refs


def test_another_member_of_the_same_seller_account_sees_the_order(seller, guaranteed, api_for):
    from tests.orders.factories import add_seller_member

    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    colleague = add_seller_member(seller.seller_account)
    assert api_for(colleague).get(f"/api/v1/orders/{order.reference}/").status_code == 200


def test_review_on_an_uncompleted_order_is_refused(seller, guaranteed, api_for):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    res = api_for(seller).post(
        f"/api/v1/orders/{order.reference}/review/",
        {"rating": 4, "text": "Nice so far, thanks."},
        format="json",
    )
    assert res.status_code == 400
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"agreed_price": "1e400"},
        {"agreed_price": "NaN"},
        {"agreed_price": []},
        {"agreed_price": "99999999999999"},
        {},
    ],
)
def test_garbage_accept_input_is_a_400_not_a_500(seller, guaranteed, api_for, payload):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    res = api_for(member).post(f"/api/v1/orders/{order.reference}/accept/", payload, format="json")
    assert res.status_code == 400
