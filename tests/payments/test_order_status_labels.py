"""Order statuses as shoppers and producers read them (payments.order_status): the stored value
stays Oscar's English code, every page shows the translated label."""

from __future__ import annotations

import pytest
from django.utils import translation

from payments import order_status
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db

VIETNAMESE = {
    order_status.PENDING_PAYMENT: "Chờ thanh toán",
    order_status.CASH_ON_DELIVERY: "Thanh toán tiền mặt khi nhận hàng",
    order_status.PAID: "Đã thanh toán",
    order_status.PAYMENT_EXPIRED: "Quá hạn thanh toán",
    order_status.CANCELLED: "Đã hủy",
    order_status.SHIPPED: "Đã gửi hàng",
    order_status.COMPLETE: "Hoàn tất",
}


@pytest.mark.parametrize(("status", "vietnamese"), VIETNAMESE.items())
def test_every_status_has_a_label_in_both_languages(status, vietnamese):
    with translation.override("vi"):
        assert order_status.label(status) == vietnamese
    with translation.override("en"):
        english = order_status.label(status)
    assert english == ("Waiting for payment" if status == order_status.PENDING_PAYMENT else status)


def test_every_pipeline_status_is_labelled():
    assert set(order_status.PIPELINE) == set(order_status.LABELS)


@pytest.fixture
def paid_order():
    user = builders.shopper("khach")
    order = builders.place_order([(factories.product(stock=5), 1)], number="800001", user=user)
    assert order.status == order_status.PAID  # stored unchanged
    return order


def status_text(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="order-status">') + len('data-testid="order-status">')
    return html[start : html.index("<", start)]


@pytest.mark.parametrize(("language", "shown"), [("vi", "Đã thanh toán"), ("en", "Paid")])
def test_shoppers_order_page_shows_the_label(client, paid_order, language, shown):
    client.force_login(paid_order.user)
    client.cookies["django_language"] = language
    response = client.get(f"/shop/accounts/orders/{paid_order.number}/")
    assert response.status_code == 200
    assert status_text(response) == shown


def test_guests_order_status_page_shows_the_label(client):
    paid_order = builders.place_order([(factories.product(stock=5), 1)], number="800003")
    paid_order.guest_email = "khach@example.vn"
    paid_order.save(update_fields=["guest_email"])
    client.cookies["django_language"] = "vi"
    key = f"{paid_order.number}/{paid_order.verification_hash()}/"
    # Oscar asks a guest for the order's e-mail address first.
    client.post(f"/shop/accounts/order-status-form/{key}", {"email": paid_order.email})
    response = client.get(f"/shop/accounts/order-status/{key}")
    assert response.status_code == 200
    assert status_text(response) == "Đã thanh toán"


def test_producers_order_dashboard_shows_the_label(client):
    a, _b = builders.producer_pair()
    tea = factories.product(title="Chè", price=250000, owner=a, stock=5)
    builders.place_order([(tea, 1)], number="800002")
    client.force_login(builders.producer_staff(a, "farmer.a"))
    client.cookies["django_language"] = "vi"
    listing = client.get("/shop/dashboard/orders/").content.decode()
    detail = client.get("/shop/dashboard/orders/800002/").content.decode()
    for html in (listing, detail):
        assert "<td>Đã thanh toán</td>" in html
        assert "<td>Paid</td>" not in html
