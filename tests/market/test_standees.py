"""Standee PDFs (one stall, A6/A5) and the whole-market batch built by a Celery task."""

from __future__ import annotations

import io
import shutil

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from market import services, standee
from market.models import StallQR, StandeeBatch
from tests.conftest import require
from tests.market import builders

pytestmark = pytest.mark.django_db
A = "/markets/cho-hung-son"
MM = 72 / 25.4


@pytest.fixture
def world():
    return builders.world()


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def decode_png(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png))
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("size, width_mm, height_mm", [("A6", 105, 148), ("A5", 148, 210)])
def test_stall_standee_pdf_has_every_line_a_stallholder_needs(
    client, world, size, width_mm, height_mm
):
    client.force_login(world.users["stallholder"])
    response = client.get(f"{A}/stalls/A-01/standee-{size}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert round(float(box.width) / MM) == width_mm and round(float(box.height) / MM) == height_mm
    text = pdf_text(response.content)[0]
    qr = StallQR.objects.get(stall=world.stalls["a1"], is_active=True)
    for expected in ("Chợ Hùng Sơn", "Quầy A-01", "Nguyễn Thị Hoa", "Vietcombank", "•••• 6789",
                     "Quét mã để thanh toán", qr.verification_code, "/qr/check/"):  # fmt: skip
        assert expected in text, expected
    assert "1023456789" not in text  # the full account number is not printed


def test_standee_qr_decodes_back_to_the_registered_payload(world, tmp_path):
    require("pdftoppm", bool(shutil.which("pdftoppm")), "poppler-utils is not installed")
    qr = StallQR.objects.get(stall=world.stalls["a1"], is_active=True)
    from market import selectors

    pdf = standee.render_standees([selectors.standee_data(qr.stall, qr)], size="A6")
    (png,) = builders.pdf_pages_png(pdf, tmp_path, dpi=150)
    assert decode_png(png) == [qr.payload]


def test_vietnamese_glyphs_come_from_the_packaged_font():
    """Be Vietnam Pro (a PyPI package) has every Vietnamese letter: no system fonts needed."""
    from fontpkg_be_vietnam_pro import ROOT
    from reportlab.pdfbase.ttfonts import TTFont

    face = TTFont("check", str(ROOT / "files" / "BeVietnamPro-Regular.ttf")).face
    for char in "ưƯơƠạảấầẩẫậđĐắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ₫•":
        assert ord(char) in face.charToGlyph, char


def test_long_names_are_fitted_not_overflowing():
    data = standee.StandeeData(
        market_name="Chợ trung tâm thành phố với một cái tên rất rất dài không tưởng",
        stall_code="HS-0001-ABCDEFGHIJ",
        stall_name="Quầy " + "rau củ quả sạch " * 8,
        stallholder="Nguyễn Thị Hoa",
        bank_name="Vietcombank",
        masked_account="•••• 6789",
        payload="000201010211",
        verification_code="ABC234",
    )
    text = pdf_text(standee.render_standees([data]))[0]
    assert "…" in text and "ABC234" in text


def test_no_standee_for_a_stall_without_qr(client, world):
    client.force_login(world.users["board_a"])
    assert client.get(f"{A}/stalls/A-02/standee-A6.pdf").status_code == 404


def test_batch_builds_one_page_per_stall_with_qr_and_shows_progress(
    client, world, django_capture_on_commit_callbacks
):
    services.stall_close(stall=world.stalls["a1"], actor=None, closed_on=builders_date())
    for number in range(3, 8):
        builders.stall(world.market_a, f"A-0{number}", account_number=f"10234567{number}0")
    client.force_login(world.users["digital_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{A}/standees/", {"size": "A5"})
    batch = StandeeBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{A}/standees/{batch.pk}/"
    assert batch.status == "done" and (batch.done, batch.total) == (5, 5)
    page = client.get(f"{A}/standees/{batch.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in page and f"{A}/standees/{batch.pk}/download/" in page
    status = client.get(f"{A}/standees/{batch.pk}/?format=json").json()
    assert status["percent"] == 100 and status["finished"] is True
    pdf = b"".join(client.get(f"{A}/standees/{batch.pk}/download/").streaming_content)
    texts = pdf_text(pdf)
    assert len(texts) == 5  # A-01 is closed, A-02 has no QR
    assert all("Chợ Hùng Sơn" in t for t in texts) and "Quầy A-03" in texts[0]


def builders_date():
    import datetime as dt

    return dt.date(2026, 1, 1)


def test_a_waiting_batch_page_refreshes_itself_without_javascript(client, world):
    batch = StandeeBatch.objects.create(market=world.market_a, size="A6", total=40, done=10)
    client.force_login(world.users["official"])
    page = client.get(f"{A}/standees/{batch.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'aria-valuenow="25"' in page and "width:25%" in page
    assert client.get(f"{A}/standees/{batch.pk}/download/").status_code == 404
    assert client.get(f"{A}/standees/{batch.pk}/?format=json").json()["finished"] is False


def test_bad_batch_requests_change_nothing(client, world):
    client.force_login(world.users["board_a"])
    response = client.post(f"{A}/standees/", {"size": "A4"})
    assert response.status_code == 400 and StandeeBatch.objects.count() == 0
    assert client.get(f"{A}/standees/999999/").status_code == 404


def test_sixty_stall_batch_has_a_page_per_stall(world):
    """A 60-stall batch builds one page per stall (its time is measured in bench_standees)."""
    for number in range(60):
        builders.stall(world.market_b, f"B-{number + 10}", account_number=f"97042200{number:02d}")
    batch = StandeeBatch.objects.create(market=world.market_b, size="A6")
    services.standee_batch_build(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.total == 61 and batch.done == 61
