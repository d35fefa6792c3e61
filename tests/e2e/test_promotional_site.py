"""The promotional site on a phone, in headless Chromium: the home page shows the featured OCOP
products with their VND prices and the live adoption figures, and its navigation reaches the
Chợ 4.0 campaign page."""

import re

import pytest
from playwright.sync_api import expect

from cms.models import CampaignPage
from tests import factories
from tests.cms.helpers import figures_for, home_with, market

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_phone_home_shows_products_figures_and_reaches_the_campaign(live_server, phone):
    product = factories.product(title="Chè móc câu Trại Cài", price=120000)
    factories.certification(product=product, stars=4)
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.63", "105.64")
    figures_for(hung_son, stalls_with_qr=3, stalls_without=1)
    home = home_with([])
    campaign = home.add_child(
        instance=CampaignPage(
            title="Chợ 4.0 — Chợ thanh toán không dùng tiền mặt",
            slug="cho-4-0",
            intro="Mỗi quầy một mã QR.",
        )
    )
    home_with(
        [
            (
                "hero",
                {
                    "heading": "Đặc sản Thái Nguyên",
                    "text": "Mua trực tuyến, trả bằng mã QR.",
                    "image": None,
                    "actions": [{"label": "Tìm hiểu Chợ 4.0", "page": campaign.pk, "url": ""}],
                },
            ),
            (
                "adoption_figures",
                {"heading": "Chợ 4.0 hôm nay", "market": hung_son.pk, "province": None},
            ),
            (
                "featured_products",
                {"heading": "Sản phẩm OCOP", "products": [], "min_ocop_stars": 3, "count": 4},
            ),
        ]
    )

    phone.goto(live_server.url + "/")
    products = phone.get_by_test_id("featured-products")
    expect(products).to_contain_text("Chè móc câu Trại Cài")
    expect(products).to_contain_text(re.compile(r"120\.000\s₫"))
    figures = phone.get_by_test_id("adoption-figures")
    expect(figures).to_be_visible()
    expect(figures.get_by_test_id("figure-stalls")).to_have_text("4")
    expect(figures.get_by_test_id("figure-qr")).to_have_text("75%")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.get_by_role("link", name="Tìm hiểu Chợ 4.0").click()
    phone.wait_for_url(re.compile(r"/cho-4-0/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Chợ 4.0 — Chợ thanh toán không dùng tiền mặt"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
