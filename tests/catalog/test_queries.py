"""The catalogue, search, producer and product pages make as many queries for 60 products as
for 5: nothing is fetched per product."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def build(n: int):
    producers = [factories.producer(name=f"HTX Chè {i}", slug=f"htx-{i}") for i in range(3)]
    products = []
    for i in range(n):
        owner = producers[i % 3]
        product = factories.product(title=f"Chè Tân Cương {i:03d}", owner=owner, image=True)
        if i % 2:
            factories.certification(product=product, stars=3 + i % 3)
        products.append(product)
    for producer in producers:
        factories.certification(producer=producer, kind="vietgap", stars=None)
    return products


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (thumbnails, site, categories)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


URLS = [
    "/shop/catalogue/",
    "/shop/catalogue/?ocop=4",
    "/shop/search/?q=che+tan+cuong",
    "/shop/search/?q=che&cert=vietgap",
    "/shop/producers/",
    "/shop/producers/htx-0/",
    "/api/products/",
    "/api/producers/",
]


def test_page_queries_do_not_grow_with_the_catalogue(client, settings):
    build(5)
    small = {url: count_queries(client, url) for url in URLS}
    build_more = build(55)
    assert len(build_more) == 55
    large = {url: count_queries(client, url) for url in URLS}
    assert large == small
    assert all(n <= 25 for n in large.values()), large


def test_product_page_queries_are_bounded(client, django_assert_max_num_queries):
    products = build(5)
    url = products[1].get_absolute_url()
    small = count_queries(client, url)
    build(55)
    assert count_queries(client, url) == small
    with django_assert_max_num_queries(small):
        client.get(url)
