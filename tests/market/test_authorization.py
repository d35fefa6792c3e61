"""Authorization matrix for the market URLs: every URL × every role → expected status.

Roles: anonymous, a shopper, a board member of market A, a board member of market B, the
stallholder of stall A-01, a provincial official of A's province (read only), a community
digital team member supporting A, and staff. Expected values: an HTTP status, "login" (302 to
the sign-in page) or "done" (302 elsewhere: the action was carried out).
"""

from __future__ import annotations

import fnmatch
import re
from urllib.parse import urlsplit

import pytest

from market import services, tasks
from market import urls as market_urls
from market.models import QRAlert, StandeeBatch
from market.stall import urls as stall_urls
from tests.market import builders

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "shopper", "board_a", "board_b", "stallholder", "official",
         "digital_a", "staff")  # fmt: skip
A, B = "cho-hung-son", "cho-na-hang"

PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": "login"}
# The register of market A: who may read it, who may change it.
READ_A = {"anonymous": "login", "shopper": 403, "board_a": 200, "board_b": 403,
          "stallholder": 403, "official": 200, "digital_a": 200, "staff": 200}  # fmt: skip
MANAGE_A = {**READ_A, "official": 403}
ACT_A = {**MANAGE_A, "board_a": "done", "digital_a": "done", "staff": "done"}
READ_B = {"anonymous": "login", "shopper": 403, "board_a": 403, "board_b": 200,
          "stallholder": 403, "official": 403, "digital_a": 403, "staff": 200}  # fmt: skip
# Stall A-01's own pages: its stallholder too.
STALL_A1 = {**READ_A, "stallholder": 200}
ALERTS_A = {**MANAGE_A, "digital_a": 403}
# A province's overview (Thái Nguyên, market A's): its official and staff.
PROVINCE_TN = {**dict.fromkeys(ROLES, 403), "anonymous": "login", "official": 200, "staff": 200}
NOT_FOUND = {**dict.fromkeys(ROLES, 404), "anonymous": "login"}

