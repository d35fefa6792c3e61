"""The producer portal's traceability pages on a phone: lots (GTIN from the product), events
(a transformation from input lots), issuing codes, codes with scans and flags, label sheets
with progress and download, and uploading a partner's EPCIS file."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from catalog.demo import seed_product_classes
from catalog.services import product_set_gtin
from tests import factories
from tests.fulfilment import builders
from tests.traceability import trace_builders as tb
from traceability.models import LabelJob, Lot, TraceCode, TraceEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """The assertions read the source (English) messages; their Vietnamese is checked by
    tests/config/test_translations.py and test_messages_are_vietnamese_by_default below."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


SLUG = "htx-che-tan-cuong"
T = f"/producer/{SLUG}/trace"


@pytest.fixture
def farm(client, settings):
    settings.SITE_URL = "https://cho.example"
    seed_product_classes()
    producer = factories.producer(name="HTX Chè Tân Cương Hoàng Bình", slug=SLUG)
    product = factories.product(title="Chè móc câu 200g", owner=producer)
    product_set_gtin(product=product, gtin=tb.gtin("0893850597001"))
    bare = factories.product(title="Chè búp tươi", owner=producer)
    client.force_login(builders.producer_staff(producer, "farmer"))
    return producer, product, bare


def test_new_lot_takes_the_gtin_from_the_product(client, farm):
    producer, product, _bare = farm
    page = client.get(f"{T}/lots/new/")
    assert page.status_code == 200
    assert 'type="date"' in page.content.decode()
    response = client.post(
        f"{T}/lots/new/",
        {
            "product": product.pk,
            "code": "TC2026-05A",
            "harvest_date": "2026-05-12",
            "production_date": "2026-05-14",
            "quantity": "120",
            "unit": "kg",
            "growing_area": "Đồi chè Hoàng Bình",
        },  # fmt: skip
    )
    lot = Lot.objects.get(code="TC2026-05A")
    assert response.status_code == 302 and response["Location"] == f"{T}/lots/{lot.pk}/"
    assert lot.gtin == tb.gtin("0893850597001") and lot.producer == producer
    detail = client.get(response["Location"]).content.decode()
    assert (
        "TC2026-05A" in detail and "https://cho.example/01/08938505970011/10/TC2026-05A" in detail
    )


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"gtin": "08938505970012"}, "gtin", "not a valid GTIN"),
        ({"gtin": tb.gtin("0893850597009")}, "gtin", "a lot uses its product"),
        ({"code": "LÔ 1"}, "code", "A lot code is 1 to 20"),
        (
            {"production_date": "2026-05-01", "harvest_date": "2026-05-12"},
            "production_date",
            "before the harvest",
        ),
    ],
)
def test_lot_form_explains_bad_input_and_saves_nothing(client, farm, data, field, message):
    product = farm[1]
    response = client.post(
        f"{T}/lots/new/", {"product": product.pk, "code": "L1", "unit": "kg", **data}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Lot.objects.exists()


def test_a_product_without_gtin_needs_one_typed(client, farm):
    bare = farm[2]
    response = client.post(f"{T}/lots/new/", {"product": bare.pk, "code": "TUOI-1", "unit": "kg"})
    assert response.status_code == 400
    assert "no barcode number" in " ".join(response.context["form"].errors["gtin"])
    response = client.post(
        f"{T}/lots/new/",
        {
            "product": bare.pk,
            "code": "TUOI-1",
            "unit": "kg",
            "gtin": "0893850597002 " + str(tb.gtin("0893850597002"))[-1],
        },
    )
    assert response.status_code == 302
    assert Lot.objects.get(code="TUOI-1").gtin == tb.gtin("0893850597002")


def test_a_lot_code_is_unique_per_product(client, farm):
    producer, product, _ = farm
    tb.lot(producer=producer, product=product, code="TC1")
    response = client.post(f"{T}/lots/new/", {"product": product.pk, "code": "TC1", "unit": "kg"})
    assert response.status_code == 400
    assert Lot.objects.count() == 1


def test_another_producers_product_cannot_get_a_lot(client, farm):
    other = factories.producer(name="HTX Khác", slug="htx-khac")
    theirs = factories.product(title="Mật ong", owner=other)
    response = client.post(
        f"{T}/lots/new/", {"product": theirs.pk, "code": "X1", "unit": "kg", "gtin": tb.gtin()}
    )
    assert response.status_code == 400
    assert "product" in response.context["form"].errors


def test_record_a_harvest_then_a_transformation_into_the_dried_lot(client, farm):
    producer, product, bare = farm
    fresh = tb.lot(producer=producer, product=bare, code="TUOI-0512", gtin_body="0893850597002")
    dried = tb.lot(producer=producer, product=product, code="TC2026-05A")
    response = client.post(
        f"{T}/lots/{fresh.pk}/events/new/",
        {
            "biz_step": "commissioning",
            "event_time": "2026-05-12T06:30",
            "location_name": "Đồi chè",
            "quantity": "120",
        },  # fmt: skip
    )
    assert response.status_code == 302
    harvest = TraceEvent.objects.get(biz_step="commissioning")
    assert harvest.action == "ADD" and list(harvest.lots.all()) == [fresh]
    assert harvest.quantity == 120 and harvest.unit == "kg"
    # "Processed" without inputs is refused…
    response = client.post(
        f"{T}/lots/{dried.pk}/events/new/",
        {"biz_step": "transforming", "event_time": "2026-05-13T08:00"},
    )
    assert response.status_code == 400
    assert "Choose the lots" in response.content.decode()
    response = client.post(
        f"{T}/lots/{dried.pk}/events/new/",
        {
            "biz_step": "transforming",
            "event_time": "2026-05-13T08:00",
            "input_lots": [fresh.pk],
            "note": "Sao chè",
        },  # fmt: skip
    )
    assert response.status_code == 302
    step = TraceEvent.objects.get(biz_step="transforming")
    assert step.event_type == "TransformationEvent" and step.action == ""
    assert list(step.input_lots.all()) == [fresh] and list(step.output_lots.all()) == [dried]
    page = client.get(f"{T}/lots/{dried.pk}/").content.decode()
    assert "TUOI-0512" in page and "Sao chè" in page


def test_input_lots_are_only_the_producers_own(client, farm):
    producer, product, _ = farm
    dried = tb.lot(producer=producer, product=product, code="TC2026-05A")
    other = factories.producer(name="HTX Khác", slug="htx-khac")
    theirs = tb.lot(producer=other, code="MO-1", gtin_body="0893850597099")
    response = client.post(
        f"{T}/lots/{dried.pk}/events/new/",
        {"biz_step": "transforming", "event_time": "2026-05-13T08:00", "input_lots": [theirs.pk]},
    )
    assert response.status_code == 400
    assert not TraceEvent.objects.exists()


def test_issue_codes_then_see_them_with_scans_and_flags(
    client, farm, django_capture_on_commit_callbacks
):
    producer, product, _ = farm
    lot = tb.lot(producer=producer, product=product)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{T}/lots/{lot.pk}/issue/", {"count": "5"})
    assert response.status_code == 302
    # Celery runs eagerly in tests: the job is done when the page comes back.
    assert TraceCode.objects.filter(lot=lot).exclude(serial="").count() == 5
    code = TraceCode.objects.filter(lot=lot).exclude(serial="").first()
    TraceCode.objects.filter(pk=code.pk).update(
        scan_count=31, flagged=True, flag_reason="many_scans"
    )
    page = client.get(f"{T}/lots/{lot.pk}/").content.decode()
    assert "5 serialised codes" in page or "5 " in page
    assert code.serial in page
    codes = client.get(f"{T}/lots/{lot.pk}/codes/?show=flagged")
    assert [row.serial for row in codes.context["page"].object_list] == [code.serial]
    assert "31" in codes.content.decode()
    assert client.post(f"{T}/lots/{lot.pk}/issue/", {"count": "0"}).status_code == 302
    assert TraceCode.objects.filter(lot=lot).exclude(serial="").count() == 5


def test_label_sheet_job_progress_and_download(client, farm, django_capture_on_commit_callbacks):
    producer, product, _ = farm
    lot = tb.lot(producer=producer, product=product)
    # Nothing to print yet: a clear message, no job.
    response = client.post(f"{T}/lots/{lot.pk}/labels/", {"layout": "a4-24"}, follow=True)
    assert "no serialised codes yet" in response.content.decode()
    assert not LabelJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{T}/lots/{lot.pk}/labels/", {"layout": "a4-40", "copies": "12"})
    job = LabelJob.objects.get()
    assert response["Location"] == f"{T}/labels/{job.pk}/"
    status = client.get(f"{T}/labels/{job.pk}/?format=json").json()
    assert status["status"] == "done" and status["percent"] == 100 and status["total"] == 12
    assert status["download"] == f"{T}/labels/{job.pk}/download/"
    download = client.get(status["download"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def epcis_upload(lot, **event_changes) -> SimpleUploadedFile:
    event = {
        "type": "ObjectEvent",
        "eventTime": "2026-05-16T09:30:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE",
        "bizStep": "receiving",
        "quantityList": [{"epcClass": f"https://x.vn/01/{lot.gtin}/10/{lot.code}"}],
        **event_changes,
    }
    document = {
        "@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-05-16T10:00:00Z",
        "epcisBody": {"eventList": [event]},
    }
    return SimpleUploadedFile("doi-tac.jsonld", json.dumps(document).encode())


def test_upload_a_partners_epcis_file(client, farm):
    producer, product, _ = farm
    lot = tb.lot(producer=producer, product=product)
    assert client.get(f"{T}/import/").status_code == 200
    response = client.post(f"{T}/import/", {"file": epcis_upload(lot)})
    assert response.status_code == 302
    event = TraceEvent.objects.get()
    assert list(event.lots.all()) == [lot] and "doi-tac.jsonld" in event.source


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("x.json", b"\x89PNG not json"), "not UTF-8"),
        (SimpleUploadedFile("x.json", b"{oops"), "not JSON"),
        ("bad-action", "Event 1, action"),
        ("other-lot", "is not one of the lots you can record events for"),
    ],
)
def test_upload_errors_are_shown_and_nothing_is_saved(client, farm, upload, message):
    producer, product, _ = farm
    lot = tb.lot(producer=producer, product=product)
    if upload == "bad-action":
        upload = epcis_upload(lot, action="MOVE")
    elif upload == "other-lot":
        theirs = tb.lot(producer=factories.producer(name="HTX Khác", slug="htx-khac"),
                        code="MO-1", gtin_body="0893850597099")  # fmt: skip
        upload = epcis_upload(theirs)
    response = client.post(f"{T}/import/", {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TraceEvent.objects.exists()


def test_lot_list_shows_lots_and_flags(client, farm):
    producer, product, _ = farm
    lot = tb.lot(producer=producer, product=product)
    TraceCode.objects.create(
        lot=lot, gtin=lot.gtin, lot_code=lot.code, serial="AB12CD34", flagged=True
    )
    page = client.get(f"{T}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "TC2026-05A" in html and 'data-testid="trace-lot"' in html
    assert page.context["page"].object_list[0].flags == 1


def test_a_lot_with_issued_codes_keeps_its_gtin_and_code(client, farm):
    producer, product, _ = farm
    lot = tb.lot(producer=producer, product=product)
    TraceCode.objects.create(lot=lot, gtin=lot.gtin, lot_code=lot.code, serial="")
    response = client.post(
        f"{T}/lots/{lot.pk}/edit/", {"product": product.pk, "code": "KHAC-1", "unit": "kg"}
    )
    assert response.status_code == 400
    assert "can no longer change" in response.content.decode()
    response = client.post(
        f"{T}/lots/{lot.pk}/edit/",
        {"product": product.pk, "code": lot.code, "unit": "kg", "growing_area": "Đồi mới"},
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    assert (lot.code, lot.growing_area) == ("TC2026-05A", "Đồi mới")


def test_messages_are_vietnamese_by_default(client, farm, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    with translation.override("vi"):
        response = client.post(f"{T}/import/", {"file": SimpleUploadedFile("x.json", b"{oops")})
    assert response.status_code == 400
    assert "Tệp không phải JSON" in response.content.decode()
    assert not TraceEvent.objects.exists()
