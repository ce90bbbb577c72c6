"""partnernet.money: Indian rupee formatting and parsing."""

from decimal import Decimal

import pytest

from partnernet.money import format_inr, indian_grouping, parse_inr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,000", Decimal("3000")),
        ("19,998", Decimal("19998")),
        ("1,23,456.50", Decimal("123456.50")),
        ("₹ 9,998", Decimal("9998")),
        ("₹9998.00", Decimal("9998.00")),
        ("12,345,678", Decimal("12345678")),
        ("1,23,45,678", Decimal("12345678")),
        ("0", Decimal("0")),
        ("  750.5 ", Decimal("750.5")),
    ],
)
def test_parse_inr_accepts_indian_and_international_grouping(text, expected):
    assert parse_inr(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "₹",
        "abc",
        "1,2345",
        "12,34",
        ",123",
        "1,000,",
        "1.234",
        "-500",
        "+500",
        "₹ -5",
        "Rs 500",
        "1 000",
        "1,,000",
        "9998.",
        "1e3",
        "₹₹5",
    ],
)
def test_parse_inr_refuses_anything_else(text):
    with pytest.raises(ValueError):
        parse_inr(text)


def test_parse_inr_refuses_non_text():
    with pytest.raises(ValueError):
        parse_inr(5000)  # type: ignore[arg-type]


def test_format_inr_groups_the_indian_way_and_round_trips():
    assert indian_grouping("12345678") == "1,23,45,678"
    assert format_inr(Decimal("123456.5")) == "₹1,23,456.50"
    assert format_inr(-1500, decimals=0) == "-₹1,500"
    assert format_inr(None) == ""
    assert format_inr(9998, symbol=False) == "9,998.00"
    assert parse_inr(format_inr(Decimal("1234567.89"))) == Decimal("1234567.89")


def test_template_filters_use_the_money_module():
    from partnernet.templatetags import portal

    assert portal.inr(Decimal("3000")) == "₹3,000.00"
    assert portal.inr0(Decimal("123456.4")) == "₹1,23,456"
    assert portal.format_inr is format_inr


def test_money_field_options_match_the_stored_amounts():
    from partnernet.money import MONEY
    from partners.models import ServiceOrder

    field = ServiceOrder._meta.get_field("agreed_price")
    assert (field.max_digits, field.decimal_places) == (MONEY["max_digits"], MONEY["decimal_places"])
