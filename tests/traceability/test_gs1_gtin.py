"""GTIN check digits (traceability.gs1): the function the catalog's GTIN attribute relies on."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from traceability.gs1 import gtin_check_digit, is_valid_gtin, normalize_gtin


@pytest.mark.parametrize(
    "code",
    [
        "4006381333931",  # EAN-13 from the GS1 check digit calculator example
        "8938056000014",  # a Vietnamese (893) GTIN-13 from the demo data
        "96385074",  # GTIN-8
        "036000291452",  # UPC-A (GTIN-12)
        "10614141000415",  # GTIN-14
        "893 8056 00001 4",  # grouped as people type it
    ],
)
def test_valid_gtins(code):
    assert is_valid_gtin(code)


@pytest.mark.parametrize(
    "code",
    [
        "4006381333932",
        "",
        "123",
        "40063813339310000",
        "400638133393a",
        "４００６３８１３３３９３１",
        None,
        4006381333931,
    ],
)
def test_invalid_gtins(code):
    assert not is_valid_gtin(code)


def test_check_digit_and_normalisation():
    assert gtin_check_digit("400638133393") == 1
    assert gtin_check_digit("9638507") == 4
    assert normalize_gtin("96385074") == "00000096385074"
    assert normalize_gtin("4006381333931") == "04006381333931"
    assert normalize_gtin("10614141000415") == "10614141000415"
    with pytest.raises(ValueError):
        normalize_gtin("4006381333932")
    with pytest.raises(ValueError):
        gtin_check_digit("12a")


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_appending_the_check_digit_makes_a_valid_gtin_of_the_right_lengths(data):
    code = data + str(gtin_check_digit(data))
    assert is_valid_gtin(code) == (len(code) in (8, 12, 13, 14))
    if len(code) in (8, 12, 13, 14):
        wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
        assert not is_valid_gtin(wrong)
        assert normalize_gtin(code).endswith(code) and len(normalize_gtin(code)) == 14
