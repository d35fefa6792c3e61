"""A shopper pays an order by VietQR on a phone; the page turns paid when the bank confirms.

Most shoppers pay on the phone they browse with: the QR code is on the first screen, a
labelled QR image can be saved for the banking app's gallery, the transfer details can be
copied, and the page keeps checking through a failed poll. Screenshots at 390 px and 1280 px
go to ``$SCREENSHOT_DIR`` when it is set.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model
from playwright.sync_api import expect

from fulfilment.shipping import ensure_shipping_country
from payments import order_status
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
Order = get_model("order", "Order")


def place_vietqr_order(page, base_url: str, *, price: int = 180000, before_placing=None) -> str:
    """A guest buys one product and chooses VietQR; returns the order's transfer reference."""
    ensure_shipping_country()  # made by a migration, gone if an earlier test flushed it
    product = factories.product(title="Mật ong hoa nhãn 500ml", price=price, image=True)

    page.goto(f"{base_url}{product.get_absolute_url()}")
    page.get_by_role("button", name=re.compile("Thêm vào giỏ hàng")).click()
    page.goto(f"{base_url}/shop/checkout/")
    page.fill("#id_username", "khach@example.vn")
    page.check("#id_options_0")  # continue as a guest
    page.locator("form button[type=submit]").last.click()
    page.fill("#id_first_name", "Nguyễn Thị Lan")
    page.fill("#id_line1", "12 Lương Ngọc Quyến")
    page.fill("#id_line4", "Phường Phan Đình Phùng")
    page.select_option("#id_state", index=1)  # the first province of the list
    page.locator("form button[type=submit]").last.click()
    page.get_by_label(re.compile("Chuyển khoản bằng mã VietQR")).check()
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_test_id("chosen-payment")).to_contain_text("VietQR")
    if before_placing:
        before_placing()
    page.click("#place-order")
    expect(page.get_by_test_id("transfer-qr").locator("img")).to_be_visible()
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"CS[0-9A-Z]{6}", reference)
    return reference


