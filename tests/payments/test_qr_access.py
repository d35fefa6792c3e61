"""An order's QR images (/pay/qr/<ref>.png|.svg|.card.png) show the amount and the account
holder: only who may see the order gets them (staff, its signed-in owner, the browser session
that placed it); everyone else gets 404, never 403 or 304, so no order number is confirmed."""

from __future__ import annotations

import pytest
from django.test import Client

from payments.models import PaymentRequest
from tests.fulfilment.builders import shopper, staff
from tests.payments.test_checkout import checkout, viet_nam  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
FORMATS = ("png", "svg", "card.png")


@pytest.fixture
def placed(client):
    """A guest's VietQR order: ``client`` is the browser that placed it."""
    order, _page, _product = checkout(client, "vietqr", price=99000)
    return order


def test_the_browser_that_placed_the_order_gets_every_image_privately_cached(client, placed):
    for fmt in FORMATS:
        response = client.get(f"/pay/qr/{placed.number}.{fmt}")
        assert response.status_code == 200, fmt
        cache = response["Cache-Control"]
        assert "private" in cache and "public" not in cache and "max-age" in cache
        again = client.get(f"/pay/qr/{placed.number}.{fmt}", HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304


def test_anyone_else_gets_not_found_even_with_the_etag(client, placed):
    etag = client.get(f"/pay/qr/{placed.number}.png")["ETag"]
    stranger = Client()
    for fmt in FORMATS:
        response = stranger.get(f"/pay/qr/{placed.number}.{fmt}")
        assert response.status_code == 404, fmt
        assert b"99" not in response.content
    assert stranger.get(f"/pay/qr/{placed.number}.png", HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert stranger.get("/pay/qr/CSNOPE00.png").status_code == 404  # same answer as a real one


def test_another_shopper_gets_not_found(placed):
    other = Client()
    other.force_login(shopper("minh"))
    for fmt in FORMATS:
        assert other.get(f"/pay/qr/{placed.number}.{fmt}").status_code == 404


def test_signed_in_owner_gets_it_from_another_browser(placed):
    owner = shopper("lan")
    placed.user = owner
    placed.save(update_fields=["user"])
    phone = Client()
    phone.force_login(owner)
    assert phone.get(f"/pay/qr/{placed.number}.png").status_code == 200


def test_staff_get_it(placed):
    desk = Client()
    desk.force_login(staff())
    assert desk.get(f"/pay/qr/{placed.number}.card.png").status_code == 200


def test_status_json_is_not_found_for_others(client, placed):
    assert client.get(f"/pay/orders/{placed.number}/status.json").status_code == 200
    stranger = Client()
    assert stranger.get(f"/pay/orders/{placed.number}/status.json").status_code == 404
    stranger.force_login(shopper("minh"))
    assert stranger.get(f"/pay/orders/{placed.number}/status.json").status_code == 404


def test_stall_sale_qr_is_not_served_to_the_public():
    request = PaymentRequest.objects.create(
        reference="CS7K2P9Q",
        kind=PaymentRequest.Kind.STALL_SALE,
        amount=150000,
        bank_bin="970436",
        account_number="0011001234567",
        account_holder="NGUYEN THI HOA",
    )
    assert Client().get(f"/pay/qr/{request.reference}.card.png").status_code == 404
    desk = Client()
    desk.force_login(staff())
    assert desk.get(f"/pay/qr/{request.reference}.png").status_code == 200


def test_stall_sale_qr_is_served_to_its_stallholder_only():
    from market import services as market_services
    from tests.market import builders

    stall = builders.stall(builders.market())
    holder, other = shopper("hoa"), shopper("tuan")
    stall.stallholder = holder
    stall.save(update_fields=["stallholder"])
    charge = market_services.stall_charge_create(stall=stall, amount=150000, actor=holder)
    url = f"/pay/qr/{charge.payment_request.reference}.png"
    phone = Client()
    phone.force_login(holder)
    assert phone.get(url).status_code == 200
    phone.force_login(other)
    assert phone.get(url).status_code == 404