# (id, method, url template, expected per role)
CASES = [
    ("directory", "get", "/markets/", PUBLIC),
    ("detail", "get", f"/markets/{A}/", PUBLIC),
    ("detail-unknown", "get", "/markets/khong-co/", dict.fromkeys(ROLES, 404)),
    ("mine", "get", "/markets/mine/", SIGNED_IN),
    ("register-a", "get", f"/markets/{A}/stalls/", READ_A),
    ("register-a-no-qr", "get", f"/markets/{A}/stalls/?status=no_qr&q=A", READ_A),
    ("register-b", "get", f"/markets/{B}/stalls/", READ_B),
    ("register-unknown", "get", "/markets/khong-co/stalls/", NOT_FOUND),
    ("create-form-a", "get", f"/markets/{A}/stalls/new/", MANAGE_A),
    ("create-a", "post", f"/markets/{A}/stalls/new/", ACT_A),
    ("import-form-a", "get", f"/markets/{A}/stalls/import/", MANAGE_A),
    ("import-a", "post", f"/markets/{A}/stalls/import/", ACT_A),
    ("export-a", "get", f"/markets/{A}/stalls.csv", READ_A),
    ("stall-a1", "get", f"/markets/{A}/stalls/A-01/", STALL_A1),
    ("stall-a1-lowercase", "get", f"/markets/{A}/stalls/a-01/", STALL_A1),
    ("stall-a2", "get", f"/markets/{A}/stalls/A-02/", READ_A),
    ("stall-b1", "get", f"/markets/{B}/stalls/B-01/", READ_B),
    ("stall-b1-via-a", "get", f"/markets/{A}/stalls/B-01/", NOT_FOUND),
    ("edit-form-a1", "get", f"/markets/{A}/stalls/A-01/edit/", MANAGE_A),
    ("edit-a1", "post", f"/markets/{A}/stalls/A-01/edit/", ACT_A),
    ("close-a2", "post", f"/markets/{A}/stalls/A-02/close/", ACT_A),
    ("close-a1-get", "get", f"/markets/{A}/stalls/A-01/close/",
     {**dict.fromkeys(ROLES, 405)}),
    ("qr-register-a1", "post", f"/markets/{A}/stalls/A-01/qr/register/", ACT_A),
    ("qr-png-a1", "get", f"/markets/{A}/stalls/A-01/qr.png", STALL_A1),
    ("standee-a6-a1", "get", f"/markets/{A}/stalls/A-01/standee-A6.pdf", STALL_A1),
    ("standee-a5-a1", "get", f"/markets/{A}/stalls/A-01/standee-A5.pdf", STALL_A1),
    ("standee-a1-bad-size", "get", f"/markets/{A}/stalls/A-01/standee-A4.pdf",
     {**STALL_A1, **{r: 404 for r, v in STALL_A1.items() if v == 200}}),
    ("standee-a2-no-qr", "get", f"/markets/{A}/stalls/A-02/standee-A6.pdf",
     {**READ_A, **{r: 404 for r, v in READ_A.items() if v == 200}}),
    ("standees-a", "get", f"/markets/{A}/standees/", READ_A),
    ("standees-start-a", "post", f"/markets/{A}/standees/", {**ACT_A, "official": 403}),
    ("standee-batch-a", "get", f"/markets/{A}/standees/{{batch_a}}/", READ_A),
    ("standee-batch-a-json", "get", f"/markets/{A}/standees/{{batch_a}}/?format=json", READ_A),
    ("standee-batch-a-download", "get", f"/markets/{A}/standees/{{batch_a}}/download/", READ_A),
    ("standee-batch-a-via-b", "get", f"/markets/{B}/standees/{{batch_a}}/",
     {**READ_B, "board_b": 404, "staff": 404}),
    ("alerts-a", "get", f"/markets/{A}/alerts/", ALERTS_A),
    ("alerts-b", "get", f"/markets/{B}/alerts/", {**READ_B, "board_b": 200}),
    ("board-a", "get", f"/markets/{A}/board/", READ_A),
    ("board-a-recompute", "post", f"/markets/{A}/board/recompute/",
     {"anonymous": "login", "shopper": 403, "board_a": "done", "board_b": 403,
      "stallholder": 403, "official": 403, "digital_a": 403, "staff": "done"}),  # fmt: skip
    ("board-a-range", "get", f"/markets/{A}/board/?start=2026-01-01&end=2026-01-31&unpaid=on",
     READ_A),
    ("board-a-bad-range", "get", f"/markets/{A}/board/?start=2026-02-01&end=2026-01-01",
     {**READ_A, **{r: 400 for r, v in READ_A.items() if v == 200}}),
    ("board-a-days-csv", "get", f"/markets/{A}/board/days.csv", READ_A),
    ("board-a-days-xlsx", "get", f"/markets/{A}/board/days.xlsx", READ_A),
    ("board-a-stalls-csv", "get", f"/markets/{A}/board/stalls.csv?unpaid=on", READ_A),
    ("board-a-stalls-xlsx", "get", f"/markets/{A}/board/stalls.xlsx", READ_A),
    ("board-b", "get", f"/markets/{B}/board/", READ_B),
    ("board-b-stalls-csv", "get", f"/markets/{B}/board/stalls.csv", READ_B),
    ("board-unknown", "get", "/markets/khong-co/board/", NOT_FOUND),
    ("province-a", "get", "/markets/province/thai-nguyen/", PROVINCE_TN),
    ("province-a-csv", "get", "/markets/province/thai-nguyen/markets.csv", PROVINCE_TN),
    ("province-a-xlsx", "get", "/markets/province/thai-nguyen/markets.xlsx", PROVINCE_TN),
    ("province-b", "get", "/markets/province/tuyen-quang/", {**PROVINCE_TN, "official": 403}),
    ("province-unknown", "get", "/markets/province/khong-co/", NOT_FOUND),
    ("qr-check", "get", "/qr/check/", PUBLIC),
    ("qr-check-post", "post", "/qr/check/", PUBLIC),
    ("qr-report", "post", "/qr/check/report/", dict.fromkeys(ROLES, "done")),
]  # fmt: skip

# The stall app (/stall/, market/stall/urls.py): the stallholder of stall A-01 only. Anyone
# else signed in holds no stall (403); a stall that is not theirs would be 404 (see
# tests/market/test_stall_app.py for a stallholder of another stall).
S = "/stall/cho-hung-son/A-01/"
STALLHOLDER_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": "login", "stallholder": 200}
STALLHOLDER_ACTS = {**STALLHOLDER_ONLY, "stallholder": "done"}
STALLHOLDER_JSON = {**STALLHOLDER_ONLY, "anonymous": 401}
STALL_CASES = [
    ("stall-home", "get", "/stall/", {**STALLHOLDER_ONLY, "stallholder": "done"}),
    ("stall-speaker-home", "get", "/stall/speaker/", {**STALLHOLDER_ONLY, "stallholder": "done"}),
    ("stall-keypad", "get", S, STALLHOLDER_ONLY),
    ("stall-charge-create", "post", S, STALLHOLDER_ACTS),
    ("stall-charge", "get", S + "qr/{charge_a1}/", STALLHOLDER_ONLY),
    ("stall-charge-status", "get", S + "qr/{charge_a1}/status.json", STALLHOLDER_JSON),
    ("stall-cash-form", "get", S + "cash/", STALLHOLDER_ONLY),
    ("stall-cash", "post", S + "cash/", STALLHOLDER_ACTS),
    ("stall-today", "get", S + "today/", STALLHOLDER_ONLY),
    ("stall-speaker", "get", S + "speaker/", STALLHOLDER_ONLY),
    ("stall-speaker-sales", "get", S + "speaker/sales.json?after=0", STALLHOLDER_JSON),
    ("stall-b1-keypad", "get", "/stall/cho-na-hang/B-01/",
     {**STALLHOLDER_ONLY, "stallholder": 404}),
    ("stall-unknown-charge", "get", S + "qr/CSNOPE99/", {**STALLHOLDER_ONLY, "stallholder": 404}),
]  # fmt: skip
CASES += STALL_CASES