def bank_confirms(reference: str, amount: int, live_server, settings) -> None:
    """The bank's notification, as an aggregator sends it: signed, content mangled by the bank."""
    call_command(
        "simulate_bank_transfer",
        reference=reference,
        amount=amount,
        account=settings.SHOP_BANK_ACCOUNT,
        content=f"MBVCB.3278.{reference.lower()}.CT tu 0123456789",
        url=live_server.url,
    )


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    if directory := os.environ.get("SCREENSHOT_DIR"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{directory}/{name}.png", full_page=full_page)


def qr_is_on_the_first_screen(page) -> None:
    image = page.get_by_test_id("transfer-qr").locator("img")
    expect(image).to_be_visible()
    loaded = "img => img.complete && img.naturalWidth > 0"
    page.wait_for_function(loaded, arg=image.element_handle())
    box = image.bounding_box()
    viewport = page.viewport_size
    assert box["width"] >= 200, box  # big enough for another phone's camera too
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (box, viewport)


def test_vietqr_checkout_turns_paid_after_the_bank_webhook(live_server, phone, settings):
    reference = place_vietqr_order(phone, live_server.url)

    status = phone.get_by_test_id("payment-status")
    expect(status).to_have_text("Chờ thanh toán")
    assert "180.000" in phone.get_by_test_id("amount").inner_text()
    bank_confirms(reference, 180000, live_server, settings)

    expect(status).to_have_text("Đã thanh toán", timeout=15_000)
    expect(phone.get_by_test_id("transfer-qr")).to_have_count(0)
    assert Order.objects.get(number=reference).status == order_status.PAID


def test_paying_on_the_same_phone_at_390px(live_server, phone, settings):
    """QR on the first screen, the QR image saved, the details copied, and polls that fail
    (a server error, then a request never answered) do not stop the page turning paid."""
    context = phone.context
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    polls = []

    def flaky_status(route):
        polls.append(route.request.url)
        if len(polls) == 1:
            route.fulfill(status=500, body="Server Error")
        elif len(polls) == 2:
            pass  # never answered: the page gives up on it after 10 s
        else:
            route.continue_()

    def fail_the_first_polls():
        phone.route(re.compile(r"/pay/orders/[^/]+/status\.json"), flaky_status)

    reference = place_vietqr_order(phone, live_server.url, before_placing=fail_the_first_polls)
    assert "/checkout/thank-you/" in phone.url
    qr_is_on_the_first_screen(phone)
    expect(phone.locator(".nav-checkout")).to_have_count(0)  # no checkout-steps bar any more
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # A poll failed: the page says it is still checking, and checks again until it gets through.
    checking = phone.get_by_test_id("payment-checking")
    expect(checking).to_be_visible(timeout=10_000)
    screenshot(phone, "thank-you-390-checking", full_page=False)
    expect(checking).to_be_hidden(timeout=30_000)
    assert len(polls) >= 3
    expect(phone.get_by_test_id("payment-status")).to_have_text("Chờ thanh toán")

    # "Save QR image": the labelled card, downloaded under a name the gallery shows.
    save = phone.get_by_test_id("save-qr")
    assert save.bounding_box()["y"] < phone.viewport_size["height"]
    answer = phone.request.get(live_server.url + save.get_attribute("href"))
    assert answer.status == 200 and answer.headers["content-type"] == "image/png"
    with phone.expect_download() as download:
        save.click()
    assert download.value.suggested_filename == f"VietQR-{reference}.png"

    # Copy buttons: exactly what the banking app's fields take.
    bank = phone.get_by_test_id("bank")
    expect(bank).to_contain_text("Vietcombank")
    expect(bank).to_contain_text("Ngân hàng TMCP Ngoại thương Việt Nam")
    for testid, expected in (
        ("account", settings.SHOP_BANK_ACCOUNT),
        ("amount", "180000"),
        ("reference", reference),
    ):
        button = phone.locator(f"[data-testid={testid}] + button.pay-copy")
        expect(button).to_be_visible()
        button.click()
        expect(button).to_have_class(re.compile("is-copied"))
        assert phone.evaluate("navigator.clipboard.readText()") == expected
    screenshot(phone, "thank-you-390")
    screenshot(phone, "thank-you-390-first-screen", full_page=False)

    bank_confirms(reference, 180000, live_server, settings)
    status = phone.get_by_test_id("payment-status")
    expect(status).to_have_text("Đã thanh toán", timeout=15_000)
    expect(status).to_be_in_viewport()  # scrolled down to copy; the details went: back up
    expect(phone.get_by_test_id("payment-thanks")).to_be_visible()
    expect(phone.get_by_test_id("transfer-todo")).to_have_count(0)
    expect(phone.get_by_test_id("save-qr")).to_have_count(0)
    expect(checking).to_have_count(0)
    screenshot(phone, "thank-you-390-paid", full_page=False)
    assert Order.objects.get(number=reference).status == order_status.PAID


def test_copy_falls_back_to_selecting_and_copying_without_the_clipboard_api(live_server, phone):
    """An older browser (or a page not served over HTTPS) has no navigator.clipboard."""
    phone.add_init_script(
        """
        Object.defineProperty(navigator, "clipboard", {value: undefined});
        document.execCommand = function (command) {
          var field = document.activeElement;
          window.copiedByHand = field.value.slice(field.selectionStart, field.selectionEnd);
          return command === "copy";
        };
        """
    )
    reference = place_vietqr_order(phone, live_server.url, price=95000)
    button = phone.locator("[data-testid=reference] + button.pay-copy")
    button.click()
    expect(button).to_have_class(re.compile("is-copied"))
    assert phone.evaluate("window.copiedByHand") == reference
    phone.locator("[data-testid=amount] + button.pay-copy").click()
    assert phone.evaluate("window.copiedByHand") == "95000"


def test_thank_you_page_at_1280px_in_english(live_server, browser, settings):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)

    def in_english():
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])

    reference = place_vietqr_order(page, live_server.url, before_placing=in_english)
    qr_is_on_the_first_screen(page)
    expect(page.get_by_test_id("save-qr")).to_have_text("Save QR image")
    expect(page.get_by_test_id("payment-status")).to_have_text("Waiting for payment")

    # Side by side on a wide screen: the QR code on the left, the details to copy on the right.
    qr = page.get_by_test_id("transfer-qr").bounding_box()
    details = page.locator(".pay-transfer").bounding_box()
    assert details["x"] >= qr["x"] + qr["width"]
    assert details["y"] < qr["y"] + qr["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    button = page.locator("[data-testid=reference] + button.pay-copy")
    expect(button).to_have_text("Copy")
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == reference
    screenshot(page, "thank-you-1280")

    bank_confirms(reference, 180000, live_server, settings)
    expect(page.get_by_test_id("payment-status")).to_have_text("Paid", timeout=15_000)
    expect(page.get_by_test_id("payment-thanks")).to_have_text(
        "Thank you: your payment has arrived."
    )
    expect(page.get_by_test_id("transfer-todo")).to_have_count(0)
    screenshot(page, "thank-you-1280-paid", full_page=False)
    context.close()
