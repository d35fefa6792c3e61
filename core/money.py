"""Money in đồng, read and written one way for the whole site.

Amounts are whole numbers of đồng (VND has no smaller unit). ``parse_vnd`` reads what
people type ("150000", "150.000", "150,000 ₫", "1 500 000 đồng") and refuses anything that is
not a whole amount ("1,5", "150.00", "12,34,567"); ``format_vnd`` writes "150.000 ₫".
Pure Python: no Django import.
"""

from __future__ import annotations

import re

__all__ = ["AmountError", "format_vnd", "group_thousands", "parse_vnd"]

# "150000" or thousands grouped consistently with dots, commas or (narrow/no-break) spaces.
_PLAIN = re.compile(r"\d+", re.ASCII)
_GROUPED = re.compile(r"\d{1,3}(?:([.,\u00a0\u202f ])\d{3})(?:\1\d{3})*", re.ASCII)
_CURRENCY = re.compile(r"\s*(?:đồng|dong|vnđ|vnd|đ|₫)\s*$", re.IGNORECASE)
MAX_TEXT_LENGTH = 40


class AmountError(ValueError):
    """The text is not a whole number of đồng."""


def group_thousands(amount: int) -> str:
    """``150000`` → ``"150.000"``: dots group thousands in Vietnamese."""
    return f"{amount:,}".replace(",", ".")


def format_vnd(amount: int) -> str:
    """``150000`` → ``"150.000 ₫"``: đồng has no decimals."""
    return f"{group_thousands(amount)} ₫"


def parse_vnd(text: str) -> int:
    """A whole number of đồng from what a person typed; AmountError when it is not one.

    Thousands may be grouped with dots, commas or spaces, but the same separator throughout
    and in groups of three: "1,5" and "150.00" are refused, never read as 15 or 15000.
    """
    if not isinstance(text, str):
        raise AmountError("not text")
    value = _CURRENCY.sub("", text.strip()).strip()
    if not value or len(value) > MAX_TEXT_LENGTH or not value.isascii() and not _spaces_only(value):
        raise AmountError(text)
    if _PLAIN.fullmatch(value) or _GROUPED.fullmatch(value):
        return int(re.sub(r"\D", "", value))
    raise AmountError(text)


def _spaces_only(value: str) -> bool:
    """Non-ASCII allowed only as the no-break spaces some keyboards put between groups."""
    return all(char.isascii() or char in "\u00a0\u202f" for char in value)
