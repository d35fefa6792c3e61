"""Label sheets: the PDF carries the text a farmer and a shopper need, every QR decodes back
to its Digital Link, the QR is big enough to scan, and the background job reports progress."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from reportlab.lib.units import mm

from tests import factories
from tests.traceability import trace_builders as tb
from traceability import label_services, labels
from traceability.models import LabelJob, TraceCode

BASE = "https://chotaynguyen.vn"
GTIN = tb.gtin()


def sample(count: int, *, stars: int | None = 4) -> list[labels.LabelData]:
    return [
        labels.LabelData(
            uri=f"{BASE}/01/{GTIN}/10/TC2026-05A/21/Xk7pQ2m{index:03d}",
            product_name="Chè Tân Cương móc câu đặc biệt 200g",
            producer_name="HTX Chè Tân Cương Hoàng Bình",
            gtin=GTIN,
            lot_code="TC2026-05A",
            serial=f"Xk7pQ2m{index:03d}",
            harvest_date=dt.date(2026, 5, 12),
            production_date=dt.date(2026, 5, 14),
            best_before=dt.date(2027, 5, 14),
            ocop_stars=stars,
        )
        for index in range(count)
    ]


def page_image(pdf: bytes, index: int = 0, dpi: int = 300):
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def decoded(image) -> set[str]:
    return {
        result.text
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    }


@pytest.mark.parametrize("layout", sorted(labels.LAYOUTS))
def test_every_qr_on_a_sheet_decodes_back_to_its_digital_link(layout):
    per_sheet = labels.LAYOUTS[layout].per_sheet
    data = sample(per_sheet + 3)
    pdf = labels.render_label_sheets(data, layout=layout)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert decoded(page_image(pdf, 0)) == {label.uri for label in data[:per_sheet]}
    assert decoded(page_image(pdf, 1)) == {label.uri for label in data[per_sheet:]}


def test_label_text_is_there_in_vietnamese_letters():
    pdf = labels.render_label_sheets(sample(2), layout="a4-24")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in (
        "Chè Tân Cương móc câu",
        "HTX Chè Tân Cương Hoàng Bình",
        "OCOP",
        "12/05/2026",
        "14/05/2027",
        f"(01) {GTIN}",
        "(10) TC2026-05A",
        "(21) Xk7pQ2m001",
    ):
        assert expected in text, expected


def test_a_lot_level_label_has_no_serial_line():
    data = [
        labels.LabelData(
            **{**sample(1)[0].__dict__, "serial": "", "uri": f"{BASE}/01/{GTIN}/10/TC2026-05A"}
        )
    ]
    pdf = labels.render_label_sheets(data, layout="a4-40")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "(10) TC2026-05A" in text and "(21)" not in text


@pytest.mark.parametrize("layout", sorted(labels.LAYOUTS))
def test_the_qr_symbol_is_at_least_15_mm_even_for_a_long_uri(layout):
    longest = f"{BASE}/01/{GTIN}/10/{'L' * 20}/21/{'S' * 20}"
    sheet = labels.LAYOUTS[layout]
    modules = len(labels.qr_modules(longest))
    symbol = sheet.qr_mm * modules / (modules + 2 * labels.QUIET_ZONE)
    assert symbol >= labels.MIN_SYMBOL_MM
    # …and it fits its label with the text column beside it.
    assert sheet.qr_mm < sheet.height_mm and sheet.qr_mm < sheet.width_mm / 2
    assert sheet.columns * sheet.width_mm * mm <= 210 * mm
    assert sheet.rows * sheet.height_mm * mm <= 297 * mm


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError):
        labels.render_label_sheets(sample(1), layout="a4-99")


def test_model_layout_choices_are_the_renderers_layouts():
    assert set(LabelJob.Layout.values) == set(labels.LAYOUTS)


@pytest.mark.django_db
def test_label_job_renders_the_lots_serials_with_progress(settings):
    settings.SITE_URL = BASE
    lot = tb.lot()
    factories.certification(product=lot.product, stars=4)
    for serial in ("AAAA1111", "BBBB2222", "CCCC3333"):
        TraceCode.objects.create(lot=lot, gtin=lot.gtin, lot_code=lot.code, serial=serial)
    TraceCode.objects.create(
        lot=lot, gtin=lot.gtin, lot_code=lot.code, serial="VOID0000", status=TraceCode.Status.VOID
    )
    job = label_services.label_job_request(lot=lot, layout="a4-24", copies=0, user=None)
    assert job.total == 3 and job.percent == 0
    from traceability.label_tasks import build_label_sheets_task

    assert build_label_sheets_task.delay(job.pk).get() == "done"
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 3, 3, 100)
    pdf = job.file.read()
    assert decoded(page_image(pdf)) == {
        f"{BASE}/01/{lot.gtin}/10/{lot.code}/21/{serial}"
        for serial in ("AAAA1111", "BBBB2222", "CCCC3333")
    }


@pytest.mark.django_db
def test_label_job_of_lot_level_copies(settings):
    settings.SITE_URL = BASE
    lot = tb.lot()
    job = label_services.label_job_request(lot=lot, layout="a4-40", copies=5, user=None)
    job = label_services.label_job_build(job_id=job.pk)
    assert job.status == "done" and job.total == 5
    assert decoded(page_image(job.file.read())) == {f"{BASE}/01/{lot.gtin}/10/{lot.code}"}


def test_celery_imports_the_label_tasks(settings):
    assert "traceability.label_tasks" in settings.CELERY_IMPORTS


def test_a_long_product_name_is_set_smaller_rather_than_cut():
    data = [
        labels.LabelData(
            **{
                **sample(1)[0].__dict__,
                "product_name": "Chè Tân Cương móc câu đặc biệt Hoàng Bình 200g",
            }
        )
    ]
    pdf = labels.render_label_sheets(data, layout="a4-40")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "200g" in text and "…" not in text
