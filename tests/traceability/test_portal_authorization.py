"""Authorization matrix for the traceability pages of the producer portal and the EPCIS API:
every route × every role → expected status. Another producer's lot, code, label job or
upload target answers 404, as if it did not exist.

Expected values: an HTTP status, "login" (302 to the sign-in page) or "done" (302 anywhere
else: the action was carried out and the page moved on).
"""

from __future__ import annotations

import fnmatch
import json
import re
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.demo import seed_product_classes
from catalog.services import product_set_gtin
from tests import factories
from tests.fulfilment import builders
from tests.traceability import trace_builders as tb
from traceability import label_services
from traceability.portal import urls as trace_portal_urls

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "shopper", "producer_a", "producer_b", "team_a", "staff")
A, B = "htx-che-tan-cuong", "htx-mat-ong-dinh-hoa"
T_A, T_B = f"/producer/{A}/trace", f"/producer/{B}/trace"

A_PAGE = {"anonymous": "login", "shopper": 404, "producer_a": 200, "producer_b": 404,
          "team_a": 200, "staff": 200}  # fmt: skip
B_PAGE = {"anonymous": "login", "shopper": 404, "producer_a": 404, "producer_b": 200,
          "team_a": 404, "staff": 200}  # fmt: skip
A_ACTION = {**A_PAGE, "producer_a": "done", "team_a": "done", "staff": "done"}
B_ACTION = {**B_PAGE, "producer_b": "done", "staff": "done"}
NOBODY = {"anonymous": "login", "shopper": 404, "producer_a": 404, "producer_b": 404,
          "team_a": 404, "staff": 404}  # fmt: skip
PUBLIC = dict.fromkeys(ROLES, 200)

CASES = [
    ("lots-a", "get", f"{T_A}/", A_PAGE),
    ("lots-b", "get", f"{T_B}/", B_PAGE),
    ("lot-new-a", "get", f"{T_A}/lots/new/", A_PAGE),
    ("lot-create-a", "post", f"{T_A}/lots/new/", A_ACTION),
    ("lot-create-b", "post", f"{T_B}/lots/new/", B_ACTION),
    ("lot-a", "get", f"{T_A}/lots/{{lot_a}}/", A_PAGE),
    ("lot-b", "get", f"{T_B}/lots/{{lot_b}}/", B_PAGE),
    ("lot-b-via-a", "get", f"{T_A}/lots/{{lot_b}}/", NOBODY),
    ("lot-edit-a", "get", f"{T_A}/lots/{{lot_a}}/edit/", A_PAGE),
    ("lot-save-a", "post", f"{T_A}/lots/{{lot_a}}/edit/", A_ACTION),
    ("lot-save-b-via-a", "post", f"{T_A}/lots/{{lot_b}}/edit/", NOBODY),
    ("codes-a", "get", f"{T_A}/lots/{{lot_a}}/codes/?show=flagged", A_PAGE),
    ("codes-b-via-a", "get", f"{T_A}/lots/{{lot_b}}/codes/", NOBODY),
    ("event-new-a", "get", f"{T_A}/lots/{{lot_a}}/events/new/", A_PAGE),
    ("event-create-a", "post", f"{T_A}/lots/{{lot_a}}/events/new/", A_ACTION),
    ("event-create-b-via-a", "post", f"{T_A}/lots/{{lot_b}}/events/new/", NOBODY),
    ("issue-a", "post", f"{T_A}/lots/{{lot_a}}/issue/", A_ACTION),
    ("issue-b-via-a", "post", f"{T_A}/lots/{{lot_b}}/issue/", NOBODY),
    ("issue-b", "post", f"{T_B}/lots/{{lot_b}}/issue/", B_ACTION),
    ("labels-a", "post", f"{T_A}/lots/{{lot_a}}/labels/", A_ACTION),
    ("labels-b-via-a", "post", f"{T_A}/lots/{{lot_b}}/labels/", NOBODY),
    ("label-job-a", "get", f"{T_A}/labels/{{job_a}}/", A_PAGE),
    ("label-job-a-json", "get", f"{T_A}/labels/{{job_a}}/?format=json", A_PAGE),
    ("label-job-b-via-a", "get", f"{T_A}/labels/{{job_b}}/", NOBODY),
    ("label-job-b", "get", f"{T_B}/labels/{{job_b}}/", B_PAGE),
    ("label-download-a", "get", f"{T_A}/labels/{{job_a}}/download/", A_PAGE),
    ("label-download-b-via-a", "get", f"{T_A}/labels/{{job_b}}/download/", NOBODY),
    ("import-a", "get", f"{T_A}/import/", A_PAGE),
    ("import-own-lot-a", "post", f"{T_A}/import/", A_ACTION),
    # B's lot uploaded through A's page: refused as "not one of your lots", staff included.
    ("import-b-lot-via-a", "post", f"{T_A}/import/",
     {**A_PAGE, "producer_a": 400, "team_a": 400, "staff": 400}),
    ("trace-unknown-producer", "get", "/producer/khong-co-ai/trace/", NOBODY),
    # --- EPCIS API: one lot's events are public; the full list is for producers and staff.
    ("api-lot-a", "get", "/api/epcis/events?lot=CHE-A1", PUBLIC),
    ("api-unknown-lot", "get", "/api/epcis/events?lot=KHONG-CO", dict.fromkeys(ROLES, 404)),
    ("api-all", "get", "/api/epcis/events",
     {**PUBLIC, "anonymous": 400, "shopper": 400}),
]  # fmt: skip


