"""A shopper scans a tea package's QR code on a phone: the scan page, in headless Chromium.

Producer and journey are on screen at 390 px without horizontal scrolling, the page needs no
JavaScript, and the 1-pixel beacon counts the scan. Screenshots at 390 px and 1280 px go to
``$SCREENSHOT_DIR`` when it is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.traceability import builders
from traceability.models import Scan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_scan_page_on_a_phone_shows_producer_and_journey(live_server, browser, settings):
    settings.TRACE_PAGE_CACHE_SECONDS = 0
    lot = builders.lot(product=builders.tea_product(image=True))
    factories.certification(product=lot.product, stars=4)
    code = builders.code(lot, serial="HB3F8N2R6T")
    url = f"{live_server.url}/01/{code.gtin}/10/{code.lot_code}/21/{code.serial}"

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        java_script_enabled=False,  # a cheap phone with scripts off reads it all the same
    )
    phone = context.new_page()
    phone.goto(url)
    producer = phone.get_by_test_id("producer")
    expect(producer).to_be_visible()
    expect(producer).to_contain_text(lot.producer.name)
    timeline = phone.get_by_test_id("timeline")
    expect(timeline).to_be_visible()
    expect(timeline).to_contain_text("Đồi chè xóm Hồng Thái")
    expect(timeline).to_contain_text("Chợ Hùng Sơn")
    expect(phone.get_by_test_id("status")).to_be_visible()
    expect(phone.get_by_test_id("buy")).to_have_attribute("href", lot.product.get_absolute_url())
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.wait_for_load_state("load")  # the beacon image has been fetched
    assert Scan.objects.filter(code=code).count() == 1
    code.refresh_from_db()
    assert code.scan_count == 1

    if directory := os.environ.get("SCREENSHOT_DIR"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=f"{directory}/trace-scan-390.png", full_page=True)
        phone.set_viewport_size({"width": 1280, "height": 900})
        phone.screenshot(path=f"{directory}/trace-scan-1280.png", full_page=True)
    context.close()
