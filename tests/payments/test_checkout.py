"""Checkout by VietQR transfer, cash on delivery and the payment-method step."""

from __future__ import annotations

import datetime as dt

import pytest
import zxingcpp
from django.contrib.auth.models import User
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from payments import order_status, vietqr
from payments.models import BankFeedEvent, PaymentRequest
from payments.settle import services as settle
from tests import factories
from tests.payments.bankfeed_support import deliver, sepay

pytestmark = pytest.mark.django_db
Country = get_model("address", "Country")
Order = get_model("order", "Order")


@pytest.fixture(autouse=True)
def viet_nam():
    Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={"printable_name": "Việt Nam", "name": "Việt Nam", "is_shipping_country": True},
    )


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def checkout(client, method: str, *, price: int = 150000, quantity: int = 1):
    """Guest checkout through every step; returns the placed order and the thank-you page."""
    product = factories.product(price=price, stock=10)
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": quantity})
    client.post("/shop/checkout/", {"username": "khach@example.vn", "options": "anonymous"})
    response = client.post(
        "/shop/checkout/shipping-address/",
        {
            "first_name": "Nguyễn Thị Lan",
            "line1": "12 Lương Ngọc Quyến",
            "line4": "Phường Phan Đình Phùng",
            "state": "Tỉnh Thái Nguyên",
            "postcode": "",
            "country": "VN",
            "phone_number": "",
        },
    )
    assert response.status_code == 302, text(response)[:3000]
    client.get("/shop/checkout/shipping-method/")
    response = client.post("/shop/checkout/payment-method/", {"method": method})
    assert response.status_code == 302
    assert response["Location"].endswith("/shop/checkout/preview/")
    preview = client.get("/shop/checkout/preview/")
    assert preview.status_code == 200
    response = client.post("/shop/checkout/preview/", {"action": "place_order"})
    assert response.status_code == 302, text(response)[:3000]
    next_page = client.get(response["Location"])  # thank-you page, or the card page
    return Order.objects.order_by("-id").first(), next_page, product


def test_payment_method_step_lists_transfer_and_cash_but_no_card_without_keys(client):
    product = factories.product()
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/shop/checkout/", {"username": "a@example.vn", "options": "anonymous"})
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
    client.get("/shop/checkout/shipping-method/")  # one free method: chosen and skipped
    html = text(client.get("/shop/checkout/payment-method/"))
    assert 'value="vietqr"' in html and 'value="cod"' in html
    assert 'value="card"' not in html


def test_unknown_payment_method_is_refused_with_a_message(client):
    product = factories.product()
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/shop/checkout/", {"username": "a@example.vn", "options": "anonymous"})
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
    client.get("/shop/checkout/shipping-method/")  # one free method: chosen and skipped
    response = client.post("/shop/checkout/payment-method/", {"method": "bitcoin"})
    assert response.status_code == 200
    assert 'role="alert"' in text(response)
    assert client.get("/shop/checkout/preview/").status_code == 302  # cannot skip the choice
    assert not Order.objects.exists()


def test_vietqr_checkout_waits_for_payment_with_qr_and_bank_details(client, settings):
    order, page, _product = checkout(client, "vietqr", price=150000, quantity=2)
    assert order.status == order_status.PENDING_PAYMENT
    request = PaymentRequest.objects.get()
    assert request.reference == order.number
    assert request.amount == 300000 and request.order_number == order.number
    assert request.expires_at == order.date_placed + dt.timedelta(minutes=30)
    html = text(page)
    assert "Chờ thanh toán" in html
    assert settings.SHOP_BANK_ACCOUNT in html
    assert "300.000 ₫" in html
    assert order.number in html
    assert f"/pay/qr/{order.number}.png" in html


