"""Indian rupees: formatting with Indian digit grouping, and parsing what people type.

`format_inr(12345678)` → "₹1,23,45,678.00"; `parse_inr("₹ 1,23,456.50")` → Decimal("123456.50").
Services, forms and the `inr`/`inr0` template filters all use this module.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final, TypedDict

RUPEE = "₹"


class MoneyFieldOptions(TypedDict):
    max_digits: int
    decimal_places: int


# Every stored amount: `models.DecimalField(**MONEY)`, INR to the paisa (typed, so that
# mypy accepts the unpacking).
MONEY: Final[MoneyFieldOptions] = {"max_digits": 12, "decimal_places": 2}

# Digits grouped the Indian way (1,23,45,678), the international way (12,345,678) or not at all,
# then an optional fraction of up to two digits.
_INDIAN = r"\d{1,2}(?:,\d{2})*,\d{3}"
_INTERNATIONAL = r"\d{1,3}(?:,\d{3})+"
_AMOUNT = re.compile(rf"(?:{_INDIAN}|{_INTERNATIONAL}|\d+)(?:\.\d{{1,2}})?")


def indian_grouping(digits: str) -> str:
    """12345678 → 1,23,45,678 (the last three digits, then groups of two)."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join([*groups, tail])


def format_inr(value: object, *, symbol: bool = True, decimals: int = 2) -> str:
    """An amount as "₹1,23,456.00" (or without the sign / fraction); "" for None or ""."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    quant = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):.{decimals}f}".partition(".")
    text = indian_grouping(whole) + (f".{fraction}" if decimals else "")
    return f"{sign}{RUPEE if symbol else ''}{text}"


def parse_inr(text: str) -> Decimal:
    """What a person typed as a rupee amount → Decimal.

    Accepts an optional leading rupee sign (with or without a space), Indian grouping
    ("1,23,456.50"), international grouping ("19,998") or none ("9998.00"), and up to two
    decimals. Anything else (letters, misplaced commas, a sign, three decimals, empty text)
    raises ValueError.
    """
    if not isinstance(text, str):
        raise ValueError(f"not a rupee amount: {text!r}")
    candidate = text.strip()
    if candidate.startswith(RUPEE):
        candidate = candidate[len(RUPEE) :].lstrip()
    if not _AMOUNT.fullmatch(candidate):
        raise ValueError(f"not a rupee amount: {text!r}")
    return Decimal(candidate.replace(",", ""))
