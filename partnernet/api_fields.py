"""The API's one money field: rupees as people (and their spreadsheets) write them.

`MoneyField` is a DRF `DecimalField`, so the OpenAPI schema stays a decimal string and
the output stays "3000.00"; what it reads is what `partnernet.money.parse_inr` reads —
"3,000", "1,23,456.50", "123,456.50", "₹ 9,998" — as well as JSON numbers. Its refusals
are sentences with the limits in ₹ and Indian grouping, like the page's `MoneyField`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnernet.money import MONEY, format_inr, parse_inr


@extend_schema_field(
    {
        "type": "string",
        "format": "decimal",
        "description": 'Rupees (INR) to the paisa, e.g. "123456.50"; input may also be written '
        '"1,23,456.50", "123,456.50" or "₹ 9,998".',
    }
)
class MoneyField(serializers.DecimalField):
    """An amount in INR to the paisa; `min_value`/`max_value` are checked with ₹ messages."""

    default_error_messages = {
        "invalid": _("Enter the amount in rupees, for example 25,000 or ₹1,23,456.50."),
        "min_value": _("The amount must be at least {limit}."),
        "max_value": _("The amount must be at most {limit}."),
        "max_decimal_places": _("Enter at most two decimal places (paise)."),
        "max_digits": _("The amount must be less than {limit}."),
        "max_whole_digits": _("The amount must be less than {limit}."),
        "max_string_length": _("Enter the amount in rupees, for example 25,000 or ₹1,23,456.50."),
    }

    def __init__(
        self, *, min_value: Decimal | str | int | None = None, max_value=None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("max_digits", MONEY["max_digits"])
        kwargs.setdefault("decimal_places", MONEY["decimal_places"])
        self.money_min = None if min_value is None else Decimal(str(min_value))
        self.money_max = None if max_value is None else Decimal(str(max_value))
        # The limits go to the schema (minimum/maximum) but are checked below, with ₹ messages.
        super().__init__(min_value=self.money_min, max_value=self.money_max, **kwargs)
        self.validators = [v for v in self.validators if not hasattr(v, "limit_value")]

    def _places(self) -> int:
        return MONEY["decimal_places"] if self.decimal_places is None else int(self.decimal_places)

    def _ceiling(self) -> Decimal:
        digits = MONEY["max_digits"] if self.max_digits is None else int(self.max_digits)
        return Decimal(10) ** (digits - self._places())

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int | float | Decimal):
            try:
                value = Decimal(str(data))
            except InvalidOperation:
                self.fail("invalid")
        else:
            text = str(data).strip()
            if len(text) > self.MAX_STRING_LENGTH:
                self.fail("max_string_length")
            # A minus sign is read, then refused by the lower limit (which names the amount).
            negative = text.startswith(("-", "−"))
            try:
                value = parse_inr(text[1:] if negative else text)
            except ValueError:
                self.fail("invalid")
            value = -value if negative else value
        if not value.is_finite():
            self.fail("invalid")
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self._places():
            self.fail("max_decimal_places")
        if abs(value) >= self._ceiling():
            self.fail("max_digits", limit=format_inr(self._ceiling()))
        if self.money_min is not None and value < self.money_min:
            self.fail("min_value", limit=format_inr(self.money_min))
        if self.money_max is not None and value > self.money_max:
            self.fail("max_value", limit=format_inr(self.money_max))
        return self.quantize(value)