def epcis_file(lot) -> SimpleUploadedFile:
    document = {
        "@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-05-16T10:00:00Z",
        "epcisBody": {
            "eventList": [
                {
                    "type": "ObjectEvent",
                    "eventTime": "2026-05-16T09:30:00+07:00",
                    "eventTimeZoneOffset": "+07:00",
                    "action": "OBSERVE",
                    "bizStep": "receiving",
                    "quantityList": [{"epcClass": f"https://x.vn/01/{lot.gtin}/10/{lot.code}"}],
                }
            ]
        },
    }
    return SimpleUploadedFile("partner.jsonld", json.dumps(document).encode(), "application/json")


@pytest.fixture
def world(settings):
    settings.SITE_URL = "https://cho.example"
    seed_product_classes()
    a, b = builders.producer_pair()
    product_a = factories.product(title="Chè móc câu", owner=a)
    product_b = factories.product(title="Mật ong", owner=b)
    product_set_gtin(product=product_a, gtin=tb.gtin("0893850597001"))
    lot_a = tb.lot(producer=a, product=product_a, code="CHE-A1", gtin_body="0893850597001")
    lot_b = tb.lot(producer=b, product=product_b, code="MO-B1", gtin_body="0893850597002")
    jobs = {}
    for key, lot in (("job_a", lot_a), ("job_b", lot_b)):
        job = label_services.label_job_request(lot=lot, layout="a4-40", copies=2, user=None)
        jobs[key] = label_services.label_job_build(job_id=job.pk).pk
    users = {
        "anonymous": None,
        "shopper": builders.shopper(),
        "producer_a": builders.producer_staff(a, "farmer.a"),
        "producer_b": builders.producer_staff(b, "farmer.b"),
        "team_a": builders.digital_team_member("to.cong.nghe.a", a),
        "staff": builders.staff(),
    }
    ids = {"lot_a": lot_a.pk, "lot_b": lot_b.pk, "product_a": product_a.pk,
           "product_b": product_b.pk, **jobs}  # fmt: skip
    return users, ids, {"lot_a": lot_a, "lot_b": lot_b}


def post_data(case_id: str, ids: dict, lots: dict):
    if case_id in ("lot-create-a", "lot-save-a"):
        code = "CHE-A2" if case_id == "lot-create-a" else "CHE-A1"
        return {"product": ids["product_a"], "code": code, "unit": "kg"}
    if case_id == "lot-create-b":
        return {"product": ids["product_b"], "code": "MO-B2", "gtin": tb.gtin("0893850597003"),
                "unit": "kg"}  # fmt: skip
    if case_id.startswith("lot-save-b"):
        return {"product": ids["product_b"], "code": "MO-B1", "unit": "kg"}
    if case_id.startswith("event-create"):
        return {"biz_step": "packing", "event_time": "2026-05-14T09:00", "location_name": "Xưởng"}
    if case_id.startswith("issue"):
        return {"count": "3"}
    if case_id.startswith("labels"):
        return {"layout": "a4-24", "copies": "2"}
    if case_id == "import-own-lot-a":
        return {"file": epcis_file(lots["lot_a"])}
    if case_id == "import-b-lot-via-a":
        return {"file": epcis_file(lots["lot_b"])}
    return {}


def outcome(response) -> object:
    if response.status_code != 302:
        return response.status_code
    return "login" if urlsplit(response["Location"]).path == "/accounts/login/" else "done"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case_id, method, url, expected", CASES, ids=[case[0] for case in CASES])
def test_trace_authorization_matrix(client, world, role, case_id, method, url, expected):
    users, ids, lots = world
    if users[role] is not None:
        client.force_login(users[role])
    target = url.format(**ids)
    if method == "get":
        response = client.get(target)
    else:
        response = client.post(target, post_data(case_id, ids, lots))
    assert outcome(response) == expected[role], (role, method, target)


def route_shape(route: str) -> str:
    return re.sub(r"<[^>]+>", "*", route)


def test_matrix_covers_every_trace_portal_url():
    covered = {case[2].split("?")[0] for case in CASES}
    missing = [
        p.pattern._route
        for p in trace_portal_urls.urlpatterns
        if not any(
            fnmatch.fnmatch(url, "/producer/" + route_shape(p.pattern._route)) for url in covered
        )
    ]
    assert missing == []
