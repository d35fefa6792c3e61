"""A shopper on a phone: home → shop → product → basket, in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from cms.demo import seed_pages
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_shopper_adds_a_product_to_the_basket(live_server, phone):
    seed_pages()
    factories.product(title="Chè Tân Cương móc câu 200g", price=250000, image=True)

    phone.goto(live_server.url + "/")
    assert phone.locator("html").get_attribute("lang") == "vi"
    phone.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Cửa hàng"
    ).click()
    phone.wait_for_url(re.compile(r"/shop/catalogue/$"))
    phone.get_by_role("link", name="Chè Tân Cương móc câu 200g").first.click()
    phone.get_by_role("button", name=re.compile("Thêm vào giỏ hàng")).click()
    phone.goto(live_server.url + "/shop/basket/")

    basket = phone.locator("#content_inner")
    assert "Chè Tân Cương móc câu 200g" in basket.inner_text()
    phone.locator("input[name$='-quantity']").first.fill("2")
    phone.get_by_role("button", name=re.compile("Cập nhật")).first.click()
    expect(phone.locator("#content_inner")).to_contain_text(re.compile(r"500\.000\s₫"))
    expect(phone.locator("#content_inner")).not_to_contain_text("Đang cập nhật")
    phone.reload()
    expect(phone.locator("#content_inner")).to_contain_text(re.compile(r"500\.000\s₫"))
    assert phone.get_by_test_id("basket-count").inner_text() == "2"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
