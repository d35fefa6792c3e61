"""schemathesis against the OpenAPI schema of /api/, in-process over WSGI (no server).

The schema is the one /api/schema/ serves (drf-spectacular), loaded when the module is
collected; every operation runs with bounded examples against realistic data (markets with
stalls and rollups, a producer with a product and a certificate), anonymously and with the
token of a staff member (every market) and of a provincial official (one province's). Every
built-in check applies but the two ``call_and_validate`` explains: no server error, status
codes, content types, headers and bodies as documented, authentication not ignored.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from config.wsgi import application
from market import rollups
from tests import factories
from tests.market import builders
from tests.market.test_rollups import DAY, at, backdate, raw_sale

MAX_EXAMPLES = 25


PRODUCT_ID = 4242
# Path values that exist in ``world``: schemathesis tries each operation's examples first, so
# the detail and daily-figure operations are checked on real objects, not only on 404s.
EXAMPLES = {"slug": ["cho-hung-son", "thai-nguyen", "htx-che-thu-nghiem"], "id": [PRODUCT_ID]}


def _served_schema() -> dict:
    """The document /api/schema/ serves, made without a request (collection has no database),
    with examples of existing objects for the path parameters."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    raw = json.loads(OpenApiJsonRenderer().render(document))
    for path_item in raw["paths"].values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in EXAMPLES:
                    parameter["examples"] = {
                        str(value): {"value": value} for value in EXAMPLES[parameter["name"]]
                    }
    return raw


schema = schemathesis.openapi.from_dict(_served_schema())
schema.app = application


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's test client keeps the test transaction's connection across requests; a bare
    WSGI call would close it when each request ends. Do as the test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db):
    world = builders.world()
    backdate(*world.stalls.values())
    raw_sale(world.stalls["a1"], 150_000, at(DAY))
    rollups.compute_range(DAY - dt.timedelta(days=2), DAY)
    owner = factories.producer()
    factories.product(owner=owner)
    tea = factories.Product.objects.create(
        id=PRODUCT_ID,
        title="Chè Tân Cương nõn tôm 100g",
        product_class=factories.ProductClass.objects.get(slug="che"),
        is_public=True,
    )
    factories.StockRecord.objects.create(
        product=tea, partner=owner.partner, partner_sku="NT-100", price=95_000,
        price_currency="VND", num_in_stock=3,
    )  # fmt: skip
    factories.certification(producer=owner)
    return world


FUZZ = settings(max_examples=MAX_EXAMPLES, suppress_health_check=list(HealthCheck))


def call_and_validate(case, **kwargs) -> None:
    """Every built-in check but two on purpose:

    - ``positive_data_acceptance``: a request the schema allows may still break a rule the
      schema cannot state (an unknown producer slug in a filter, a range over 366 days) and get
      a 400 with a translated ``detail``; the status code and that body are still checked
      against the documented 400 response.
    - ``negative_data_rejection`` when a query parameter is empty (``?page=``, ``?to=``, as a
      web form sends a blank field): it means the parameter is absent, which schemathesis counts
      as accepting a string that is not an integer or a date.

    The throttle's counts are cleared first: hundreds of requests a minute is what this test
    does."""
    cache.clear()
    excluded = [schemathesis.checks.positive_data_acceptance]
    if any(value in ("", [""]) for value in (case.query or {}).values()):
        excluded.append(schemathesis.checks.negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded, **kwargs)


# Parametrized by role so every item's name holds its operation: without a pytest parameter
# schemathesis names each operation's item plainly "test_api_anonymous", and pytest-xdist ran
# one of the ten identical names.
@pytest.mark.parametrize("role", ["anonymous"])
@schema.parametrize()
@FUZZ
def test_api_anonymous(case, world, role):
    call_and_validate(case)


@pytest.mark.parametrize("role", ["staff", "official"])  # every market; one province's
@schema.parametrize()
@FUZZ
def test_api_with_token(case, world, role):
    token, _ = Token.objects.get_or_create(user=world.users[role])
    call_and_validate(case, headers={"Authorization": f"Token {token.key}"})


# --- What schemathesis found, pinned ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/products/0.5/", "/api/producers/a.b/", "/api/nothing/"])
def test_an_api_path_no_route_matches_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_page_no_route_matches_outside_the_api_is_still_the_sites_404_page(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_documents_the_errors_each_operation_can_answer():
    raw = _served_schema()
    for path, path_item in raw["paths"].items():
        for operation in path_item.values():
            documented = set(operation["responses"])
            assert {"200", "400", "404", "429"} <= documented, path
            needs_token = path.startswith(("/api/markets/", "/api/provinces/"))
            assert ("401" in documented) == needs_token, path
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}
    assert raw["components"]["schemas"]["Error"]["required"] == ["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", " ", "abc", "0"])
def test_an_empty_or_invalid_page_number_is_a_json_404_not_page_one(client, page):
    """`?page=` was read as page 1 (200) although the schema says an integer (schemathesis)."""
    factories.product()
    response = client.get("/api/products/", {"page": page})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert client.get("/api/products/", {"page": "1"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"commune": ""}, {"ocop": " "}, {"commune": "", "ocop": "3"}])
def test_a_number_filter_sent_empty_is_a_400_not_no_filter(client, query):
    """`?commune=` listed every product although the schema says an integer (schemathesis)."""
    factories.product()
    response = client.get("/api/products/", query)
    assert response.status_code == 400
    detail = str(response.json()["detail"])
    assert "commune" in detail or "ocop" in detail
