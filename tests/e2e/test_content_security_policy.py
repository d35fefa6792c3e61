"""The Content-Security-Policy breaks nothing: headless Chromium records every policy violation
(``securitypolicyviolation`` events and the browser's own console reports) while a shopper
browses home → product → checkout → thank-you page, a stallholder uses the stall app and the
speaker, and a package's scan page opens; there must be none."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cms.demo import seed_pages
from config import roles
from fulfilment.shipping import ensure_shipping_country
from tests import factories
from tests.market import builders as market_builders
from tests.traceability import builders as trace_builders

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP-VIOLATION " + e.violatedDirective + " " + (e.blockedURI || "inline") +
                " at " + document.location.pathname);
});
"""


@pytest.fixture
def watched(browser):
    """A phone page whose CSP violations, on every page it opens, are collected."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", device_scale_factor=1
    )
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.violations = []

    def on_console(message):
        text = message.text
        # Chromium reports a header it cannot read (e.g. an unknown Permissions-Policy
        # feature) on the console too: the policy would then not be what we think.
        if any(
            marker in text
            for marker in ("CSP-VIOLATION", "Content Security Policy", "Permissions-Policy")
        ):
            page.violations.append(f"{page.url}: {text}")

    page.on("console", on_console)
    yield page
    context.close()


def settle(page) -> None:
    """Let the page's scripts run (polling, timers) before reading the violations."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def test_shop_pages_and_thank_you_page_raise_no_violation(live_server, watched):
    seed_pages()
    ensure_shipping_country()  # made by a migration, gone if an earlier test flushed it
    product = factories.product(title="Mật ong hoa nhãn 500ml", price=180000, image=True)
    base = live_server.url
    page = watched

    page.goto(base + "/")
    settle(page)
    page.goto(base + product.get_absolute_url())
    settle(page)
    page.get_by_role("button", name=re.compile("Thêm vào giỏ hàng")).click()
    page.goto(base + "/shop/basket/")
    settle(page)
    page.goto(base + "/shop/checkout/")
    page.fill("#id_username", "khach@example.vn")
    page.check("#id_options_0")
    page.locator("form button[type=submit]").last.click()
    page.fill("#id_first_name", "Nguyễn Thị Lan")
    page.fill("#id_line1", "12 Lương Ngọc Quyến")
    page.fill("#id_line4", "Phường Phan Đình Phùng")
    page.select_option("#id_state", index=1)  # the first province of the list
    page.locator("form button[type=submit]").last.click()
    page.get_by_label(re.compile("Chuyển khoản bằng mã VietQR")).check()
    page.get_by_role("button", name="Tiếp tục").click()
    page.click("#place-order")
    expect(page.get_by_test_id("payment-status")).to_have_text("Chờ thanh toán")
    page.wait_for_timeout(2500)  # the status poll (every 2 s) has run
    for path in ("/qr/check/", "/markets/", "/accounts/login/"):
        page.goto(base + path)
        settle(page)

    assert page.violations == []


def test_stall_app_speaker_and_scan_page_raise_no_violation(live_server, watched, settings):
    settings.TRACE_PAGE_CACHE_SECONDS = 0
    holder = market_builders.user("stall.hungson.01", roles.STALLHOLDER_GROUP)
    market = market_builders.market("Chợ Hùng Sơn", "cho-hung-son")
    market_builders.stall(
        market, "HS-01", stallholder=holder, account_number="1023456789", account_holder="HUONG"
    )
    lot = trace_builders.lot(product=trace_builders.tea_product(image=True))
    # A serial of its own: the scan counter remembers a client per code (in the cache) for
    # 10 minutes, and tests/e2e/test_trace_scan_page.py counts its own scan of HB3F8N2R6T.
    code = trace_builders.code(lot, serial="CSP7K2M9QX")
    base = live_server.url
    page = watched

    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill("stall.hungson.01")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/stall/cho-hung-son/HS-01/$"))
    settle(page)
    for key in "15":
        page.locator(f"[data-key='{key}']").click()
    page.locator("[data-key='000']").click()
    page.get_by_test_id("show-qr").click()
    expect(page.get_by_test_id("charge-qr")).to_be_visible()
    settle(page)
    for path in ("/stall/speaker/", "/stall/cho-hung-son/HS-01/today/"):
        page.goto(base + path)
        settle(page)
    page.wait_for_timeout(1500)  # the speaker has polled
    page.goto(f"{base}/01/{code.gtin}/10/{code.lot_code}/21/{code.serial}")
    settle(page)

    assert page.violations == []


def test_back_offices_work_under_their_policy(live_server, watched):
    """Oscar's dashboard, Wagtail's admin (page editor with its preview) and the Django admin
    run their own scripts under the staff policy without a violation."""
    from django.contrib.auth.models import User

    seed_pages()
    factories.product(title="Chè Tân Cương móc câu 200g", price=250000)
    User.objects.create_superuser("admin", "admin@example.com", "demo12345")
    base = live_server.url
    page = watched

    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill("admin")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/shop/dashboard/$"))
    settle(page)
    for path in (
        "/shop/dashboard/catalogue/",
        "/shop/dashboard/catalogue/products/create/",
        "/shop/dashboard/orders/",
        "/cms/",
        "/cms/pages/",
        "/django-admin/",
        "/django-admin/auth/user/",
    ):
        page.goto(base + path)
        settle(page)
    page.goto(base + "/cms/pages/")
    page.locator("a[href*='/edit/']").first.click()
    page.wait_for_url(re.compile(r"/cms/pages/\d+/edit/$"))
    settle(page)

    assert page.violations == []
