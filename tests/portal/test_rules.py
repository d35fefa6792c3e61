"""The portal applies the same catalog.rules as the dashboard: clean titles and descriptions,
and its services refuse a price or stock the rules refuse even when called without the form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from catalog.portal import services
from tests import factories
from tests.portal.test_views import classes, create_url, farmer, pair, tea_form  # noqa: F401

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def test_title_and_description_lose_control_characters(client, farmer, classes):  # noqa: F811
    response = client.post(
        create_url(), tea_form(title="Chè\x01 Tân\x1f Cương", description="Thơm\x02 ngon")
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.title == "Chè Tân Cương"
    assert product.description == "<p>Thơm ngon</p>"


@pytest.mark.parametrize("price, stock", [(-100000, 5), (0, 5), (1_000_000_001, 5), (1000, -1)])
def test_services_refuse_what_the_rules_refuse(pair, price, stock):  # noqa: F811
    product = factories.product(price=150000, stock=10, owner=pair[0])
    with pytest.raises(ValidationError):
        services.portal_product_update(
            producer=pair[0],
            product=product,
            title="Chè",
            description="",
            price=price,
            num_in_stock=stock,
            attributes={},
        )
    record = StockRecord.objects.get(product=product)
    assert (int(record.price), record.num_in_stock) == (150000, 10)


def test_rich_text_attributes_are_sanitised(client, farmer, classes):  # noqa: F811
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    ProductClass = get_model("catalogue", "ProductClass")
    ProductAttribute.objects.create(
        product_class=ProductClass.objects.get(slug="che"),
        code="brewing",
        name="Cách pha",
        type="richtext",
    )
    typed = "<p>Nước <b>80°C</b></p><script>alert(1)</script><img src=x onerror=alert(2)>"
    response = client.post(create_url(), {**tea_form(), "attr_brewing": typed})
    assert response.status_code == 302
    stored = Product.objects.get().attr.brewing
    assert stored == "<p>Nước <b>80°C</b></p>"


def test_producer_chooses_in_the_portal_whether_shoppers_see_their_phone(client, farmer, pair):  # noqa: F811
    from django.conf import settings

    producer = pair[0]
    producer.phone = "0912 345 678"
    producer.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/producer/{producer.slug}/").content.decode()
    assert "is seen only by the shop" in page
    assert client.get(f"/producer/{producer.slug}/phone/").status_code == 405  # POST only
    response = client.post(f"/producer/{producer.slug}/phone/", {"show": "1"})
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.show_phone_publicly
    client.logout()
    assert "0912 345 678" in client.get(producer.get_absolute_url()).content.decode()
