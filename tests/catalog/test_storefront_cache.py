"""The shop's product page and listings from the fragment cache: a fixed, small number of
queries whatever the product shows, the same page as rendered afresh, and a change seen at
once (templates/oscar/catalogue/detail.html, catalog/search/views.py, catalog/storefront.py,
catalog/product_views.py)."""

import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from catalog import product_views
from tests import factories

pytestmark = pytest.mark.django_db

ProductRecord = get_model("analytics", "ProductRecord")

# Product, its stock records, the data versions: the rest of the page is in the cache.
PRODUCT_PAGE_CACHED_QUERIES = 3


@pytest.fixture(autouse=True)
def _fresh_cache(settings, monkeypatch):
    settings.CMS_FRAGMENT_CACHE_SECONDS = 600
    # Views counted in memory, as in production (the test settings write each one at once).
    settings.CATALOG_VIEW_FLUSH_SECONDS = 3600
    monkeypatch.setattr(product_views, "_pending", Counter())
    cache.clear()
    yield
    cache.clear()


def html(response) -> str:
    text = response.content.decode().replace("\xa0", " ")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)


def tea_with_everything():
    owner = factories.producer(name="HTX Chè Hoàng Bình", slug="htx-hoang-binh")
    product = factories.product(title="Chè móc câu 200g", price=250000, owner=owner, image=True)
    factories.certification(product=product, stars=4)
    factories.certification(producer=owner, kind="vietgap", stars=None)
    return product


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), html(response)


def test_cached_product_page_is_the_page_rendered_afresh_in_three_queries(client, settings):
    url = tea_with_everything().get_absolute_url()
    first_count, first = queries(client, url)
    count, cached = queries(client, url)
    assert count == PRODUCT_PAGE_CACHED_QUERIES < first_count
    assert cached == first
    assert "Chè móc câu 200g" in cached and "250.000 ₫" in cached and "OCOP ★★★★" in cached
    assert "live-fragment-hole" not in cached
    settings.CMS_FRAGMENT_CACHE_SECONDS = 0
    assert html(client.get(url)) == cached


def test_each_shopper_gets_their_own_csrf_token_from_a_cached_product_page(client):
    url = tea_with_everything().get_absolute_url()
    client.get(url)
    from django.test import Client

    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', c.get(url).content.decode())[1]
        for c in (client, Client(), Client())
    }
    assert len(tokens) == 3


def test_product_page_shows_a_new_price_and_certificate_at_once(client):
    product = tea_with_everything()
    url = product.get_absolute_url()
    client.get(url)
    record = product.stockrecords.get()
    record.price = Decimal(199000)
    record.save()
    factories.certification(product=product, kind="vietgap", stars=None, number="VG-NEW-1")
    page = html(client.get(url))
    assert "199.000 ₫" in page and "250.000 ₫" not in page
    assert "VG-NEW-1" in page


def test_listing_from_the_cache_costs_one_query_and_shows_a_new_product_at_once(client):
    tea_with_everything()
    first_count, first = queries(client, "/shop/search/?q=che")
    count, cached = queries(client, "/shop/search/?q=che")
    assert count == 1 < first_count  # the data versions
    assert cached == first
    factories.product(title="Chè nõn tôm mới", price=300000)
    assert "Chè nõn tôm mới" in html(client.get("/shop/search/?q=che"))
    assert "Chè nõn tôm mới" in html(client.get("/shop/catalogue/"))


def test_empty_basket_page_makes_no_query(client):
    count, page = queries(client, "/shop/basket/")
    assert count == 0
    assert "Your basket is empty." in page or "Giỏ hàng của bạn đang trống." in page


def test_product_views_are_written_in_batches(client, settings):
    product = tea_with_everything()
    for _ in range(3):
        client.get(product.get_absolute_url())
    assert not ProductRecord.objects.filter(product=product, num_views__gt=0).exists()
    product_views.product_views_flush()
    assert ProductRecord.objects.get(product=product).num_views == 3
    settings.CATALOG_VIEW_FLUSH_SECONDS = 0
    client.get(product.get_absolute_url())
    assert ProductRecord.objects.get(product=product).num_views == 4
