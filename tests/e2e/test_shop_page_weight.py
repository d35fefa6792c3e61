"""Every shop page a shopper meets, on a phone in Chromium: its weight and requests stay within
the budget (≤ 60 KB of HTML+CSS+JS, ≤ 10 requests, product photos not counted), it loads
nothing of Oscar's stock assets (Bootstrap, jQuery, Font Awesome, its 283 KB stylesheet) and no
page is wider than the screen.

The shopper's whole path runs here: catalogue, search, product, basket, checkout steps,
thank-you, account pages, sign-in, registration and password reset. Set SHOTS_DIR to keep a
screenshot of every page (the README says how they were looked at)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from cms.demo import seed_pages
from fulfilment.shipping import ensure_shipping_country
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BUDGET_BYTES = 60 * 1024
BUDGET_REQUESTS = 10
PASSWORD = "mat-khau-dai-12345"
WORDS = {
    "vi": {
        "add": "Thêm vào giỏ hàng",
        "vietqr": "Chuyển khoản bằng mã VietQR",
        "continue": "Tiếp tục",
    },
    "en": {"add": "Add to basket", "vietqr": "Bank transfer by VietQR", "continue": "Continue"},
}


@dataclass
class Weight:
    path: str
    bytes: int = 0
    requests: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.path}: {self.bytes / 1024:.1f} KB, {len(self.requests)} requests"


class Meter:
    """Counts what a page load fetches: every request except product photos (under /media/)."""

    def __init__(self, page, width: int):
        self.page = page
        self.width = width
        self.current: Weight | None = None
        self.pages: list[Weight] = []
        page.on("response", self._on_response)

    def _on_response(self, response) -> None:
        if self.current is None or "/media/" in response.url:
            return
        self.current.requests.append(response.url)
        if response.request.resource_type in ("document", "stylesheet", "script", "fetch", "xhr"):
            self.current.responses.append(response)

    def visit(self, label: str, go) -> Weight:
        """Load a page with an empty browser cache (a first visit), measure and check it."""
        cdp = self.page.context.new_cdp_session(self.page)
        cdp.send("Network.clearBrowserCache")
        cdp.detach()
        self.current = Weight(label)
        go()
        self.page.wait_for_load_state("networkidle")
        weight, self.current = self.current, None
        # Bytes as transferred (the test server does not compress: an upper bound).
        weight.bytes = sum(r.request.sizes()["responseBodySize"] for r in weight.responses)
        self.pages.append(weight)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width, f"{label} is {width} px wide on a {self.width} px screen"
        broken = self.page.evaluate(
            "[...document.images].filter(i => i.loading !== 'lazy' && i.complete"
            " && i.naturalWidth === 0).map(i => i.currentSrc || i.src)"
        )
        assert broken == [], f"{label} shows broken images: {broken}"
        stock = [url for url in weight.requests if "/static/oscar/" in url]
        assert stock == [], f"{label} loads Oscar's stock assets: {stock}"
        shots = os.environ.get("SHOTS_DIR")
        if shots:
            name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            shot = Path(shots) / f"{name}-{self.width}.png"
            self.page.screenshot(path=str(shot), full_page=True)
        return weight


@pytest.mark.parametrize(("width", "language"), [(390, "vi"), (1280, "en")])
def test_every_shop_page_keeps_within_the_budget(live_server, browser, width, language):
    """The phone in Vietnamese (the default), the desktop in English (chosen in the header, which
    sets the language cookie; the site ignores Accept-Language, see config/middleware.py)."""
    cache.clear()  # sorl's thumbnail records of an earlier test name files of its media root
    context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=1)
    if language != "vi":
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    try:
        walk_the_shop(live_server.url, phone, width, WORDS[language])
    finally:
        context.close()


def walk_the_shop(url: str, phone, width: int, words: dict) -> None:
    seed_pages()
    ensure_shipping_country()
    tea = factories.product(title="Chè Tân Cương móc câu 200g", price=250000, image=True)
    for n in range(23):  # a full catalogue page (24 products): the heaviest list
        factories.product(title=f"Mật ong hoa nhãn {n + 1}", price=180000 + n, image=True)
    get_user_model().objects.create_user(
        "lan", "lan@example.vn", PASSWORD, first_name="Nguyễn Thị Lan"
    )
    meter = Meter(phone, width)

    # Signed out
    meter.visit("Home", lambda: phone.goto(url + "/"))
    expected = "vi" if words is WORDS["vi"] else "en"
    assert phone.locator("html").get_attribute("lang") == expected
    meter.visit("Catalogue", lambda: phone.goto(url + "/shop/catalogue/"))
    meter.visit("Search", lambda: phone.goto(url + "/shop/search/?q=mat+ong"))
    meter.visit("Product", lambda: phone.goto(url + tea.get_absolute_url()))
    meter.visit("Registration", lambda: phone.goto(url + "/shop/accounts/register/"))
    meter.visit("Password reset", lambda: phone.goto(url + "/shop/password-reset/"))
    meter.visit("Sign in", lambda: phone.goto(url + "/accounts/login/"))
    phone.fill("input[name=username]", "lan")
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("main form button[type=submit]").last.click()
    phone.wait_for_load_state()

    # Buying, signed in
    phone.goto(url + tea.get_absolute_url())
    meter.visit(
        "Added to basket",
        lambda: phone.get_by_role("button", name=re.compile(words["add"])).click(),
    )
    meter.visit("Basket", lambda: phone.goto(url + "/shop/basket/"))
    meter.visit("Checkout: address", lambda: phone.goto(url + "/shop/checkout/"))
    phone.fill("#id_first_name", "Nguyễn Thị Lan")
    phone.fill("#id_line1", "12 Lương Ngọc Quyến")
    phone.fill("#id_line4", "Phường Phan Đình Phùng")
    phone.select_option("#id_state", index=1)  # the first province of the list
    meter.visit(
        "Checkout: payment",
        lambda: phone.locator("main form button[type=submit]").last.click(),
    )
    phone.get_by_label(re.compile(words["vietqr"])).check()
    meter.visit(
        "Checkout: preview",
        lambda: phone.get_by_role("button", name=words["continue"]).click(),
    )
    meter.visit("Thank you", lambda: phone.click("#place-order"))
    assert phone.get_by_test_id("transfer-qr").is_visible()

    # The account
    meter.visit("Profile", lambda: phone.goto(url + "/shop/accounts/profile/"))
    meter.visit("Order history", lambda: phone.goto(url + "/shop/accounts/orders/"))
    meter.visit(
        "Order detail",
        lambda: phone.locator("[data-testid=order-list] a").first.click(),
    )
    meter.visit("Address book", lambda: phone.goto(url + "/shop/accounts/addresses/"))
    meter.visit("Wish lists", lambda: phone.goto(url + "/shop/accounts/wishlists/"))
    meter.visit("Product alerts", lambda: phone.goto(url + "/shop/accounts/alerts/"))
    meter.visit("Change password", lambda: phone.goto(url + "/shop/accounts/change-password/"))

    report = "\n".join(str(weight) for weight in meter.pages)
    print(report)
    heavy = [str(w) for w in meter.pages if w.bytes > BUDGET_BYTES]
    chatty = [str(w) for w in meter.pages if len(w.requests) > BUDGET_REQUESTS]
    assert heavy == [], f"over {BUDGET_BYTES // 1024} KB:\n" + "\n".join(heavy)
    assert chatty == [], f"over {BUDGET_REQUESTS} requests:\n" + "\n".join(chatty)
