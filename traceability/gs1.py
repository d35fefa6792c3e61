"""GS1 identifiers: GTIN check digits (and, with the traceability issue, the Digital Link codec).

Pure Python, no Django import, so label printers, scanners and tests can use it anywhere.
"""

from __future__ import annotations

__all__ = ["GTIN_LENGTHS", "gtin_check_digit", "is_valid_gtin", "normalize_gtin"]

# GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14.
GTIN_LENGTHS = (8, 12, 13, 14)
_GROUPING = " -\t\u00a0"


def _digits(code: str) -> str:
    return "".join(char for char in str(code) if char not in _GROUPING)


def gtin_check_digit(data: str) -> int:
    """The GS1 mod-10 check digit for ``data`` (the GTIN without its last digit).

    From the right, digits are weighted 3, 1, 3, 1…; the check digit brings the sum up to the
    next multiple of ten.
    """
    if not data or not data.isascii() or not data.isdigit():
        raise ValueError("GTIN data must be ASCII digits")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(data)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """True for an 8, 12, 13 or 14 digit GTIN whose last digit is the right check digit.

    Spaces and dashes people type to group digits are ignored.
    """
    if not isinstance(code, str):
        return False
    digits = _digits(code)
    if len(digits) not in GTIN_LENGTHS or not digits.isascii() or not digits.isdigit():
        return False
    return gtin_check_digit(digits[:-1]) == int(digits[-1])


def normalize_gtin(code: str) -> str:
    """The 14-digit form used in GS1 Digital Link and element strings (left-padded with 0).

    Raises ValueError for anything that is not a valid GTIN.
    """
    if not is_valid_gtin(code):
        raise ValueError(f"not a valid GTIN: {code!r}")
    return _digits(code).zfill(14)