def post_data(case_id: str, world: builders.World) -> dict:
    if case_id == "create-a":
        return {"code": "A-99", "name": "Quầy thử", "goods_category": "tea"}
    if case_id == "edit-a1":
        return {
            "code": "A-01",
            "name": "Quầy A-01 mới",
            "goods_category": "tea",
            "bank_bin": builders.VCB,
            "account_number": "1023456789",
            "holder_name": "NGUYEN THI HOA",
        }
    if case_id == "close-a2":
        return {"closed_on": "2026-01-02"}
    if case_id == "import-a":
        return {"file": builders.csv_upload("code,name\nA-50,Quầy nhập\n")}
    if case_id == "standees-start-a":
        return {"size": "A6"}
    if case_id == "qr-check-post":
        return {"payload": world.stalls["a1"].qr_codes.get(is_active=True).payload}
    if case_id == "stall-charge-create":
        return {"amount": "150000"}
    if case_id == "stall-cash":
        return {"amount": "20.000", "token": "7d9f3c8e-2f0b-4f55-9d55-0c6a1a0f1b2c"}
    if case_id == "qr-report":
        return {"payload": "000201010211", "market": world.market_a.pk, "note": "giả"}
    return {}


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    data = builders.world()
    with django_capture_on_commit_callbacks(execute=True):  # the Celery task runs eagerly
        batch = services.standee_batch_request(
            market=data.market_a, size="A6", actor=data.users["board_a"]
        )
        tasks.enqueue_standee_batch(batch.pk)
    data.batch_a = batch.pk
    data.charge_a1 = services.stall_charge_create(
        stall=data.stalls["a1"], amount=50000, actor=None
    ).payment_request.reference
    return data


def outcome(response) -> object:
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"]).path
    return "login" if location == "/accounts/login/" else "done"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case_id, method, url, expected", CASES, ids=[case[0] for case in CASES])
def test_authorization_matrix(
    client, world, role, case_id, method, url, expected, django_capture_on_commit_callbacks
):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    target = url.format(batch_a=world.batch_a, charge_a1=world.charge_a1)
    with django_capture_on_commit_callbacks(execute=True):
        if method == "get":
            response = client.get(target)
        else:
            response = client.post(target, post_data(case_id, world))
    assert outcome(response) == expected[role], (role, method, target)


def test_refused_changes_change_nothing(client, world):
    """A board member of market B posting to market A's stall changes nothing."""
    stall = world.stalls["a1"]
    client.force_login(world.users["board_b"])
    before = builders.reload(stall)
    client.post(f"/markets/{A}/stalls/A-01/edit/", post_data("edit-a1", world))
    client.post(f"/markets/{A}/stalls/A-01/close/", {"closed_on": "2026-01-01"})
    client.force_login(world.users["official"])
    client.post(f"/markets/{A}/stalls/A-01/qr/register/")
    client.post(f"/markets/{A}/standees/", {"size": "A5"})
    after = builders.reload(stall)
    assert (after.name, after.is_active) == (before.name, before.is_active)
    assert after.qr_codes.count() == 1 and after.changes.count() == 1
    assert StandeeBatch.objects.count() == 1
    assert QRAlert.objects.count() == 0


def route_shape(route: str) -> str:
    return re.sub(r"<[^>]+>", "*", route)


@pytest.mark.parametrize("prefix, urls", [("/", market_urls), ("/stall/", stall_urls)])
def test_matrix_covers_every_market_url(prefix, urls):
    covered = {
        case[2].split("?")[0].replace("{batch_a}", "1").replace("{charge_a1}", "CS1")
        for case in CASES
    }
    missing = [
        p.pattern._route
        for p in urls.urlpatterns
        if not any(fnmatch.fnmatch(url, prefix + route_shape(p.pattern._route)) for url in covered)
    ]
    assert missing == []
