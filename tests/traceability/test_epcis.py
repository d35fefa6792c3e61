"""EPCIS 2.0: export (command and API) validated against traceability/epcis_schema.json,
and import of a partner's ObjectEvents (command), all or nothing."""

from __future__ import annotations

import copy
import json
from io import StringIO

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests import factories
from tests.fulfilment import builders
from tests.traceability import trace_builders as tb
from traceability import epcis, epcis_services
from traceability.models import TraceEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The assertions read the source (English) messages; their Vietnamese is checked by
    tests/config/test_translations.py and test_import_errors_are_vietnamese_by_default below."""
    with translation.override("en"):
        yield


BASE = "http://testserver.vn"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = BASE


@pytest.fixture
def tea():
    producer = factories.producer()
    fresh = tb.lot(producer=producer, code="TUOI-0512", gtin_body="0893850597002")
    dried = tb.lot(producer=producer, product=fresh.product, code="TC2026-05A")
    events = tb.timeline(fresh, dried)
    return fresh, dried, events


def validate(document):
    jsonschema.Draft202012Validator(epcis.schema()).validate(document)


def export(*args) -> dict:
    out = StringIO()
    call_command("export_epcis", *args, stdout=out)
    return json.loads(out.getvalue())


# --- export ------------------------------------------------------------------------------


def test_export_of_a_lot_is_a_valid_epcis_document_with_its_whole_history(tea):
    fresh, dried, _events = tea
    document = export("--lot", "TC2026-05A")
    validate(document)
    assert document["@context"][0] == epcis.CONTEXT
    assert document["type"] == "EPCISDocument"
    assert document["schemaVersion"] == "2.0"
    events = document["epcisBody"]["eventList"]
    # The dried lot's history includes the transformation that produced it, not the harvest.
    assert [e["bizStep"] for e in events] == ["transforming", "packing", "shipping"]
    transformation, packing, shipping = events
    assert transformation["type"] == "TransformationEvent"
    assert "action" not in transformation
    assert transformation["inputQuantityList"] == [
        {"epcClass": f"{BASE}/01/{fresh.gtin}/10/TUOI-0512"}
    ]
    assert (
        transformation["outputQuantityList"][0]["epcClass"]
        == f"{BASE}/01/{dried.gtin}/10/TC2026-05A"
    )
    assert packing["action"] == "ADD" and shipping["action"] == "OBSERVE"
    assert packing["eventTime"] == "2026-05-14T09:00:00.000+07:00"
    assert packing["eventTimeZoneOffset"] == "+07:00"
    assert shipping["bizLocation"] == {"id": "urn:epc:id:sgln:8938505.00001.0"}


def test_export_of_everything_carries_quantities_with_un_cefact_units(tea, tmp_path):
    target = tmp_path / "events.jsonld"
    call_command("export_epcis", "--output", str(target), stderr=StringIO())
    document = json.loads(target.read_text(encoding="utf-8"))
    validate(document)
    harvest = document["epcisBody"]["eventList"][0]
    assert harvest["bizStep"] == "commissioning"
    assert harvest["quantityList"] == [
        {"epcClass": f"{BASE}/01/{tea[0].gtin}/10/TUOI-0512", "quantity": 120.0, "uom": "KGM"}
    ]
    assert harvest["choso:locationName"] == "Đồi chè Hoàng Bình"
    assert len(document["epcisBody"]["eventList"]) == 4


def test_export_event_ids_are_stable_uris(tea):
    first = export("--lot", "TC2026-05A")["epcisBody"]["eventList"]
    again = export("--lot", "TC2026-05A")["epcisBody"]["eventList"]
    assert [e["eventID"] for e in first] == [e["eventID"] for e in again]
    assert all(e["eventID"].startswith("urn:uuid:") for e in first)


def test_export_unknown_lot_is_a_clear_command_error(tea):
    with pytest.raises(CommandError, match="KHONG-CO"):
        export("--lot", "KHONG-CO")


def test_the_schema_rejects_what_the_standard_forbids(tea):
    document = export("--lot", "TC2026-05A")
    broken = copy.deepcopy(document)
    del broken["epcisBody"]["eventList"][1]["action"]  # ObjectEvent requires an action
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    broken = copy.deepcopy(document)
    broken["epcisBody"]["eventList"][0]["action"] = "ADD"  # a transformation has none
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    broken = copy.deepcopy(document)
    broken["epcisBody"]["eventList"][1]["bizStep"] = "dancing"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    broken = copy.deepcopy(document)
    broken["epcisBody"]["eventList"][1]["eventTimeZoneOffset"] = "7h"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


# --- API -----------------------------------------------------------------------------------


def test_api_lot_events_are_public_json_ld(client, tea):
    response = client.get("/api/epcis/events", {"lot": "TC2026-05A"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = response.json()
    validate(document)
    assert len(document["epcisBody"]["eventList"]) == 3


def test_api_unknown_lot_is_404_and_bad_gtin_is_400(client, tea):
    response = client.get("/api/epcis/events", {"lot": "KHONG-CO"})
    assert response.status_code == 404
    assert "KHONG-CO" in response.json()["error"]
    response = client.get("/api/epcis/events", {"lot": "TC2026-05A", "gtin": "12345"})
    assert response.status_code == 400
    assert "gtin" in response.json()["error"]
    assert client.get("/api/epcis/events", {"lot": "x" * 21}).status_code == 400


def test_api_ambiguous_lot_code_asks_for_the_gtin(client, tea):
    other = factories.producer(name="HTX Khác", slug="htx-khac")
    tb.lot(producer=other, code="TC2026-05A", gtin_body="0893850597099")
    response = client.get("/api/epcis/events", {"lot": "TC2026-05A"})
    assert response.status_code == 400
    assert "GTIN" in response.json()["error"]
    response = client.get("/api/epcis/events", {"lot": "TC2026-05A", "gtin": tea[1].gtin})
    assert response.status_code == 200


def test_api_full_list_is_for_producers_and_staff(client, tea):
    assert client.get("/api/epcis/events").status_code == 400
    client.force_login(builders.shopper())
    assert client.get("/api/epcis/events").status_code == 400
    other = factories.producer(name="HTX Khác", slug="htx-khac")
    client.force_login(builders.producer_staff(other, "farmer.b"))
    assert client.get("/api/epcis/events").json()["epcisBody"]["eventList"] == []
    client.force_login(builders.producer_staff(tea[0].producer, "farmer.a"))
    assert len(client.get("/api/epcis/events").json()["epcisBody"]["eventList"]) == 4
    client.force_login(builders.staff())
    assert len(client.get("/api/epcis/events").json()["epcisBody"]["eventList"]) == 4
    assert client.post("/api/epcis/events").status_code == 405


# --- import --------------------------------------------------------------------------------


def partner_document(
    *uris, biz_step="receiving", event_id="urn:uuid:5b7e0d4e-0000-4000-8000-000000000001"
):
    return {
        "@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-05-16T10:00:00Z",
        "epcisBody": {
            "eventList": [
                {
                    "type": "ObjectEvent",
                    "eventID": event_id,
                    "eventTime": "2026-05-16T09:30:00.000+07:00",
                    "eventTimeZoneOffset": "+07:00",
                    "action": "OBSERVE",
                    "bizStep": f"https://ref.gs1.org/cbv/BizStep-{biz_step}",
                    "disposition": "https://ref.gs1.org/cbv/Disp-in_progress",
                    "bizLocation": {"id": "https://id.gs1.org/414/8938505000017"},
                    "quantityList": [
                        {"epcClass": uri, "quantity": 40, "uom": "KGM"} for uri in uris
                    ],
                }
            ]
        },
    }


def write(tmp_path, document, name="partner.jsonld"):
    path = tmp_path / name
    path.write_text(
        document if isinstance(document, str) else json.dumps(document), encoding="utf-8"
    )
    return str(path)


def test_import_attaches_partner_events_to_the_lot_once(tea, tmp_path):
    dried = tea[1]
    path = write(tmp_path, partner_document(f"https://other.example/01/{dried.gtin}/10/TC2026-05A"))
    out = StringIO()
    call_command("import_epcis", path, "--source", "Nhà máy chè Sông Cầu", stdout=out)
    assert "1 event(s) imported" in out.getvalue()
    event = TraceEvent.objects.get(source="Nhà máy chè Sông Cầu")
    assert list(event.lots.all()) == [dried]
    assert event.biz_step == "receiving" and event.action == "OBSERVE"
    assert event.disposition == "in_progress"
    assert event.quantity == 40 and event.unit == "kg"
    assert event.location_id == "https://id.gs1.org/414/8938505000017"
    out = StringIO()
    call_command("import_epcis", path, stdout=out)
    assert "0 event(s) imported, 1 already recorded" in out.getvalue()
    assert TraceEvent.objects.filter(biz_step="receiving").count() == 1


def test_import_of_our_own_export_round_trips_object_events(tea, tmp_path):
    document = export("--lot", "TC2026-05A")
    document["epcisBody"]["eventList"] = [
        e for e in document["epcisBody"]["eventList"] if e["type"] == "ObjectEvent"
    ]
    for e in document["epcisBody"]["eventList"]:
        e["eventID"] = e["eventID"].replace("urn:uuid:", "urn:uuid:0")[:45]
    counts = epcis_services.epcis_import(
        raw=json.dumps(document), lots=tea[1].producer.lots.all(), source="test"
    )
    assert counts == {"created": 2, "skipped": 0}


@pytest.mark.parametrize(
    "content, expected",
    [
        ("this is not json", "not JSON"),
        ('["a list"]', "not an EPCIS document"),
        ('{"type": "EPCISDocument"}', "“@context” is missing"),
    ],
)
def test_import_rejects_files_that_are_not_epcis(tea, tmp_path, content, expected):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_epcis", write(tmp_path, content), stderr=err)
    assert expected in err.getvalue()
    assert TraceEvent.objects.count() == 4


def test_import_names_the_event_and_member_of_each_problem_and_saves_nothing(tea, tmp_path):
    dried = tea[1]
    document = partner_document(f"{BASE}/01/{dried.gtin}/10/TC2026-05A")
    good = document["epcisBody"]["eventList"][0]
    bad = copy.deepcopy(good)
    del bad["action"]
    bad["eventTimeZoneOffset"] = "+7"
    document["epcisBody"]["eventList"] = [good, bad]
    with pytest.raises(epcis.EPCISImportError) as caught:
        epcis_services.epcis_import(
            raw=json.dumps(document), lots=dried.producer.lots.all(), source="x"
        )
    text = "\n".join(caught.value.errors)
    assert "Event 2, the event: “action” is missing." in text
    assert "Event 2, eventTimeZoneOffset:" in text
    assert "Event 1" not in text
    assert TraceEvent.objects.count() == 4


def test_import_rejects_transformations_and_unknown_business_steps(tea):
    dried = tea[1]
    document = partner_document(f"{BASE}/01/{dried.gtin}/10/TC2026-05A", biz_step="dancing")
    with pytest.raises(epcis.EPCISImportError) as caught:
        epcis.parse_import(json.dumps(document))
    assert "Event 1, bizStep" in caught.value.errors[0]
    document = partner_document(f"{BASE}/01/{dried.gtin}/10/TC2026-05A")
    event = document["epcisBody"]["eventList"][0]
    del event["action"]
    event["type"] = "TransformationEvent"
    event["inputQuantityList"] = event.pop("quantityList")
    with pytest.raises(epcis.EPCISImportError, match="only ObjectEvents"):
        epcis.parse_import(json.dumps(document))


def test_import_rejects_uris_that_are_not_lot_digital_links(tea):
    document = partner_document("urn:epc:class:lgtin:8938505.097001.L1")
    with pytest.raises(epcis.EPCISImportError, match="not a GS1 Digital Link"):
        epcis.parse_import(json.dumps(document))
    document = partner_document(f"{BASE}/01/{tea[1].gtin}")
    with pytest.raises(epcis.EPCISImportError, match="no lot"):
        epcis.parse_import(json.dumps(document))


def test_import_of_an_unknown_lot_or_another_producers_lot_saves_nothing(tea):
    dried = tea[1]
    other = factories.producer(name="HTX Khác", slug="htx-khac")
    theirs = tb.lot(producer=other, code="MO-01", gtin_body="0893850597099")
    document = partner_document(
        f"{BASE}/01/{dried.gtin}/10/TC2026-05A",
        f"{BASE}/01/{dried.gtin}/10/KHONG-CO",
        f"{BASE}/01/{theirs.gtin}/10/MO-01",
    )
    with pytest.raises(epcis.EPCISImportError) as caught:
        epcis_services.epcis_import(
            raw=json.dumps(document), lots=dried.producer.lots.all(), source="x"
        )
    errors = caught.value.errors
    assert len(errors) == 2
    assert "KHONG-CO" in errors[0] and "MO-01" in errors[1]
    # Another producer's lot reads exactly like a lot that does not exist.
    assert errors[0].replace("KHONG-CO", "?").replace(dried.gtin, "?") == errors[1].replace(
        "MO-01", "?"
    ).replace(theirs.gtin, "?")
    assert TraceEvent.objects.count() == 4


def test_import_finds_the_lot_of_a_serial_without_lot_in_its_uri(tea):
    from traceability.models import TraceCode

    dried = tea[1]
    TraceCode.objects.create(lot=dried, gtin=dried.gtin, lot_code=dried.code, serial="Xk7pQ2mN")
    document = partner_document()
    event = document["epcisBody"]["eventList"][0]
    del event["quantityList"]
    event["epcList"] = [f"{BASE}/01/{dried.gtin}/21/Xk7pQ2mN"]
    counts = epcis_services.epcis_import(
        raw=json.dumps(document), lots=dried.producer.lots.all(), source="x"
    )
    assert counts["created"] == 1
    assert list(TraceEvent.objects.get(source="x").lots.all()) == [dried]


def test_instance_level_export_lists_the_packed_lots_serials(tea, client):
    from traceability.models import TraceCode

    dried = tea[1]
    for serial, status in (("AAAA2222", "issued"), ("BBBB3333", "sold"), ("VOID4444", "void")):
        TraceCode.objects.create(
            lot=dried, gtin=dried.gtin, lot_code=dried.code, serial=serial, status=status
        )
    document = export("--lot", "TC2026-05A", "--serials")
    validate(document)
    packing = next(e for e in document["epcisBody"]["eventList"] if e["bizStep"] == "packing")
    assert packing["epcList"] == [
        f"{BASE}/01/{dried.gtin}/10/TC2026-05A/21/AAAA2222",
        f"{BASE}/01/{dried.gtin}/10/TC2026-05A/21/BBBB3333",
    ]
    shipping = next(e for e in document["epcisBody"]["eventList"] if e["bizStep"] == "shipping")
    assert shipping["epcList"] == []  # class-level only: the lot in quantityList
    response = client.get("/api/epcis/events", {"lot": "TC2026-05A", "serials": "1"})
    assert response.json()["epcisBody"]["eventList"][1]["epcList"] == packing["epcList"]
    assert (
        client.get("/api/epcis/events", {"lot": "TC2026-05A", "serials": "yes"}).status_code == 400
    )


def test_instance_level_export_refuses_a_huge_lot(tea, monkeypatch):
    from traceability.models import TraceCode

    dried = tea[1]
    monkeypatch.setattr(epcis_services, "MAX_EXPORT_SERIALS", 2)
    for serial in ("AAAA2222", "BBBB3333", "CCCC4444"):
        TraceCode.objects.create(lot=dried, gtin=dried.gtin, lot_code=dried.code, serial=serial)
    with pytest.raises(CommandError, match="more than 2"):
        export("--lot", "TC2026-05A", "--serials")


def test_import_errors_are_vietnamese_by_default(tea, tmp_path):
    err = StringIO()
    with translation.override("vi"), pytest.raises(CommandError):
        call_command("import_epcis", write(tmp_path, "this is not json"), stderr=err)
    assert "Tệp không phải JSON" in err.getvalue()
