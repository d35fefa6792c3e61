"""The open-data API (/api/markets/, /api/provinces/): tokens, who sees which market, daily
figures with their date range, clear 400s, and the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.utils import translation
from rest_framework.authtoken.models import Token

from market import rollups
from tests.market import builders
from tests.market.test_rollups import DAY, at, backdate, raw_sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = builders.world()
    backdate(*world.stalls.values())
    raw_sale(world.stalls["a1"], 150_000, at(DAY))
    raw_sale(world.stalls["a2"], 50_000, at(DAY), cash=True)
    rollups.compute_range(DAY - dt.timedelta(days=2), DAY)
    return world


def api(client, world, role: str | None, url: str):
    """GET ``url`` with the token of ``role`` (None: no credentials)."""
    headers = {}
    if role is not None:
        token, _ = Token.objects.get_or_create(user=world.users[role])
        headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client.get(url, **headers)


def translated(msgid: str, **params) -> set[str]:
    """The message in English or in its Vietnamese translation (which must exist)."""
    with translation.override("vi"):
        vietnamese = translation.gettext(msgid)
    assert vietnamese != msgid, f"no Vietnamese for {msgid!r}"
    return {msgid % params, vietnamese % params} if params else {msgid, vietnamese}


# --- Authentication and scope -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/markets/", "/api/markets/cho-hung-son/", "/api/markets/cho-hung-son/days/",
            "/api/provinces/", "/api/provinces/thai-nguyen/days/"],
)  # fmt: skip
def test_no_token_or_a_bad_token_is_401(client, world, url):
    response = client.get(url)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    response = client.get(url, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("role", "markets", "provinces"),
    [
        ("staff", ["cho-hung-son", "cho-na-hang"], ["thai-nguyen", "tuyen-quang"]),
        ("official", ["cho-hung-son"], ["thai-nguyen"]),
        ("board_a", ["cho-hung-son"], []),
        ("board_b", ["cho-na-hang"], []),
        ("stallholder", [], []),
        ("digital_a", [], []),
        ("shopper", [], []),
    ],
)
def test_each_role_sees_its_own_markets_and_provinces(client, world, role, markets, provinces):
    response = api(client, world, role, "/api/markets/")
    assert response.status_code == 200
    assert [market["slug"] for market in response.json()["results"]] == markets
    assert [p["slug"] for p in api(client, world, role, "/api/provinces/").json()] == provinces
    for slug in ("cho-hung-son", "cho-na-hang"):
        for url in (f"/api/markets/{slug}/", f"/api/markets/{slug}/days/"):
            expected = 200 if slug in markets else 404
            assert api(client, world, role, url).status_code == expected, (role, url)
    for slug in ("thai-nguyen", "tuyen-quang"):
        expected = 200 if slug in provinces else 404
        assert api(client, world, role, f"/api/provinces/{slug}/days/").status_code == expected


def test_a_signed_in_session_works_too(client, world):
    client.force_login(world.users["official"])
    assert client.get("/api/markets/cho-hung-son/").status_code == 200


def test_read_only(client, world):
    token, _ = Token.objects.get_or_create(user=world.users["staff"])
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/markets/cho-hung-son/", **auth)
        assert response.status_code == 405, method


# --- Figures ----------------------------------------------------------------------------------


def test_market_list_and_detail_carry_the_latest_figures(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):  # auth, count, page, latest figures (no N+1)
        body = api(client, world, "staff", "/api/markets/?province=thai-nguyen").json()
    assert body["count"] == 1
    hung_son = body["results"][0]
    assert hung_son["province"] == {"slug": "thai-nguyen", "name": "Tỉnh Thái Nguyên"}
    assert hung_son["url"].endswith("/markets/cho-hung-son/")
    latest = hung_son["latest"]
    assert latest["day"] == DAY.isoformat()
    assert (latest["cashless_value"], latest["cash_value"], latest["cashless_share"]) == (
        150_000, 50_000, 75.0,
    )  # fmt: skip
    assert (latest["stalls"], latest["stalls_with_qr"], latest["qr_share"]) == (2, 1, 50.0)
    assert latest["is_cho40"] is False
    detail = api(client, world, "official", "/api/markets/cho-hung-son/").json()
    assert detail["latest"] == latest
    assert api(client, world, "staff", "/api/markets/?province=nowhere").json()["count"] == 0


def test_market_days_in_a_range(client, world):
    url = "/api/markets/cho-hung-son/days/?from=2026-11-19&to=2026-11-20"
    body = api(client, world, "board_a", url).json()
    assert (body["market"], body["from"], body["to"]) == (
        "cho-hung-son",
        "2026-11-19",
        "2026-11-20",
    )
    assert [row["day"] for row in body["days"]] == ["2026-11-19", "2026-11-20"]
    assert body["days"][1]["cashless_count"] == 1 and body["days"][0]["cashless_count"] == 0
    assert body["days"][0]["cashless_share"] is None  # no sales that day
    default = api(client, world, "board_a", "/api/markets/cho-hung-son/days/").json()
    assert default["to"] == rollups.local_today().isoformat()
    assert dt.date.fromisoformat(default["from"]) == rollups.local_today() - dt.timedelta(days=29)


def test_province_days(client, world):
    province = world.market_a.commune.province
    province.cho40_target = 60
    province.save()
    url = f"/api/provinces/thai-nguyen/days/?from={DAY}&to={DAY}"
    body = api(client, world, "official", url).json()
    assert (body["province"], body["cho40_target"]) == ("thai-nguyen", 60)
    [day] = body["days"]
    assert (day["markets"], day["cho40_markets"], day["cashless_value"]) == (1, 0, 150_000)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=30/11/2026", "Write dates as YYYY-MM-DD, for example 2026-11-30."),
        ("?to=2026-02-30", "Write dates as YYYY-MM-DD, for example 2026-11-30."),
        ("?from=2026-11-20&to=2026-11-19", "The first day comes after the last day."),
        ("?from=2024-01-01&to=2026-11-20", "Ask for at most %(days)s days at a time."),
    ],
)
def test_bad_ranges_are_a_clear_400(client, world, query, message):
    for url in ("/api/markets/cho-hung-son/days/", "/api/provinces/thai-nguyen/days/"):
        response = api(client, world, "staff", url + query)
        assert response.status_code == 400
        expected = translated(message, days=366) if "%" in message else translated(message)
        assert response.json()["detail"] in expected, response.json()


# --- Schema and token administration ----------------------------------------------------------


def test_the_schema_describes_the_open_data_endpoints(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert {
        "/api/markets/",
        "/api/markets/{slug}/",
        "/api/markets/{slug}/days/",
        "/api/provinces/",
        "/api/provinces/{slug}/",
        "/api/provinces/{slug}/days/",
        "/api/products/",  # the same schema as the catalog's
    } <= set(schema["paths"])
    days = schema["paths"]["/api/markets/{slug}/days/"]["get"]
    assert {p["name"] for p in days["parameters"]} >= {"from", "to"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    figures = schema["components"]["schemas"]["MarketDay"]["properties"]
    assert {"cashless_value", "qr_share", "paid_30d_share", "is_cho40"} <= set(figures)


def test_staff_create_a_token_for_an_official_in_the_admin(admin_client, world):
    official = world.users["official"]
    response = admin_client.post("/django-admin/authtoken/tokenproxy/add/", {"user": official.pk})
    assert response.status_code == 302, response.content[:500]
    assert Token.objects.filter(user=official).exists()
