"""On a phone (390 px): a farmer opens a lot with its timeline, codes and label forms, and the
page fits the screen; the shop's product page shows the lot's timeline too."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from catalog.demo import seed_product_classes
from tests import factories
from tests.fulfilment import builders
from tests.traceability import trace_builders as tb

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("TRACE_SCREENSHOTS", "")  # a folder, to look at the pages


def shot(phone, name: str) -> None:
    if SHOTS:
        phone.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_lot_page_and_product_page_on_a_phone(live_server, phone, settings):
    settings.SITE_URL = live_server.url
    seed_product_classes()
    producer = factories.producer(name="HTX Chè Tân Cương Hoàng Bình", slug="htx-che-tan-cuong")
    product = factories.product(title="Chè Tân Cương móc câu 200g", owner=producer)
    leaves = factories.product(title="Chè búp tươi", owner=producer)
    fresh = tb.lot(producer=producer, product=leaves, code="TUOI-0512", gtin_body="0893850597002")
    dried = tb.lot(producer=producer, product=product, code="TC2026-05A")
    tb.timeline(fresh, dried)
    builders.producer_staff(producer, "farmer.tancuong")

    phone.goto(live_server.url + "/accounts/login/?next=/producer/htx-che-tan-cuong/trace/")
    phone.get_by_label("Tên đăng nhập hoặc email").fill("farmer.tancuong")
    phone.get_by_label("Mật khẩu").fill("demo12345")
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(re.compile(r"/trace/$"))
    expect(phone.get_by_test_id("trace-lot").first).to_be_visible()
    shot(phone, "lots")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.get_by_role("link", name="Chè Tân Cương móc câu 200g").click()
    expect(phone.get_by_test_id("lot-title")).to_contain_text("TC2026-05A")
    expect(phone.locator(".trace-timeline")).to_contain_text("TUOI-0512")
    shot(phone, "lot")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.goto(f"{live_server.url}/producer/htx-che-tan-cuong/trace/lots/{dried.pk}/events/new/")
    shot(phone, "event-form")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.goto(live_server.url + product.get_absolute_url())
    expect(phone.get_by_test_id("product-trace")).to_contain_text("Sao chè bằng tôn quay")
    shot(phone, "product")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
