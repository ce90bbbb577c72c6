"""Money as Indians write it (issue J §5): every money field, on its page and as a form."""

from decimal import Decimal

import pytest

from claims.forms import ClaimDetailsForm, RespondForm
from claims.forms_review import DecisionForm
from partners.forms import DirectoryFilterForm, OfferingForm
from partners.forms_orders import OrderAcceptForm, OrderRequestForm
from partners.models import ServiceOffering, ServiceOrder
from tests import factories as f
from tests.orders.factories import requested_order
from tests.partners.conftest import make_partner

pytestmark = pytest.mark.django_db

TYPED = [
    ("3,000", Decimal("3000")),
    ("19,998", Decimal("19998")),
    ("1,23,456.50", Decimal("123456.50")),
    ("123,456.50", Decimal("123456.50")),
    ("₹ 9,998", Decimal("9998")),
    ("₹9998.00", Decimal("9998.00")),
    (" 2500 ", Decimal("2500")),
]


def _money_fields():
    partner = f.guaranteed_partner()
    return [
        (OrderRequestForm(partner=partner), "budget"),
        (OrderAcceptForm(), "agreed_price"),
        (ClaimDetailsForm(agreed_price=Decimal("500000")), "amount"),
        (RespondForm(agreed_price=Decimal("500000")), "offer_amount"),
        (DecisionForm(), "amount"),
        (OfferingForm(), "price_from"),
        (DirectoryFilterForm(), "price_min"),
        (DirectoryFilterForm(), "price_max"),
    ]


@pytest.mark.parametrize(("typed", "value"), TYPED)
def test_every_money_field_reads_indian_and_international_grouping_and_the_rupee_sign(typed, value):
    for form, name in _money_fields():
        assert form.fields[name].clean(typed) == value, (type(form).__name__, name)


@pytest.mark.parametrize("typed", ["abc", "1,2,3", "12,34", "1.234", "₹", "3 000", "1e5"])
def test_not_an_amount_is_refused_with_a_sentence(typed):
    for form, name in _money_fields():
        field = form.fields[name]
        with pytest.raises(Exception) as exc:
            field.clean(typed)
        (message,) = exc.value.messages
        assert message == "Enter the amount in rupees, for example 25,000 or ₹1,23,456.50."
        assert "Enter a number" not in message


def test_limits_are_sentences_with_rupees_in_indian_format():
    claim_amount = ClaimDetailsForm().fields["amount"]
    with pytest.raises(Exception) as exc:
        claim_amount.clean("0")
    assert exc.value.messages == ["The amount must be at least ₹0.01."]
    with pytest.raises(Exception) as exc:
        OrderAcceptForm().fields["agreed_price"].clean("-5")
    assert exc.value.messages == ["The amount must be at least ₹0.00."]
    with pytest.raises(Exception) as exc:
        OrderAcceptForm().fields["agreed_price"].clean("10,00,00,00,000")
    assert exc.value.messages == ["The amount must be less than ₹10,00,00,00,000.00."]
    for messages in (exc.value.messages,):
        assert not any("Ensure this value" in m for m in messages)


def test_the_order_request_page_takes_a_budget_with_the_rupee_sign(seller, client_for):
    partner = f.guaranteed_partner()
    res = client_for(seller).post(
        f"/partners/{partner.slug}/request/",
        {"offering": "", "scope": "Photos of 30 items", "budget": "₹ 9,998"},
    )
    assert res.status_code == 302
    assert ServiceOrder.objects.get().budget == Decimal("9998.00")


def test_the_order_request_page_refuses_a_word_next_to_the_field(seller, client_for):
    partner = f.guaranteed_partner()
    res = client_for(seller).post(
        f"/partners/{partner.slug}/request/", {"offering": "", "scope": "Photos", "budget": "ten thousand"}
    )
    html = res.content.decode()
    assert res.status_code == 400
    assert 'id="id_budget-errors"' in html and "for example 25,000" in html
    assert 'href="#id_budget"' in html  # the summary links to the field
    assert not ServiceOrder.objects.exists()


def test_the_partner_accepts_with_an_agreed_price_in_indian_grouping(seller, client_for):
    partner = f.guaranteed_partner()
    member = f.PartnerMemberFactory(partner=partner).user
    order = requested_order(seller_user=seller, partner=partner)
    res = client_for(member).post(
        f"/orders/{order.reference}/accept/", {"agreed_price": "1,23,456.50", "scope": "ok"}
    )
    assert res.status_code == 302
    order.refresh_from_db()
    assert order.agreed_price == Decimal("123456.50")


def test_the_console_offering_form_takes_a_price_with_grouping(partner_member, client_for):
    cat = f.CategoryFactory()
    res = client_for(partner_member).post(
        "/console/offerings/new/",
        {
            "title": "Audit",
            "category": cat.pk,
            "price_from": "19,998",
            "turnaround_days": "3",
            "is_active": "on",
        },
    )
    assert res.status_code == 302
    assert ServiceOffering.objects.get(title="Audit").price_from == Decimal("19998.00")


def test_the_directory_price_filter_reads_grouping(client, db):
    cat = f.CategoryFactory()
    cheap = make_partner(name="Cheap Listings", categories=[cat], prices=["2000"])
    dear = make_partner(name="Dear Listings", categories=[cat], prices=["30000"])
    res = client.get("/partners/", {"price_min": "₹1,000", "price_max": "5,000"})
    names = [p.name for p in res.context["partners"]]
    assert cheap.name in names and dear.name not in names


def test_the_directory_refuses_min_above_max_with_a_message(client, db):
    make_partner(name="Cheap Listings", categories=[f.CategoryFactory()], prices=["2000"])
    res = client.get("/partners/", {"price_min": "10,000", "price_max": "5,000"})
    html = res.content.decode()
    assert res.status_code == 200
    message = "The highest price (₹5,000.00) must not be below the lowest (₹10,000.00)."
    assert message in html
    assert 'id="id_price_max-errors"' in html and 'aria-invalid="true"' in html
    # What was typed stays in the box, so it can be corrected.
    assert 'value="5,000"' in html and 'value="10,000"' in html
    form = DirectoryFilterForm({"price_min": "10,000", "price_max": "5,000"})
    assert not form.is_valid() and form.errors["price_max"] == [message]
    assert form.params().price_max is None


def test_the_directory_api_refuses_min_above_max_naming_the_field(api_for, db):
    res = api_for().get("/api/v1/partners/", {"price_min": "10,000", "price_max": "5,000"})
    assert res.status_code == 400
    assert "price_max" in res.json()["errors"]
    assert (
        api_for().get("/api/v1/partners/", {"price_min": "1,000", "price_max": "₹ 5,000"}).status_code == 200
    )
