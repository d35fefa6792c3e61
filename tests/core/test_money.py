"""core.money: the one parser and formatter of đồng amounts for the whole site."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from oscar.templatetags.currency_filters import currency

from core.money import AmountError, format_vnd, group_thousands, parse_vnd


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150000", 150_000),
        ("150.000", 150_000),
        ("150,000", 150_000),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),
        ("150.000 ₫", 150_000),
        ("150.000đ", 150_000),
        ("150000 VND", 150_000),
        ("2.000.000 đồng", 2_000_000),
        (" 45000 ", 45_000),
        ("0", 0),
    ],
)
def test_amounts_as_people_type_them(typed, amount):
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize(
    "typed",
    ["1,5", "150.00", "1,50", "12,34,567", "1.500,000", "-5", "1e5", "abc", "", "₫", "١٢٣",
     "15.0000", "1 50", "99999999999999999999999999999999999999999"],
)  # fmt: skip
def test_anything_else_is_refused_never_guessed(typed):
    """ "1,5" used to become 15 ₫ in the refund form."""
    with pytest.raises(AmountError):
        parse_vnd(typed)


@given(st.integers(min_value=0, max_value=10**15))
def test_what_is_written_reads_back(amount):
    assert parse_vnd(format_vnd(amount)) == amount
    assert parse_vnd(group_thousands(amount)) == amount
    assert parse_vnd(f"{amount:,}") == amount


@given(st.text(max_size=60))
def test_any_text_is_an_amount_or_an_amount_error(text):
    try:
        assert parse_vnd(text) >= 0
    except AmountError:
        pass


@given(st.integers(min_value=0, max_value=10**12))
def test_the_formatter_agrees_with_the_shop_pages_in_vietnamese(amount):
    with translation.override("vi"):
        assert format_vnd(amount) == currency(amount, "VND").replace("\xa0", " ")
