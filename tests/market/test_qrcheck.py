"""The fake-QR check (/qr/check/): every verdict, photos of printed standees, bad uploads,
reports reaching the market board's alert list."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFilter

from market import selectors, services, standee
from market.models import QRAlert, StallQR
from payments import vietqr
from tests.conftest import require
from tests.market import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return builders.world()


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def payload(bank_bin: str, account: str, **extra) -> str:
    return vietqr.encode(vietqr.VietQR(bank_bin=bank_bin, account=account, **extra))


def active(stall) -> StallQR:
    return StallQR.objects.get(stall=stall, is_active=True)


def test_registered_sticker_names_stall_market_bank_and_masked_account(client, world):
    qr = active(world.stalls["a1"])
    page = text(client.post("/qr/check/", {"payload": f"  {qr.payload}\n"}))
    assert "Đã đăng ký cho quầy A-01 tại Chợ Hùng Sơn" in page
    assert "Vietcombank" in page and "•••• 6789" in page and qr.verification_code in page
    assert "Báo nhãn QR này" not in page


def test_a_bank_app_qr_for_the_same_account_counts_as_registered(client, world):
    with_name = payload(builders.VCB, "1023456789", merchant_name="NGUYEN THI HOA")
    page = text(client.post("/qr/check/", {"payload": with_name}))
    assert "Đã đăng ký cho quầy A-01" in page


def test_sticker_with_another_account_than_the_standees_code_is_a_possible_fake(client, world):
    code = active(world.stalls["a1"]).verification_code
    fake = payload(builders.MB, "0999888777")
    response = client.post("/qr/check/", {"payload": fake, "code": code.lower()})
    page = text(response)
    assert "có thể là nhãn QR giả" in page
    assert "MB •••• 8777" in page and "Vietcombank •••• 6789" in page
    # Report it: the board of market A gets an alert naming the stall.
    response = client.post(
        "/qr/check/report/", {"payload": fake, "code": code, "note": "Dán đè lên biển"}
    )
    assert response.status_code == 302
    alert = QRAlert.objects.get()
    assert (alert.market, alert.stall, alert.verdict) == (
        world.market_a,
        world.stalls["a1"],
        "mismatch",
    )
    client.force_login(world.users["board_a"])
    alerts = text(client.get("/markets/cho-hung-son/alerts/"))
    assert "Tài khoản khác với tài khoản quầy đã đăng ký" in alerts and "Dán đè lên biển" in alerts


def test_stallholder_checks_their_own_sticker_from_the_stall_page(client, world):
    stall = world.stalls["a1"]
    client.force_login(world.users["stallholder"])
    page = text(client.get(f"/qr/check/?stall={stall.pk}"))
    assert "Đang kiểm tra nhãn QR của quầy A-01" in page
    fake = payload(builders.VCB, "1111222233")
    page = text(client.post("/qr/check/", {"payload": fake, "stall": stall.pk}))
    assert "có thể là nhãn QR giả" in page


def test_old_account_after_a_change_is_recognised(client, world):
    stall = world.stalls["a1"]
    old = active(stall).payload
    services.stall_update(stall=stall, actor=None, fields={"account_number": "1023456700"})
    page = text(client.post("/qr/check/", {"payload": old}))
    assert "Mã QR cũ, đã thay của quầy A-01 tại Chợ Hùng Sơn" in page


def test_unregistered_and_non_vietqr_codes(client, world):
    page = text(client.post("/qr/check/", {"payload": payload(builders.AGRI, "5555666677778")}))
    assert "Không phải mã QR quầy đã đăng ký" in page and "Agribank •••• 7778" in page
    assert "— chọn chợ —" in page  # no stall known: the reporter names the market
    page = text(client.post("/qr/check/", {"payload": "https://example.com/pay"}))
    assert "Không phải mã VietQR" in page
    damaged = active(world.stalls["a1"]).payload[:-1] + "0"
    page = text(client.post("/qr/check/", {"payload": damaged}))
    assert "mã kiểm tra không khớp" in page


def test_report_without_a_market_is_refused_and_changes_nothing(client, world):
    stray = payload(builders.AGRI, "5555666677778")
    response = client.post("/qr/check/report/", {"payload": stray})
    assert response.status_code == 400 and "Hãy chọn chợ nơi bạn thấy nhãn này." in text(response)
    response = client.post("/qr/check/report/", {"payload": stray, "market": world.market_b.pk})
    assert response.status_code == 302
    assert QRAlert.objects.get().market == world.market_b
    # A genuine sticker is not filed; garbage never 500s.
    client.post("/qr/check/report/", {"payload": active(world.stalls["a1"]).payload})
    client.post("/qr/check/report/", {"payload": "x" * 600, "market": "abc", "stall": "-1"})
    assert QRAlert.objects.count() == 1


def photo_of(png: bytes, *, angle: float, blur: float, jpeg: bool = True) -> SimpleUploadedFile:
    """A phone-like photo: the printed page on a grey table, turned and slightly out of focus."""
    page = Image.open(io.BytesIO(png)).convert("RGB")
    turned = page.rotate(angle, expand=True, fillcolor=(120, 118, 110), resample=Image.BICUBIC)
    soft = turned.filter(ImageFilter.GaussianBlur(blur))
    buffer = io.BytesIO()
    soft.save(buffer, "JPEG" if jpeg else "PNG", quality=80)
    return SimpleUploadedFile("anh.jpg" if jpeg else "anh.png", buffer.getvalue())


def test_photo_of_a_printed_standee_is_decoded_and_checked(client, world, tmp_path):
    require("pdftoppm", bool(shutil.which("pdftoppm")), "poppler-utils is not installed")
    qr = active(world.stalls["a1"])
    pdf = standee.render_standees([selectors.standee_data(qr.stall, qr)], size="A6")
    (png,) = builders.pdf_pages_png(pdf, tmp_path, dpi=200)
    response = client.post("/qr/check/", {"photo": photo_of(png, angle=11, blur=1.3)})
    assert response.status_code == 200
    assert "Đã đăng ký cho quầy A-01 tại Chợ Hùng Sơn" in text(response)


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("a.jpg", b"not an image"), "không phải ảnh"),
        (SimpleUploadedFile("a.gif", b"GIF89a" + b"\x00" * 100), "không phải ảnh"),
        ("bmp", "Chỉ nhận ảnh JPEG, PNG và WebP."),
        ("blank", "Không tìm thấy mã QR trong ảnh"),
        ("huge", "quá nhiều điểm ảnh"),
        (SimpleUploadedFile("a.jpg", b"x" * (10 * 1024 * 1024 + 1)), "lớn hơn 10 MB"),
    ],
)
def test_bad_photos_get_a_clear_error(client, world, upload, message):
    if upload == "bmp":
        buffer = io.BytesIO()
        Image.new("RGB", (20, 20), "white").save(buffer, "BMP")
        upload = SimpleUploadedFile("a.bmp", buffer.getvalue())
    elif upload == "blank":
        buffer = io.BytesIO()
        Image.new("RGB", (400, 300), "white").save(buffer, "PNG")
        upload = SimpleUploadedFile("a.png", buffer.getvalue())
    elif upload == "huge":
        buffer = io.BytesIO()
        Image.new("1", (8000, 6000), 1).save(buffer, "PNG")  # 48 MP, a few kB
        upload = SimpleUploadedFile("a.png", buffer.getvalue())
    response = client.post("/qr/check/", {"photo": upload})
    assert response.status_code == 400
    assert message in text(response), text(response)[-3000:]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"payload": "   "},
        {"code": "ZZZZZZ", "payload": "000201"},
        {"stall": "abc"},
        {"payload": "x" * 3000},
    ],  # fmt: skip
)
def test_bad_check_input_never_500s(client, world, data):
    response = client.post("/qr/check/", data)
    assert response.status_code == 400
    assert client.get("/qr/check/", {"stall": "99999999999999"}).status_code == 200


def test_the_stall_a_check_was_opened_for_is_sent_with_the_check(client, world):
    """From the stall app, "check my stall's QR" opens /qr/check/?stall=<id>: the form must
    send that stall along, else a sticker of another registered stall passed as genuine."""
    stall = world.stalls["a1"]
    client.force_login(world.users["stallholder"])
    page = text(client.get(f"/qr/check/?stall={stall.pk}"))
    assert f'name="stall" value="{stall.pk}"' in page
    sent = re.search(r'name="stall" value="(\d+)"', page).group(1)
    other_stall = active(world.stalls["b1"]).payload  # genuine, but another stall's
    page = text(client.post("/qr/check/", {"payload": other_stall, "stall": sent}))
    assert "có thể là nhãn QR giả" in page
