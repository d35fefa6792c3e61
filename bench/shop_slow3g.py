"""A shopper's whole purchase on a phone over Chrome's "Slow 3G" profile (2 s round trip,
400 kbit/s each way), timed page by page: home, catalogue, search, product, add to basket,
basket, checkout as a guest, address, payment method, place order, QR on screen.

Not part of `make bench` yet (it needs the demo site running): start `make run` in another
terminal, then `.venv/bin/python bench/shop_slow3g.py [vi|en] [--immutable-static]`.
--immutable-static answers repeated static requests from the browser's side, as production
does (WhiteNoise's hashed file names, cached for a year); without it every page revalidates
its stylesheets with the development server, one round trip each. Needs /usr/bin/chromium.
"""

from __future__ import annotations

import re
import sys
import time

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8000"
ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WORDS = {
    "vi": ("Thêm vào giỏ hàng", "Chuyển khoản bằng mã VietQR", "Tiếp tục"),
    "en": ("Add to basket", "Bank transfer by VietQR", "Continue"),
}


def main(language: str, immutable_static: bool) -> float:
    add, vietqr, go_on = WORDS[language]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        if language != "vi":
            context.add_cookies([{"name": "django_language", "value": language, "url": BASE}])
        page = context.new_page()
        page.set_default_timeout(120_000)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 2000,
                "downloadThroughput": 400 * 1024 / 8,
                "uploadThroughput": 400 * 1024 / 8,
            },
        )
        if immutable_static:
            seen: dict[str, dict] = {}

            def static(route):
                url = route.request.url
                if url in seen:
                    return route.fulfill(**seen[url])
                response = route.fetch()
                seen[url] = {
                    "status": response.status,
                    "headers": response.headers,
                    "body": response.body(),
                }
                return route.fulfill(response=response)

            page.route(re.compile(r".*/static/.*"), static)

        times: list[tuple[str, float]] = []

        def step(name: str, action) -> None:
            start = time.monotonic()
            action()
            page.wait_for_load_state("load")
            times.append((name, time.monotonic() - start))

        step("home", lambda: page.goto(BASE + "/"))
        step("catalogue", lambda: page.goto(BASE + "/shop/catalogue/"))
        step("search", lambda: page.goto(BASE + "/shop/search/?q=che+tan+cuong"))
        step("product", lambda: page.locator(".product-card a").first.click())
        step("add", lambda: page.get_by_role("button", name=re.compile(add)).click())
        step("basket", lambda: page.goto(BASE + "/shop/basket/"))
        step("checkout", lambda: page.goto(BASE + "/shop/checkout/"))
        page.fill("#id_username", "khach@example.vn")
        page.check("#id_options_0")
        step("guest", lambda: page.locator("main form button[type=submit]").last.click())
        page.fill("#id_first_name", "Nguyễn Thị Lan")
        page.fill("#id_line1", "12 Lương Ngọc Quyến")
        page.fill("#id_line4", "Phường Phan Đình Phùng")
        page.select_option("#id_state", index=1)
        step("address", lambda: page.locator("main form button[type=submit]").last.click())
        page.get_by_label(re.compile(vietqr)).check()
        step("payment", lambda: page.get_by_role("button", name=go_on).click())
        step("place order", lambda: page.click("#place-order"))
        assert page.get_by_test_id("transfer-qr").locator("img").is_visible()
        browser.close()
    for name, seconds in times:
        print(f"{name:12s} {seconds:5.1f} s")
    total = sum(seconds for _, seconds in times)
    print(f"total page time {total:.1f} s over {len(times)} pages")
    return total


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(arguments[0] if arguments else "vi", "--immutable-static" in sys.argv)
