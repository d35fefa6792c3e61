"""The money path's last line: a basket line priced at or below 0 ₫ (or not in VND) never becomes
an order, and an order holding one is refused by the splitter with a message, not an
IntegrityError."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from oscar.core.loading import get_model

from fulfilment.models import FulfilmentGroup
from fulfilment.services import FulfilmentError, create_fulfilment_groups
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db
Country = get_model("address", "Country")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(autouse=True)
def viet_nam():
    Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={"printable_name": "Việt Nam", "name": "Việt Nam", "is_shipping_country": True},
    )


def to_preview(client, product):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/shop/checkout/", {"username": "khach@example.vn", "options": "anonymous"})
    client.post(
        "/shop/checkout/shipping-address/",
        {
            "first_name": "Lan",
            "line1": "1 Phố",
            "line4": "Xã Tân Cương",
            "state": "Tỉnh Thái Nguyên",
            "country": "VN",
        },
    )
    client.get("/shop/checkout/shipping-method/")
    client.post("/shop/checkout/payment-method/", {"method": "cod"})


@pytest.mark.parametrize(
    "price, currency", [(-100000, "VND"), (0, "VND"), (150000, "<b>X</b>"), (150000, "USD")]
)
def test_an_unsellable_line_never_becomes_an_order(client, price, currency):
    product = factories.product(title="Chè lỗi giá", price=150000)
    to_preview(client, product)
    # The stock record goes bad after the product is in the basket (as a record stored
    # before the rules did, or written past them).
    StockRecord.objects.filter(product=product).update(
        price=Decimal(price), price_currency=currency
    )
    orders = Order.objects.count()
    response = client.post("/shop/checkout/preview/", {"action": "place_order"})
    assert response.status_code == 302
    assert response["Location"].endswith("/shop/basket/")
    page = client.get(response["Location"])
    assert "“Chè lỗi giá” cannot be bought at its current price." in page.content.decode()
    assert Order.objects.count() == orders


def test_a_good_line_still_becomes_an_order(client):
    product = factories.product(title="Chè tốt", price=150000)
    to_preview(client, product)
    response = client.post("/shop/checkout/preview/", {"action": "place_order"})
    assert response.status_code == 302
    assert Order.objects.filter(lines__product=product).exists()


def test_splitting_an_order_with_a_negative_line_is_refused_with_a_message():
    a, b = builders.producer_pair()
    honey = factories.product(title="Mật ong", price=50000, owner=a)
    bad = factories.product(title="Chè âm", price=150000, owner=a)
    StockRecord.objects.filter(product=bad).update(price=Decimal(-100000))
    from oscar.apps.partner.strategy import Default

    Basket = get_model("basket", "Basket")
    basket = Basket.objects.create()
    basket.strategy = Default()
    basket.add_product(honey, 1)
    basket.add_product(bad, 1)
    from oscar.apps.order.utils import OrderCreator

    order = OrderCreator().place_order(
        basket=basket,
        total=basket.total_incl_tax and _price(basket.total_incl_tax),
        shipping_method=_free(),
        shipping_charge=_price(0),
        order_number="900001",
        shipping_address=builders.shipping_address(),
    )
    with pytest.raises(FulfilmentError) as refused:
        create_fulfilment_groups(order=order)
    assert "-100.000 ₫" in str(refused.value)
    assert not FulfilmentGroup.objects.filter(order=order).exists()


def _price(amount):
    from oscar.core import prices

    return prices.Price(currency="VND", excl_tax=Decimal(amount), incl_tax=Decimal(amount))


def _free():
    from oscar.apps.shipping.methods import Free

    return Free()
