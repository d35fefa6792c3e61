"""The read-only JSON API: products and producers, paginated, with an OpenAPI schema."""

import datetime

import pytest
import yaml
from django.utils import timezone

from catalog.services import product_set_gtin
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    producer = factories.producer(name="HTX Chè Tân Cương", slug="htx-che-tan-cuong")
    tea = factories.product(
        title="Chè Tân Cương móc câu 200g", price=250000, owner=producer, image=True
    )
    factories.certification(product=tea, stars=4, number="OCOP-TC-1")
    old = timezone.localdate() - datetime.timedelta(days=40 * 31)
    factories.certification(
        product=tea,
        kind="organic",
        stars=None,
        issued_on=old,
        valid_until=old + datetime.timedelta(days=100),
        number="OLD",
    )
    honey = factories.product(
        title="Mật ong hoa nhãn",
        price=180000,
        owner=factories.producer("HTX Mật ong", "htx-mat-ong"),
    )
    return {"producer": producer, "tea": tea, "honey": honey}


def test_products_list_is_public_paginated_with_integer_vnd(client, catalogue, settings):
    response = client.get("/api/products/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["next"] is None
    tea = next(item for item in body["results"] if item["title"] == "Chè Tân Cương móc câu 200g")
    assert tea["price_vnd"] == 250000 and isinstance(tea["price_vnd"], int)
    assert tea["availability"] == "in_stock" and "stock" not in tea  # a level, not a count
    assert tea["producer"]["slug"] == "htx-che-tan-cuong"
    assert tea["ocop_stars"] == 4
    assert [c["certificate_number"] for c in tea["certifications"]] == ["OCOP-TC-1"]
    assert tea["url"].startswith(settings.SITE_URL) and tea["url"].endswith(
        tea["slug"] + f"_{tea['id']}/"
    )
    assert tea["images"][0].startswith(settings.SITE_URL + "/media/")


def test_product_pagination_and_detail(client, catalogue):
    for i in range(30):
        factories.product(title=f"Sản phẩm {i}")
    body = client.get("/api/products/").json()
    assert body["count"] == 32 and len(body["results"]) == 24 and body["next"].endswith("page=2")
    assert len(client.get("/api/products/?page=2").json()["results"]) == 8
    assert client.get("/api/products/?page=9").status_code == 404
    detail = client.get(f"/api/products/{catalogue['honey'].pk}/").json()
    assert detail["title"] == "Mật ong hoa nhãn" and detail["price_vnd"] == 180000
    assert client.get("/api/products/999999/").status_code == 404


def test_product_search_and_filters(client, catalogue):
    assert [p["title"] for p in client.get("/api/products/?q=mat+ong").json()["results"]][
        0
    ] == "Mật ong hoa nhãn"
    assert [p["title"] for p in client.get("/api/products/?ocop=4").json()["results"]] == [
        "Chè Tân Cương móc câu 200g"
    ]
    response = client.get("/api/products/?ocop=9")
    assert response.status_code == 400
    assert "OCOP" in response.json()["detail"][0]


def test_producers_list_and_detail(client, catalogue):
    body = client.get("/api/producers/").json()
    assert {p["slug"] for p in body["results"]} == {"htx-che-tan-cuong", "htx-mat-ong"}
    detail = client.get("/api/producers/htx-che-tan-cuong/").json()
    assert detail["name"] == "HTX Chè Tân Cương" and detail["product_count"] == 1
    assert detail["province"] == "Tỉnh Thái Nguyên" and detail["commune"] == "Xã Đại Từ"
    assert detail["former_district"] == "Huyện Đại Từ"  # the pre-2025 district, as a label
    assert "account_number" not in detail and "bank_bin" not in detail  # payouts stay private
    assert client.get("/api/producers/khong-co/").status_code == 404


def test_api_is_read_only(client, catalogue, admin_client):
    assert client.post("/api/products/", {"title": "x"}).status_code in (401, 403, 405)
    assert (
        admin_client.post("/api/products/", {}, content_type="application/json").status_code == 405
    )
    assert admin_client.delete("/api/producers/htx-mat-ong/").status_code == 405


def test_openapi_schema_describes_products_and_producers(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/products/",
        "/api/products/{id}/",
        "/api/producers/",
        "/api/producers/{slug}/",
    } <= set(schema["paths"])
    assert not any(path.startswith("/cms/") for path in schema["paths"])
    product = schema["components"]["schemas"]["Product"]["properties"]
    assert product["price_vnd"]["type"] == "integer"
    assert "stock" not in product
    levels = schema["components"]["schemas"]["AvailabilityEnum"]["enum"]
    assert levels == ["in_stock", "few_left", "out_of_stock"]
    producer = schema["components"]["schemas"]["Producer"]["properties"]
    assert "phone" not in producer
    assert producer["latitude"]["type"] == "number"


def test_gtin_appears_once_set(client, catalogue):
    from oscar.core.loading import get_model

    ProductAttribute = get_model("catalogue", "ProductAttribute")
    ProductAttribute.objects.get_or_create(
        product_class=catalogue["tea"].product_class,
        code="gtin",
        defaults={"name": "GTIN", "type": "text"},
    )
    product_set_gtin(product=catalogue["tea"], gtin="893 8056 00001 4")
    tea = client.get(f"/api/products/{catalogue['tea'].pk}/").json()
    assert tea["attributes"]["gtin"] == "8938056000014"
