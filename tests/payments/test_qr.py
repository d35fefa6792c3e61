"""payments.qr: the images decode back to the payload, at EC level M, quickly."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from payments import qr as qr_module
from payments.qr import QUIET_ZONE, render_labelled_png, render_png, render_png_cached, render_svg
from payments.vietqr import VietQR, encode

STATIC = encode(VietQR("970436", "1023456789", store_label="Quay 12 Cho Hung Son"))
DYNAMIC = encode(
    VietQR(
        "970436", "1023456789", amount=150_000, reference="CS00188", purpose="Tien che Tan Cuong"
    )
)
LONGEST = encode(
    VietQR(
        "970436",
        "A" * 19,
        amount=9_999_999_999_999,
        purpose="p" * 25,
        reference="r" * 25,
        bill_number="b" * 25,
        merchant_name="n" * 25,
        merchant_city="c" * 15,
        merchant_category="5812",
    )
)


def read_qr(image: Image.Image) -> zxingcpp.Barcode:
    found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    "payload", [STATIC, DYNAMIC, LONGEST], ids=["static", "dynamic", "longest"]
)
def test_png_decodes_back_to_payload_at_ec_level_m(payload):
    image = Image.open(io.BytesIO(render_png(payload)))
    image.load()  # full decode: catches a broken IDAT, not just a good header
    barcode = read_qr(image)
    assert barcode.text == payload
    assert barcode.ec_level == "M"


def test_png_is_one_bit_with_scale_and_quiet_zone():
    image = Image.open(io.BytesIO(render_png(DYNAMIC, scale=5)))
    assert image.format == "PNG"
    assert image.mode == "1"
    assert image.width == image.height
    assert image.width % 5 == 0
    modules = image.width // 5
    assert (modules - 2 * QUIET_ZONE - 17) % 4 == 0  # a QR version is 17 + 4v modules wide
    # The quiet zone is white all round; the finder pattern's corner starts right after it.
    pixels = image.convert("L").load()
    quiet = QUIET_ZONE * 5
    assert all(pixels[x, y] == 255 for x in range(image.width) for y in range(quiet))
    assert all(pixels[x, y] == 255 for x in range(quiet) for y in range(image.height))
    assert pixels[quiet, quiet] == 0


@pytest.mark.parametrize("scale", [1, 3, 8, 11])
def test_png_decodes_at_any_scale(scale):
    image = Image.open(io.BytesIO(render_png(DYNAMIC, scale=scale)))
    if scale < 3:  # a 1-pixel module is too small for the reader; enlarge, as a screen would
        image = image.resize((image.width * 4, image.height * 4), Image.Resampling.NEAREST)
    assert read_qr(image).text == DYNAMIC


@pytest.mark.parametrize("bad", ["", None, 42])
def test_render_rejects_non_payloads(bad):
    with pytest.raises(ValueError):
        render_png(bad)


def test_render_rejects_bad_scale():
    with pytest.raises(ValueError):
        render_png(DYNAMIC, scale=0)


def test_render_rejects_payload_too_big_for_a_qr_code():
    with pytest.raises(ValueError):
        render_png("x" * 5000)


def test_cached_png_is_same_image_and_reused():
    render_png_cached.cache_clear()
    first = render_png_cached(STATIC)
    assert render_png_cached(STATIC) is first
    assert first == render_png(STATIC)
    assert render_png_cached.cache_info().hits == 1


def test_svg_is_well_formed_and_matches_png_size():
    svg = render_svg(DYNAMIC)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    side = int(root.get("viewBox").split()[2])
    assert side == Image.open(io.BytesIO(render_png(DYNAMIC, scale=1))).width


def test_svg_draws_the_same_modules_as_png():
    # Rasterise the SVG's runs by hand and compare with the 1-pixel-per-module PNG.
    root = ET.fromstring(render_svg(DYNAMIC))
    side = int(root.get("viewBox").split()[2])
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    drawn = Image.new("L", (side, side), 255)
    for segment in path.split("M")[1:]:
        x, rest = segment.split(" ", 1)
        y, rest = rest.split("h", 1)
        length = int(rest.split("v", 1)[0])
        for dx in range(length):
            drawn.putpixel((int(x) + dx, int(y)), 0)
    png = Image.open(io.BytesIO(render_png(DYNAMIC, scale=1))).convert("L")
    assert drawn.tobytes() == png.tobytes()


def test_labelled_png_is_bigger_than_bare_qr_and_still_scans():
    bare = Image.open(io.BytesIO(render_png(DYNAMIC)))
    card = Image.open(
        io.BytesIO(
            render_labelled_png(
                DYNAMIC,
                bank_name="Vietcombank — Ngân hàng TMCP Ngoại thương Việt Nam",
                holder="NGUYỄN THỊ HỒNG NHUNG",
                amount=150_000,
                caption="Quầy số 12 · Chợ Hùng Sơn, Đại Từ",
            )
        )
    )
    assert card.format == "PNG"
    assert card.width >= bare.width
    assert card.height > bare.height
    assert read_qr(card).text == DYNAMIC


def test_labelled_png_without_amount_is_shorter():
    with_amount = Image.open(
        io.BytesIO(
            render_labelled_png(STATIC, bank_name="ACB", holder="TRAN VAN A", amount=150_000)
        )
    )
    without = Image.open(
        io.BytesIO(render_labelled_png(STATIC, bank_name="ACB", holder="TRAN VAN A", amount=None))
    )
    assert without.height < with_amount.height


def test_labelled_png_falls_back_to_ascii_without_dejavu(monkeypatch):
    monkeypatch.setattr(qr_module, "_FONT_DIRS", ())
    qr_module._font_path.cache_clear()
    qr_module._font.cache_clear()
    try:
        assert qr_module._printable("Nguyễn Văn Đức 150.000 ₫") == "Nguyen Van Duc 150.000 VND"
        card = render_labelled_png(DYNAMIC, bank_name="BIDV", holder="Nguyễn Văn Đức", amount=15)
        assert read_qr(Image.open(io.BytesIO(card))).text == DYNAMIC
    finally:
        qr_module._font_path.cache_clear()
        qr_module._font.cache_clear()


@pytest.mark.parametrize("scale", [1, 2, 3, 5, 7, 8, 9, 10, 12, 16])
def test_every_scale_draws_the_modules_pixel_for_pixel(scale):
    """render_png packs rows itself (a byte translation at 8 px per module, Pillow's widening at
    other scales): each must decode to exactly the modules, magnified, quiet zone included."""
    from payments.qr import _modules

    for payload in (DYNAMIC, "CS7K2P9Q", "x" * 300):
        expected = _modules(payload)
        expected = expected.resize(
            (expected.width * scale, expected.height * scale), Image.Resampling.NEAREST
        )
        drawn = Image.open(io.BytesIO(render_png(payload, scale=scale)))
        assert drawn.mode == "1"
        assert drawn.size == expected.size
        assert drawn.tobytes() == expected.tobytes()
