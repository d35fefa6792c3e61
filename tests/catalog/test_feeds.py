"""Marketplace feeds: CSV for bulk upload and Google-Merchant-style XML, shop-wide and per
producer, streamed."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.http import StreamingHttpResponse
from oscar.core.loading import get_model

from catalog.services import product_set_gtin
from tests import factories

pytestmark = pytest.mark.django_db
ProductAttribute = get_model("catalogue", "ProductAttribute")
G = "{http://base.google.com/ns/1.0}"


@pytest.fixture
def catalogue():
    tea_farm = factories.producer(name="HTX Chè Tân Cương", slug="htx-che-tan-cuong")
    tea = factories.product(
        title="Chè Tân Cương móc câu 200g", price=250000, stock=7, owner=tea_farm, image=True
    )
    # The tea class has these attributes from a migration (catalog/product_classes.py).
    ProductAttribute.objects.get_or_create(
        product_class=tea.product_class, code="gtin", defaults={"name": "GTIN", "type": "text"}
    )
    ProductAttribute.objects.get_or_create(
        product_class=tea.product_class,
        code="net_weight_g",
        defaults={"name": "g", "type": "integer"},
    )
    product_set_gtin(product=tea, gtin="8938056000014")
    tea.attr.net_weight_g = 200
    tea.save()
    factories.certification(product=tea, stars=4)
    honey = factories.product(
        title='=HYPERLINK("x") Mật ong',
        price=180000,
        stock=0,
        owner=factories.producer("HTX Mật ong", "htx-mat-ong"),
    )
    return {"tea": tea, "honey": honey}


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def test_shop_csv_feed_has_bulk_upload_columns(client, catalogue, settings):
    response = client.get("/shop/feeds/products.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = {row["sku"]: row for row in read_csv(response)}
    tea = rows[f"SKU-{catalogue['tea'].pk}"]
    assert tea["title"] == "Chè Tân Cương móc câu 200g"
    assert tea["price_vnd"] == "250000" and "stock" not in tea  # a level, never a count
    assert tea["brand"] == "HTX Chè Tân Cương" and tea["producer"] == "htx-che-tan-cuong"
    assert tea["gtin"] == "8938056000014" and tea["weight_g"] == "200" and tea["ocop_stars"] == "4"
    assert tea["image_url"].startswith(settings.SITE_URL + "/media/")
    assert tea["product_url"] == settings.SITE_URL + catalogue["tea"].get_absolute_url()
    assert tea["availability"] == "in_stock"
    honey = rows[f"SKU-{catalogue['honey'].pk}"]
    assert honey["title"].startswith("'=")  # a formula in a title is defused for spreadsheets
    assert honey["availability"] == "out_of_stock"


def test_producer_feeds_hold_only_their_products(client, catalogue):
    rows = read_csv(client.get("/shop/producers/htx-mat-ong/feed.csv"))
    assert [row["price_vnd"] for row in rows] == ["180000"]
    assert client.get("/shop/producers/khong-co/feed.csv").status_code == 404
    assert client.get("/shop/producers/khong-co/feed.xml").status_code == 404


def test_xml_feed_is_google_merchant_rss(client, catalogue):
    response = client.get("/shop/feeds/products.xml")
    assert response.status_code == 200
    root = ET.fromstring(b"".join(response.streaming_content))
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = {item.find(f"{G}id").text: item for item in root.iter("item")}
    tea = items[f"SKU-{catalogue['tea'].pk}"]
    assert tea.find("title").text == "Chè Tân Cương móc câu 200g"
    assert tea.find(f"{G}price").text == "250000 VND"
    assert tea.find(f"{G}availability").text == "in_stock"
    assert tea.find(f"{G}brand").text == "HTX Chè Tân Cương"
    assert tea.find(f"{G}gtin").text == "8938056000014"
    assert tea.find(f"{G}condition").text == "new"
    assert tea.find(f"{G}image_link").text.startswith("http")
    honey = items[f"SKU-{catalogue['honey'].pk}"]
    assert honey.find(f"{G}gtin") is None and honey.find(f"{G}identifier_exists").text == "no"
    producer_root = ET.fromstring(
        b"".join(client.get("/shop/producers/htx-che-tan-cuong/feed.xml").streaming_content)
    )
    assert len(list(producer_root.iter("item"))) == 1


def test_feeds_stream_in_chunks_for_large_catalogues(client, django_assert_max_num_queries):
    owner = factories.producer()
    for i in range(450):
        factories.product(title=f"Sản phẩm {i}", owner=owner)
    response = client.get("/shop/feeds/products.csv")
    # 450 products in chunks of 200: a handful of queries per chunk, never one per product.
    with django_assert_max_num_queries(30):
        rows = read_csv(response)
    assert len(rows) == 450


def test_attributes_set_on_a_new_product_are_searchable_at_once(catalogue):
    from catalog.selectors import search_products

    product = factories.product(title="Hộp quà")
    product.attr.net_weight_g = 777
    product.save()
    assert [p.title for p in search_products("777")] == ["Hộp quà"]


def test_invalid_gtin_is_refused_everywhere(catalogue):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        product_set_gtin(product=catalogue["tea"], gtin="8938056000015")
    tea = catalogue["tea"]
    tea.attr.gtin = "12345"
    with pytest.raises(ValidationError):
        tea.save()  # the model-level guard: no path stores a bad GTIN
    stored = type(tea).objects.get(pk=tea.pk)
    assert stored.attr.gtin == "8938056000014"
