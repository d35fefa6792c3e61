"""The thank-you page after checkout (payments/checkout/views.py ThankYouView): paying a VietQR
order on the phone the shopper bought with, and the payment-method step's shopper advice."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone
from oscar.core.loading import get_model

from payments import order_status
from payments.settle import services as settle
from tests import factories
from tests.payments.bankfeed_support import deliver, sepay
from tests.payments.test_checkout import checkout, text, viet_nam  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
THANK_YOU = "/shop/checkout/thank-you/"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def save_links(html: str) -> list[str]:
    return re.findall(r"<a [^>]*data-testid=\"save-qr\"[^>]*>", html)


def test_unpaid_transfer_offers_the_labelled_qr_image_to_save_for_the_banking_app(english):
    order, page, _product = checkout(english, "vietqr", price=150000, quantity=2)
    html = text(page)
    [link] = save_links(html)
    assert f'href="/pay/qr/{order.number}.card.png"' in link
    assert f'download="VietQR-{order.number}.png"' in link
    assert ">Save QR image</a>" in html
    assert "choose the QR image from your gallery" in html
    card = english.get(f"/pay/qr/{order.number}.card.png")
    assert card.status_code == 200 and card["Content-Type"] == "image/png"


def test_unpaid_transfer_shows_qr_first_and_plain_values_to_copy(english):
    order, page, _product = checkout(english, "vietqr", price=150000, quantity=2)
    html = text(page)
    # The QR code, then the amount, come before anything of Oscar's order summary.
    qr = html.index(f"/pay/qr/{order.number}.png")
    assert qr < html.index('data-testid="amount-total"') < html.index("has been placed")
    assert 'class="nav-checkout' not in html and "1. Shipping address" not in html
    # Without JavaScript the values are selectable text; the copy buttons copy data-copy.
    assert f'data-copy="{settings.SHOP_BANK_ACCOUNT}"' in html
    assert 'data-copy="300000"' in html  # digits only: what the amount field of a bank takes
    assert f'data-copy="{order.number}"' in html
    assert re.search(r'data-testid="amount"[^>]*>300,000|₫300,000', html)
    # The bank by name: the short name people use and the full name, text only.
    assert "<b>Vietcombank</b>" in html and "Ngân hàng TMCP Ngoại thương Việt Nam" in html
    assert 'data-copy-label="Copy"' in html and 'data-copied-label="Copied"' in html
    assert "payments/thank-you" in html and "Checking…" in html
    assert 'data-testid="payment-thanks" hidden>Thank you: your payment has arrived.' in html
    assert "<script>" not in html.split('id="payment-box"')[1].split("</section>")[0]


def test_paid_transfer_shows_paid_and_nothing_to_pay_with(client):
    order, _page, _product = checkout(client, "vietqr", price=150000)
    deliver(client, "sepay", sepay(transaction_id=7101, amount=150000, content=order.number))
    html = text(client.get(THANK_YOU))
    assert "Đã thanh toán" in html
    assert '<p class="pay-thanks" data-testid="payment-thanks">' in html  # not hidden
    assert save_links(html) == []
    assert f"/pay/qr/{order.number}" not in html and "data-copy=" not in html
    assert "payments/thank-you" not in html  # nothing left to poll


def test_shipped_order_is_not_offered_for_payment_again(client):
    order, _page, _product = checkout(client, "vietqr", price=150000)
    deliver(client, "sepay", sepay(transaction_id=7102, amount=150000, content=order.number))
    Order.objects.filter(pk=order.pk).update(status=order_status.SHIPPED)
    html = text(client.get(THANK_YOU))
    assert save_links(html) == [] and f"/pay/qr/{order.number}" not in html


def test_thank_you_page_reopened_after_the_deadline_expires_the_order_and_hides_the_qr(client):
    order, _page, product = checkout(client, "vietqr", price=50000)
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - dt.timedelta(minutes=31))
    html = text(client.get(THANK_YOU))
    order.refresh_from_db()
    assert order.status == order_status.PAYMENT_EXPIRED
    assert "Quá hạn thanh toán" in html
    assert save_links(html) == [] and f"/pay/qr/{order.number}" not in html
    assert product.stockrecords.get().num_allocated == 0


def test_cancelled_order_shows_no_qr(client):
    order, _page, _product = checkout(client, "vietqr", price=50000)
    staff = factories.finance_user("nhanvien")
    settle.cancel_order(order_number=order.number, actor=staff)
    html = text(client.get(THANK_YOU))
    assert save_links(html) == [] and f"/pay/qr/{order.number}" not in html


def test_cash_on_delivery_has_no_qr_to_save(client):
    _order, page, _product = checkout(client, "cod", price=120000)
    assert save_links(text(page)) == []


def test_shopper_payment_method_page_gives_no_staff_advice(client, english):
    product = factories.product()
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/shop/checkout/", {"username": "a@example.vn", "options": "anonymous"})
    client.post(
        "/shop/checkout/shipping-address/",
        {
            "first_name": "Nguyễn Thị Lan",
            "line1": "1 Phố",
            "line4": "Phường Phan Đình Phùng",
            "state": "Tỉnh Thái Nguyên",
            "country": "VN",
        },
    )
    client.get("/shop/checkout/shipping-method/")
    html = text(client.get("/shop/checkout/payment-method/"))
    assert "confirmed automatically by the bank" in html
    assert "screenshot" not in html.lower()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    html = text(client.get("/shop/checkout/payment-method/"))
    assert 'value="vietqr"' in html and "ảnh chụp màn hình" not in html
