"""What the public API, the feeds and the shop's pages publish (README: "What the public API and
feeds publish"): stock as a level, coordinates rounded, a phone only where the producer chose,
sanitised descriptions, and feeds that stay well-formed whatever a title holds."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.conf import settings

from catalog.portal.services import description_html
from tests import factories

pytestmark = pytest.mark.django_db
G = "{http://base.google.com/ns/1.0}"


def feed_xml(client, url="/shop/feeds/products.xml"):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(b"".join(response.streaming_content))  # raises if not well-formed


def feed_csv(client):
    content = b"".join(client.get("/shop/feeds/products.csv").streaming_content)
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_xml_feed_stays_well_formed_with_control_characters_in_a_title(client):
    # Stored straight into the database: data from before the rules, or an import.
    product = factories.product(title="Chè\x01 Tân\x0b Cương\x1f móc câu")
    product.description = "<p>Chè\x02 ngon</p>"
    product.save()
    root = feed_xml(client)
    item = next(root.iter("item"))
    assert item.find("title").text == "Chè Tân Cương móc câu"
    assert item.find("description").text == "Chè ngon"
    producer_root = feed_xml(client, f"/shop/producers/{factories.producer().slug}/feed.xml")
    assert producer_root.find("channel/item/title").text == "Chè Tân Cương móc câu"
    row = feed_csv(client)[0]
    assert row["title"] == "Chè Tân Cương móc câu"


def test_feed_descriptions_are_escaped_once(client):
    product = factories.product(title="Chè 'móc câu'")
    # The portal stores text escaped as HTML: ' becomes &#x27; and & becomes &amp;.
    product.description = description_html("Chè 'móc câu' & mật ong <ngon>")
    product.save()
    item = next(feed_xml(client).iter("item"))
    assert item.find("description").text == "Chè 'móc câu' & mật ong <ngon>"
    assert feed_csv(client)[0]["description"] == "Chè 'móc câu' & mật ong <ngon>"


@pytest.mark.parametrize(
    "stock, level, merchant", [(50, "in_stock", "in_stock"), (3, "few_left", "in_stock"),
                               (0, "out_of_stock", "out_of_stock")],
)  # fmt: skip
def test_stock_is_published_as_a_level_never_a_count(client, stock, level, merchant):
    product = factories.product(title="Mật ong", stock=stock)
    api = client.get(f"/api/products/{product.pk}/").json()
    assert api["availability"] == level and "stock" not in api
    row = feed_csv(client)[0]
    assert row["availability"] == level and "stock" not in row
    assert str(stock) not in {value for key, value in row.items() if key != "sku"}
    assert next(feed_xml(client).iter("item")).find(f"{G}availability").text == merchant


def test_product_page_says_in_stock_without_the_count(client):
    product = factories.product(title="Chè búp", stock=37)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(product.get_absolute_url()).content.decode()
    assert "In stock now" in html
    assert "37" not in html.replace(f"_{product.pk}/", "")
    few = factories.product(title="Chè nõn tôm", stock=2)
    assert "Only a few left" in client.get(few.get_absolute_url()).content.decode()


def test_api_serves_only_sanitised_descriptions(client):
    product = factories.product()
    product.description = (
        "<p>Ngon</p><script>alert(1)</script><img src=x onerror=alert(2)>"
        '<a href="javascript:alert(3)">x</a><a href="https://tancuong.vn/">web</a>'
    )
    product.save()
    description = client.get(f"/api/products/{product.pk}/").json()["description"]
    assert description.startswith("<p>Ngon</p>")
    for bad in ("<script", "alert(1)", "onerror", "<img", "javascript:"):
        assert bad not in description, bad
    assert 'href="https://tancuong.vn/"' in description


def test_producer_coordinates_are_rounded_to_about_100_m(client):
    producer = factories.producer()
    producer.latitude, producer.longitude = Decimal("21.587654"), Decimal("105.812345")
    producer.save()
    body = client.get(f"/api/producers/{producer.slug}/").json()
    assert (body["latitude"], body["longitude"]) == (21.588, 105.812)
    assert "phone" not in body


def test_producer_phone_is_public_only_when_the_producer_chose(client):
    producer = factories.producer()
    producer.phone = "0912 345 678"
    producer.save()
    assert producer.show_phone_publicly is False  # the default keeps a household's mobile
    page = client.get(producer.get_absolute_url()).content.decode()
    assert "0912 345 678" not in page and "0912345678" not in page
    producer.show_phone_publicly = True
    producer.save()
    page = client.get(producer.get_absolute_url()).content.decode()
    assert "0912 345 678" in page


def test_product_page_shows_descriptions_sanitised_and_escaped_once(client):
    product = factories.product(title="Chè búp")
    product.description = (
        description_html("Chè 'móc câu' & mật ong")
        + "<p><strong>Ngon</strong></p><script>alert(1)</script><img src=x onerror=alert(2)>"
    )
    product.save()
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Chè 'móc câu' &amp; mật ong" in html  # shown as Chè 'móc câu' & mật ong
    assert "&amp;#x27;" not in html  # not escaped twice
    assert "<strong>Ngon</strong>" in html
    assert "<script>alert(1)" not in html and "onerror" not in html


def test_rich_text_attribute_values_are_sanitised_on_the_product_page(client):
    from oscar.core.loading import get_model

    product = factories.product(title="Chè búp")
    get_model("catalogue", "ProductAttribute").objects.create(
        product_class=product.product_class, code="brewing", name="Cách pha", type="richtext"
    )
    product.attr.brewing = "<b>80°C</b><script>alert(1)</script>"  # stored before the rules
    product.save()
    html = client.get(product.get_absolute_url()).content.decode()
    assert "<b>80°C</b>" in html and "<script>alert(1)" not in html


def test_public_market_pages_show_no_stallholder_phone_or_account(client):
    from tests.market import builders as market_builders

    market = market_builders.market()
    market_builders.stall(market, "HS-09", stallholder_phone="0912 888 777")
    for url in ("/markets/", market.get_absolute_url()):
        html = client.get(url).content.decode()
        assert client.get(url).status_code == 200
        for private in ("0912 888 777", "0912888777", "1023456789", "Nguyễn Thị Hoa"):
            assert private not in html, (url, private)


def test_an_unsellable_price_is_neither_advertised_nor_published(client):
    from oscar.core.loading import get_model

    good = factories.product(title="Chè tốt", price=150000)
    bad = factories.product(title="Chè âm", price=150000)
    get_model("partner", "StockRecord").objects.filter(product=bad).update(price=Decimal(-100000))
    assert [row["title"] for row in feed_csv(client)] == ["Chè tốt"]
    assert [item.find("title").text for item in feed_xml(client).iter("item")] == ["Chè tốt"]
    assert client.get(f"/api/products/{bad.pk}/").json()["price_vnd"] is None
    assert client.get(f"/api/products/{good.pk}/").json()["price_vnd"] == 150000
