"""core.qrsymbol: module for module the symbol the qrcode package draws, the lowest-penalty mask,
the smallest version, and codes that a reader (zxing-cpp) reads back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import qrcode
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, MODE_NUMBER, QRData, lost_point

from core import qrsymbol
from core.qrsymbol import QUIET_ZONE, QRSymbolError, encode

DATA = Path(__file__).resolve().parents[1] / "data"
VIETQR = [
    case["payload"] for case in json.loads((DATA / "vietqr-vectors.json").read_text())["valid"]
]
GS1 = [
    case["uri"] for case in json.loads((DATA / "gs1-digital-link-cases.json").read_text())["valid"]
]
MIXED = [
    "HELLO WORLD",
    "0123456789" * 30,
    "abc",
    "Tiền chè Tân Cương, Thái Nguyên",
    "x" * 1000,
    "A" * 2000,
    "9" * 3000,
    "12345ABCDE12345abcde" * 8,
]
QRCODE_MODES = {
    qrsymbol._NUMERIC: MODE_NUMBER,
    qrsymbol._ALPHANUMERIC: MODE_ALPHA_NUM,
    qrsymbol._BYTE: MODE_8BIT_BYTE,
}


def qrcode_rows(text: str, version: int, mask: int) -> list[str]:
    """What the qrcode package draws for the same segments, version and mask ('1' dark)."""
    reference = qrcode.QRCode(
        version=version,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        mask_pattern=mask,
        border=0,
    )
    for mode, chunk in qrsymbol._segments(text):
        reference.add_data(QRData(chunk.encode(), mode=QRCODE_MODES[mode], check_data=False))
    reference.make(fit=False)
    return ["".join("1" if module else "0" for module in row) for row in reference.modules]


def picture(symbol: qrsymbol.QRSymbol, scale: int = 4) -> Image.Image:
    """The symbol drawn plainly, module by module, for a reader to read."""
    side = symbol.side + 2 * QUIET_ZONE
    image = Image.new("L", (side, side), 255)
    for y, row in enumerate(symbol.rows()):
        for x, module in enumerate(row):
            if module == "1":
                image.putpixel((x + QUIET_ZONE, y + QUIET_ZONE), 0)
    return image.resize((side * scale, side * scale), Image.Resampling.NEAREST)


@pytest.mark.parametrize("text", VIETQR + GS1 + MIXED)
def test_every_mask_draws_what_the_qrcode_package_draws(text):
    chosen = encode(text)
    for mask in range(8):
        symbol = encode(text, mask=mask)
        assert symbol.version == chosen.version
        assert symbol.rows() == qrcode_rows(text, chosen.version, mask), mask


@pytest.mark.parametrize("version", range(1, 41))
def test_every_version_draws_what_the_qrcode_package_draws(version):
    """A text that just fills each version's byte capacity: the layout of all 40 versions
    (alignment patterns, version information, block structure) checked against qrcode."""
    count_bits = 8 if version <= 9 else 16
    capacity = (8 * qrsymbol._data_codewords(version) - 4 - count_bits) // 8
    text = "".join("abcdefghijklmnopqrstuvwxyz"[i % 26] for i in range(capacity))
    symbol = encode(text, mask=version % 8)
    assert symbol.version == version
    assert symbol.side == 4 * version + 17
    assert symbol.rows() == qrcode_rows(text, version, version % 8)
    if version < 40:
        assert encode(text + "a").version == version + 1


def test_version_40_is_the_limit():
    longest = "a" * 2331  # level M, byte mode, version 40
    assert encode(longest).version == 40
    with pytest.raises(QRSymbolError):
        encode(longest + "a")


@pytest.mark.parametrize("text", VIETQR[:12] + GS1[:6] + MIXED[:4])
def test_the_chosen_mask_has_the_lowest_penalty(text):
    """The penalty of each of the eight masks, counted module by module by qrcode's own rules on
    the finished symbol, equals the whole-symbol count; the mask chosen has the lowest."""
    symbols = [encode(text, mask=mask) for mask in range(8)]
    layout = qrsymbol._layout(symbols[0].version)
    plain = [lost_point([[m == "1" for m in row] for row in s.rows()]) for s in symbols]
    whole = []
    for symbol in symbols:
        dark = int(symbol.bits, 2)
        whole.append(
            qrsymbol._penalty(dark, layout.symbol_area ^ dark, layout.stride, layout.symbol_area)
        )
    assert whole == plain
    assert plain[encode(text).mask] == min(plain)


@pytest.mark.parametrize("text", VIETQR + GS1 + MIXED)
def test_the_symbol_is_never_bigger_than_the_qrcode_packages(text):
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    reference.add_data(text)
    reference.make(fit=True)
    assert encode(text).version <= reference.version


def test_a_vietqr_payload_mixes_modes_to_stay_small():
    """A dynamic VietQR payload is digits, capitals and a lowercase purpose: numeric, alphanumeric
    and byte segments keep it at version 5, where byte mode alone would need version 7."""
    payload = next(p for p in VIETQR if any(c.islower() for c in p))
    modes = {mode for mode, _ in qrsymbol._segments(payload)}
    assert modes == {qrsymbol._NUMERIC, qrsymbol._ALPHANUMERIC, qrsymbol._BYTE}
    assert "".join(chunk for _, chunk in qrsymbol._segments(payload)) == payload


@pytest.mark.parametrize("text", VIETQR[:6] + GS1[:4] + MIXED)
def test_a_reader_reads_the_text_back(text):
    symbol = encode(text)
    found = zxingcpp.read_barcodes(picture(symbol, 2 if symbol.side > 100 else 4))
    assert [barcode.text for barcode in found] == [text]
    assert found[0].ec_level == "M"


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz $%*+-./:?=&_"
            "ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
        ),
        min_size=1,
        max_size=300,
    )
)
def test_any_text_reads_back(text):
    found = zxingcpp.read_barcodes(picture(encode(text), 3))
    assert [barcode.text for barcode in found] == [text]


def test_layout_rows_carry_their_quiet_zone():
    symbol = encode(VIETQR[0])
    stride = symbol.stride
    assert len(symbol.bits) == QUIET_ZONE + symbol.side * stride
    for start in range(0, symbol.side * stride, stride):
        row = symbol.bits[start : start + stride]
        assert row[:QUIET_ZONE] == row[-QUIET_ZONE:] == "0" * QUIET_ZONE


@pytest.mark.parametrize("bad", ["", None, b"bytes", 42])
def test_nothing_to_encode_is_refused(bad):
    with pytest.raises(QRSymbolError):
        encode(bad)


@pytest.mark.parametrize("mask", [-1, 8, 2.0, "1"])
def test_a_mask_outside_0_to_7_is_refused(mask):
    with pytest.raises(QRSymbolError):
        encode("HELLO", mask=mask)
