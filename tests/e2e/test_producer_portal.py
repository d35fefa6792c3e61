"""A farmer on a phone lists a new tea product with a photo; a shopper finds it without accents."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from catalog.demo import seed_product_classes
from tests import factories
from tests.fulfilment import builders
from tests.portal.images import phone_jpeg

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Chè nõn tôm Hoàng Bình thượng hạng"
TYPED_WITHOUT_ACCENTS = "che non tom hoang binh"


def test_farmer_lists_a_tea_product_and_a_shopper_finds_it(live_server, phone):
    seed_product_classes()
    cooperative = factories.producer(
        name="HTX Chè Tân Cương Hoàng Bình", slug="htx-che-tan-cuong-hoang-binh"
    )
    builders.producer_staff(cooperative, "farmer.tancuong")

    # The farmer signs in on the one sign-in page and lands in the portal.
    phone.goto(live_server.url + "/accounts/login/?next=/producer/")
    phone.get_by_label("Tên đăng nhập hoặc email").fill("farmer.tancuong")
    phone.get_by_label("Mật khẩu").fill("demo12345")
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(re.compile(r"/producer/htx-che-tan-cuong-hoang-binh/$"))
    expect(phone.get_by_test_id("portal-producer")).to_have_text("HTX Chè Tân Cương Hoàng Bình")

    # A new tea product, with a photo straight from the phone's camera.
    phone.get_by_role("link", name=re.compile("Thêm sản phẩm")).click()
    phone.get_by_role("link", name="Chè", exact=True).click()
    phone.get_by_label("Tên sản phẩm").fill(TITLE)
    phone.get_by_label("Giá (đồng)").fill("320.000")
    phone.get_by_label("Số lượng trong kho").fill("15")
    phone.get_by_label("Loại chè").select_option(label="Nõn tôm")
    phone.get_by_label("Khối lượng tịnh (g)").fill("250")
    phone.get_by_label("Ảnh").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": phone_jpeg()}
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Lưu và đăng bán").click()

    phone.wait_for_url(re.compile(r"/producer/htx-che-tan-cuong-hoang-binh/$"))
    expect(phone.get_by_role("status")).to_contain_text("đã được đăng bán")
    item = phone.get_by_test_id("portal-product").filter(has_text=TITLE)
    expect(item).to_contain_text("320.000")
    expect(item).to_contain_text("Đang bán")
    expect(item.locator("img")).to_be_visible()  # the cleaned photo's thumbnail
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # A shopper (signed out) types the name without accents and finds it.
    phone.context.clear_cookies()
    phone.goto(live_server.url + "/shop/")
    search = phone.get_by_role("searchbox")
    search.fill(TYPED_WITHOUT_ACCENTS)
    search.press("Enter")
    phone.wait_for_url(re.compile(r"/shop/search/\?q="))
    result = phone.get_by_role("link", name=TITLE).first
    expect(result).to_be_visible()
    result.click()
    expect(phone.locator("body")).to_contain_text(re.compile(r"320\.000\s₫"))
    expect(phone.locator("body")).to_contain_text("HTX Chè Tân Cương Hoàng Bình")