def test_transfer_qr_image_carries_amount_and_reference_and_is_cacheable(client, tmp_path):
    order, _page, _product = checkout(client, "vietqr", price=99000)
    response = client.get(f"/pay/qr/{order.number}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "max-age" in response["Cache-Control"]
    path = tmp_path / "qr.png"
    path.write_bytes(response.content)
    payload = zxingcpp.read_barcodes(Image.open(path))[0].text
    decoded = vietqr.decode(payload)
    assert decoded.amount == 99000 and decoded.purpose == order.number and decoded.dynamic
    again = client.get(f"/pay/qr/{order.number}.png", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    svg = client.get(f"/pay/qr/{order.number}.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    card = client.get(f"/pay/qr/{order.number}.card.png")
    assert card["Content-Type"] == "image/png"
    assert Image.open(__import__("io").BytesIO(card.content)).height > 300
    assert client.get("/pay/qr/CSNOPE00.png").status_code == 404
    assert client.get(f"/pay/qr/{order.number}.gif").status_code == 404


def test_status_turns_paid_when_the_bank_feed_settles_the_request(client):
    order, _page, _product = checkout(client, "vietqr", price=150000)
    status = client.get(f"/pay/orders/{order.number}/status.json").json()
    assert status["paid"] is False and status["label"] == "Chờ thanh toán"

    transfer = sepay(transaction_id=7001, amount=150000, content=f"CK {order.number}")
    assert deliver(client, "sepay", transfer).status_code == 200
    assert deliver(client, "sepay", transfer).status_code == 200  # the aggregator retries

    order.refresh_from_db()
    assert order.status == order_status.PAID
    assert order.payment_events.count() == 1  # a repeated confirmation records nothing more
    assert order.sources.get().amount_debited == 150000
    status = client.get(f"/pay/orders/{order.number}/status.json").json()
    assert status == {"status": "Paid", "label": "Đã thanh toán", "paid": True, "final": True}
    assert "Đã thanh toán" in text(client.get("/shop/checkout/thank-you/"))


def test_underpaid_transfer_leaves_order_waiting_and_flags_it(client):
    order, _page, _product = checkout(client, "vietqr", price=150000)
    deliver(client, "sepay", sepay(transaction_id=7002, amount=100000, content=order.number))
    order.refresh_from_db()
    assert order.status == order_status.PENDING_PAYMENT
    assert "100.000 ₫" in order.notes.get().message
    assert PaymentRequest.objects.get().status == PaymentRequest.Status.UNDERPAID


def test_status_of_someone_elses_order_is_not_shown(client):
    order, _page, _product = checkout(client, "vietqr")
    client.cookies.clear()
    assert client.get(f"/pay/orders/{order.number}/status.json").status_code == 404


def test_unpaid_order_expires_releases_stock_and_late_payment_is_flagged(client):
    order, _page, product = checkout(client, "vietqr", price=50000, quantity=3)
    stock = product.stockrecords.get()
    assert stock.num_allocated == 3
    assert settle.expire_unpaid_orders() == []  # not yet

    later = timezone.now() + dt.timedelta(minutes=31)
    assert settle.expire_unpaid_orders(now=later) == [order.number]
    order.refresh_from_db()
    stock.refresh_from_db()
    assert order.status == order_status.PAYMENT_EXPIRED
    assert stock.num_allocated == 0
    assert PaymentRequest.objects.get().status == PaymentRequest.Status.EXPIRED
    assert settle.expire_unpaid_orders(now=later) == []  # idempotent

    deliver(client, "sepay", sepay(transaction_id=7003, amount=150000, content=order.number))
    order.refresh_from_db()
    assert order.status == order_status.PAYMENT_EXPIRED
    assert "hoàn tiền" in order.notes.order_by("-id").first().message
    assert BankFeedEvent.objects.get().status == BankFeedEvent.Status.LATE


def test_cash_on_delivery_is_paid_when_staff_record_the_cash(client):
    order, page, _product = checkout(client, "cod", price=120000)
    assert order.status == order_status.CASH_ON_DELIVERY
    assert not PaymentRequest.objects.exists()
    assert "tiền mặt" in text(page).lower()

    staff = factories.finance_user("nhanvien")
    shopper = User.objects.create_user("khach", password="x")
    client.force_login(shopper)
    assert client.get("/pay/dashboard/cod/").status_code == 403
    client.force_login(staff)
    assert f'data-order="{order.number}"' in text(client.get("/pay/dashboard/cod/"))
    client.post(f"/pay/dashboard/cod/{order.number}/cash-received/")
    client.post(f"/pay/dashboard/cod/{order.number}/cash-received/")
    order.refresh_from_db()
    assert order.status == order_status.PAID
    assert order.payment_events.count() == 1
    assert f'data-order="{order.number}"' not in text(client.get("/pay/dashboard/cod/"))


def test_cash_received_refused_for_a_transfer_order(client):
    order, _page, _product = checkout(client, "vietqr")
    staff = factories.finance_user("nhanvien")
    client.force_login(staff)
    response = client.post(f"/pay/dashboard/cod/{order.number}/cash-received/", follow=True)
    order.refresh_from_db()
    assert order.status == order_status.PENDING_PAYMENT
    assert "message--error" in text(response)


def test_bank_webhook_pays_the_order_once_and_a_late_transfer_is_flagged(client, settings):
    order, _page, _product = checkout(client, "vietqr", price=150000)
    webhook = sepay(
        transaction_id=5001,
        amount=150000,
        account=settings.SHOP_BANK_ACCOUNT,
        content=f"MBVCB.3278.{order.number}.CT tu 0123456789",
    )
    for _delivery in range(2):  # aggregators retry: the second delivery must not pay again
        assert deliver(client, "sepay", webhook).status_code == 200
    order.refresh_from_db()
    assert order.status == order_status.PAID
    assert order.payment_events.count() == 1

    late_order, _page, _product = checkout(client, "vietqr", price=80000)
    settle.expire_unpaid_orders(now=timezone.now() + dt.timedelta(minutes=31))
    late = sepay(
        transaction_id=5002,
        amount=80000,
        account=settings.SHOP_BANK_ACCOUNT,
        content=late_order.number,
    )
    assert deliver(client, "sepay", late).status_code == 200
    late_order.refresh_from_db()
    assert late_order.status == order_status.PAYMENT_EXPIRED
    assert "hoàn tiền" in late_order.notes.order_by("-id").first().message


def test_status_poll_expires_an_overdue_order_without_a_scheduler(client):
    order, _page, product = checkout(client, "vietqr", price=50000)
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - dt.timedelta(minutes=31))
    status = client.get(f"/pay/orders/{order.number}/status.json").json()
    assert status["status"] == order_status.PAYMENT_EXPIRED and status["final"] is True
    assert product.stockrecords.get().num_allocated == 0
