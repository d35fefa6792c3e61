"""payments.words: amounts in Vietnamese words and VND formatting."""

from __future__ import annotations

import pytest

from core.money import format_vnd
from payments.words import amount_in_words_vi


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1, "Một đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (55, "Năm mươi lăm đồng"),
        (101, "Một trăm linh một đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (1_001, "Một nghìn không trăm linh một đồng"),
        (2_050, "Hai nghìn không trăm năm mươi đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (150_000, "Một trăm năm mươi nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_000_005_000, "Một tỷ không trăm linh năm nghìn đồng"),
        (1_200_000_000, "Một tỷ hai trăm triệu đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (
            12_345_678_901,
            "Mười hai tỷ ba trăm bốn mươi lăm triệu sáu trăm bảy mươi tám nghìn "
            "chín trăm linh một đồng",
        ),
    ],
)
def test_amount_in_words_vi(amount, words):
    assert amount_in_words_vi(amount) == words


@pytest.mark.parametrize("bad", [-1, 1.5, True, "100"])
def test_amount_in_words_rejects_non_amounts(bad):
    with pytest.raises(ValueError):
        amount_in_words_vi(bad)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "0 ₫"), (500, "500 ₫"), (150_000, "150.000 ₫"), (1_005_000, "1.005.000 ₫")],
)
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text
