"""/feedback/<token>/: every token case; GET changes nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing

from claims.feedback import TOKEN_SALT, feedback_token_make
from claims.models import Claim, FeedbackRequest
from partners.models import Review, ServiceOrder
from partners.services.orders import order_complete
from tests.orders.factories import accepted_order

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")
COMPLETED = datetime(2026, 11, 1, 15, 0, tzinfo=IST)
LAST_MICROSECOND = datetime(2026, 12, 1, 23, 59, 59, 999999, tzinfo=IST)


@pytest.fixture
def feedback(seller, guaranteed):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    with time_machine.travel(COMPLETED, tick=False):
        order_complete(order=order, user=member)
    return FeedbackRequest.objects.select_related("order").get(order=order)


def _snapshot():
    return (
        list(ServiceOrder.objects.values_list("pk", "status", "claim_window_open")),
        list(FeedbackRequest.objects.values_list("pk", "nonce", "sent_at", "reminder_sent_at")),
        Review.objects.count(),
        Claim.objects.count(),
    )


def test_token_moves_to_session_and_url_loses_it(feedback, seller, client_for):
    token = feedback_token_make(feedback)
    c = client_for(seller)
    with time_machine.travel(COMPLETED + timedelta(days=1)):
        res = c.get(f"/feedback/{token}/?go=claim")
        assert res.status_code == 302 and res["Location"] == "/feedback/"
        assert token not in res["Location"]
        page = c.get("/feedback/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/claims/new/?order={feedback.order.reference}" in html
    assert f"/orders/{feedback.order.reference}/review/" in html
    assert token not in html


def test_anonymous_visitor_signs_in_and_comes_back(feedback, seller, client):
    token = feedback_token_make(feedback)
    with time_machine.travel(COMPLETED + timedelta(days=1)):
        client.get(f"/feedback/{token}/")
        res = client.get("/feedback/")
        assert res.status_code == 302
        assert res["Location"] == "/accounts/login/?next=%2Ffeedback%2F"
        client.force_login(seller)  # the session (and its token) survives sign-in
        assert client.get("/feedback/").status_code == 200


def test_another_account_gets_a_403_that_says_so(feedback, seller_b, client_for):
    token = feedback_token_make(feedback)
    c = client_for(seller_b)
    with time_machine.travel(COMPLETED + timedelta(days=1)):
        c.get(f"/feedback/{token}/")
        res = c.get("/feedback/")
    assert res.status_code == 403
    html = res.content.decode()
    assert seller_b.email in html and "not for that account" in html
    assert feedback.seller.email not in html  # masked
    assert feedback.order.reference not in html


def test_window_over_is_410_with_the_closing_date(feedback, seller, client_for):
    token = feedback_token_make(feedback)
    c = client_for(seller)
    with time_machine.travel(LAST_MICROSECOND + timedelta(microseconds=1), tick=False):
        c.get(f"/feedback/{token}/")
        res = c.get("/feedback/")
    assert res.status_code == 410
    assert "1 December 2026" in res.content.decode()


def test_last_microsecond_of_day_30_is_still_open(feedback, seller, client_for):
    token = feedback_token_make(feedback)
    c = client_for(seller)
    with time_machine.travel(LAST_MICROSECOND, tick=False):
        c.get(f"/feedback/{token}/")
        assert c.get("/feedback/").status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature tampered
        lambda t: t[: len(t) // 2],  # truncated
        lambda t: "not-a-token",
        lambda t: signing.dumps({"o": "SO-2026-999999", "s": 1, "n": "x"}, salt=TOKEN_SALT),  # unknown order
        lambda t: signing.dumps(signing.loads(t, salt=TOKEN_SALT), salt="another-purpose"),  # other salt
    ],
    ids=["tampered", "truncated", "garbage", "unknown", "other-salt"],
)
def test_bad_tokens_are_a_400(feedback, seller, client_for, mangle):
    token = mangle(feedback_token_make(feedback))
    c = client_for(seller)
    c.get(f"/feedback/{token}/")
    res = c.get("/feedback/")
    assert res.status_code == 400
    assert b"This link does not work" in res.content


def test_rotated_nonce_revokes_the_old_link(feedback, seller, client_for):
    token = feedback_token_make(feedback)
    FeedbackRequest.objects.filter(pk=feedback.pk).update(nonce="rotated")
    c = client_for(seller)
    c.get(f"/feedback/{token}/")
    assert c.get("/feedback/").status_code == 400


def test_token_for_another_seller_in_the_payload_is_400(feedback, seller_b, client_for):
    data = signing.loads(feedback_token_make(feedback), salt=TOKEN_SALT)
    forged = signing.dumps({**data, "s": seller_b.pk}, salt=TOKEN_SALT + "x")
    c = client_for(seller_b)
    c.get(f"/feedback/{forged}/")
    assert c.get("/feedback/").status_code == 400


def test_landing_without_a_token_in_the_session_is_400(seller, client_for):
    assert client_for(seller).get("/feedback/").status_code == 400


def test_get_on_the_landing_changes_nothing(feedback, seller, seller_b, client_for, client):
    token = feedback_token_make(feedback)
    before = _snapshot()
    with time_machine.travel(COMPLETED + timedelta(days=2)):
        for c in (client_for(seller), client_for(seller_b), client):
            c.get(f"/feedback/{token}/?go=claim")
            c.get("/feedback/")
    assert _snapshot() == before


def test_post_to_the_token_url_is_refused(feedback, seller, client_for):
    res = client_for(seller).post(f"/feedback/{feedback_token_make(feedback)}/")
    assert res.status_code == 405


def test_real_sign_in_returns_to_the_landing(feedback, seller, client):
    from tests.factories import PASSWORD

    token = feedback_token_make(feedback)
    with time_machine.travel(COMPLETED + timedelta(days=1)):
        client.get(f"/feedback/{token}/")
        login = client.get("/feedback/")["Location"]
        res = client.post(login, {"login": seller.email, "password": PASSWORD})
        assert res.status_code == 302 and res["Location"] == "/feedback/"
        assert client.get("/feedback/").status_code == 200
