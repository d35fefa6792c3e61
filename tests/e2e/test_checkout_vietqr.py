"""A shopper pays an order by VietQR on a phone; the page turns paid when the bank confirms."""

import re

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model
from playwright.sync_api import expect

from fulfilment.shipping import ensure_shipping_country
from payments import order_status
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
Order = get_model("order", "Order")


def test_vietqr_checkout_turns_paid_after_the_bank_webhook(live_server, phone, settings):
    ensure_shipping_country()  # made by a migration, gone if an earlier test flushed it
    product = factories.product(title="Mật ong hoa nhãn 500ml", price=180000, image=True)

    phone.goto(f"{live_server.url}{product.get_absolute_url()}")
    phone.get_by_role("button", name=re.compile("Thêm vào giỏ hàng")).click()
    phone.goto(f"{live_server.url}/shop/checkout/")
    phone.fill("#id_username", "khach@example.vn")
    phone.check("#id_options_0")  # continue as a guest
    phone.locator("form button[type=submit]").last.click()
    phone.fill("#id_first_name", "Nguyễn Thị Lan")
    phone.fill("#id_line1", "12 Lương Ngọc Quyến")
    phone.fill("#id_line4", "Phường Phan Đình Phùng")
    phone.select_option("#id_state", index=1)  # the first province of the list
    phone.locator("form button[type=submit]").last.click()
    phone.get_by_label(re.compile("Chuyển khoản bằng mã VietQR")).check()
    phone.get_by_role("button", name="Tiếp tục").click()
    expect(phone.get_by_test_id("chosen-payment")).to_contain_text("VietQR")
    phone.click("#place-order")

    status = phone.get_by_test_id("payment-status")
    expect(status).to_have_text("Chờ thanh toán")
    expect(phone.get_by_test_id("transfer-qr").locator("img")).to_be_visible()
    reference = phone.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"CS[0-9A-Z]{6}", reference)
    assert "180.000" in phone.get_by_test_id("amount").inner_text()

    # The bank's notification, as an aggregator sends it: signed, content mangled by the bank.
    call_command(
        "simulate_bank_transfer",
        reference=reference,
        amount=180000,
        account=settings.SHOP_BANK_ACCOUNT,
        content=f"MBVCB.3278.{reference.lower()}.CT tu 0123456789",
        url=live_server.url,
    )

    expect(status).to_have_text("Đã thanh toán", timeout=15_000)
    expect(phone.get_by_test_id("transfer-qr")).to_have_count(0)
    assert Order.objects.get(number=reference).status == order_status.PAID
