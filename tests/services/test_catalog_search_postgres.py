"""Product search on PostgreSQL: the same accent-free results as on SQLite, plus trigram
matching that forgives typos, backed by pg_trgm GIN indexes."""

import datetime

import pytest
from django.utils import timezone

from catalog.selectors import ProductFilters, product_facets, search_products
from tests import factories

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def titles(query, **filters):
    return [p.title for p in search_products(query, filters=ProductFilters(**filters))]


@pytest.fixture
def shop():
    tea = factories.producer(name="HTX Chè Tân Cương Hoàng Bình", slug="htx-tan-cuong")
    honey = factories.producer(name="HTX Mật ong Định Hóa", slug="htx-mat-ong")
    return {
        "tea": factories.product(title="Chè Tân Cương móc câu thượng hạng", owner=tea),
        "tea2": factories.product(title="Chè búp khô 500g", owner=tea),
        "honey": factories.product(title="Mật ong hoa nhãn 500ml", owner=honey),
        "eggs": factories.product(
            title="Trứng gà ri", owner=factories.producer("Trại gà", "trai-ga")
        ),
    }


def test_pg_trgm_extension_and_indexes_exist(postgres):
    with postgres.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_productsearchentry'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"catalog_search_title_trgm", "catalog_search_body_trgm"} <= names


def test_accent_free_search_and_ranking(postgres, shop):
    assert titles("che tan cuong")[0] == "Chè Tân Cương móc câu thượng hạng"
    assert titles("mat ong")[0] == "Mật ong hoa nhãn 500ml"
    assert "Trứng gà ri" not in titles("mat ong")
    result = titles("che tan cuong")
    assert result.index("Chè Tân Cương móc câu thượng hạng") < result.index("Chè búp khô 500g")


def test_trigram_similarity_forgives_a_typo(postgres, shop):
    assert titles("tan cuogn")[0] == "Chè Tân Cương móc câu thượng hạng"
    assert titles("trung ga rj")[0] == "Trứng gà ri"


def test_facets_and_filters_on_postgres(postgres, shop, client):
    factories.certification(product=shop["tea"], stars=4)
    old = timezone.localdate() - datetime.timedelta(days=40 * 31)
    factories.certification(product=shop["tea2"], stars=5, issued_on=old)
    products = search_products("che", filters=ProductFilters())
    facets = {
        f.param: {v["label"]: v["count"] for v in f.values}
        for f in product_facets(products, filters=ProductFilters())
    }
    assert facets["ocop"] == {"4★": 1}
    assert titles("che", ocop=4) == ["Chè Tân Cương móc câu thượng hạng"]
    response = client.get("/shop/search/", {"q": "mat ong", "ocop": "x"}, follow=True)
    assert response.status_code == 200
    assert "Mật ong hoa nhãn 500ml" in response.content.decode()


def test_query_count_does_not_grow_on_postgres(postgres, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    owner = factories.producer()
    for i in range(5):
        factories.product(title=f"Chè {i}", owner=owner)
    small = [count("/shop/search/?q=che"), count("/shop/catalogue/")]
    for i in range(55):
        factories.product(title=f"Chè thêm {i}", owner=owner)
    assert [count("/shop/search/?q=che"), count("/shop/catalogue/")] == small
