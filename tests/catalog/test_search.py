"""Search that forgives missing accents, ranks sensibly and shows facets with counts."""

import datetime

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.selectors import ProductFilters, product_facets, search_products
from catalog.services import product_search_reindex
from tests import factories

pytestmark = pytest.mark.django_db
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def titles(query, **filters):
    return [p.title for p in search_products(query, filters=ProductFilters(**filters))]


@pytest.fixture
def shop():
    tea = factories.producer(name="HTX Chè Tân Cương Hoàng Bình", slug="htx-tan-cuong")
    honey = factories.producer(name="HTX Mật ong Định Hóa", slug="htx-mat-ong")
    products = {
        "tea": factories.product(title="Chè Tân Cương móc câu thượng hạng", owner=tea),
        "tea2": factories.product(title="Chè búp khô 500g", owner=tea),
        "honey": factories.product(title="Mật ong hoa nhãn 500ml", owner=honey),
        "wax": factories.product(title="Sáp ong nguyên chất", owner=honey),
        "eggs": factories.product(
            title="Trứng gà ri", owner=factories.producer("Trại gà", "trai-ga")
        ),
    }
    return {"tea_producer": tea, "honey_producer": honey, **products}


def test_words_without_accents_find_vietnamese_titles(shop):
    assert titles("che tan cuong")[0] == "Chè Tân Cương móc câu thượng hạng"
    assert titles("mat ong")[0] == "Mật ong hoa nhãn 500ml"
    assert titles("MẬT ONG")[0] == "Mật ong hoa nhãn 500ml"
    assert "Trứng gà ri" not in titles("mat ong")
    assert titles("") == [] and titles("   ") == []
    assert titles("xyzzy") == []


def test_all_words_rank_above_some_words_and_title_above_description(shop):
    # "Chè búp khô" mentions Tân Cương only through its producer (not in the title).
    result = titles("che tan cuong")
    assert result.index("Chè Tân Cương móc câu thượng hạng") < result.index("Chè búp khô 500g")
    # Both honey-producer products match "mat ong" in full (the producer name), but the one
    # with the words in its title comes first; the wax matches "ong" in its title too.
    assert titles("mat ong")[:2] == ["Mật ong hoa nhãn 500ml", "Sáp ong nguyên chất"]
    # A product matching one word of three is cut off when others match all three.
    factories.product(title="Chè xanh Phú Lương", owner=factories.producer("Hộ A", "ho-a"))
    result = titles("che tan cuong")
    assert "Chè xanh Phú Lương" not in result and "Chè búp khô 500g" in result


def test_words_in_description_attributes_and_categories_are_found(shop):
    product = shop["eggs"]
    product.description = "<p>Trứng từ gà thả đồi <b>Phú Bình</b></p>"
    product.save()
    assert titles("phu binh")[0] == "Trứng gà ri"
    category = Category.add_root(name="Đặc sản vùng cao")
    ProductCategory.objects.create(product=product, category=category)
    assert titles("dac san vung cao")[0] == "Trứng gà ri"


def test_index_follows_producer_renames(shop):
    shop["honey_producer"].name = "HTX Ong rừng Định Hóa"
    shop["honey_producer"].save()
    assert "Sáp ong nguyên chất" in titles("ong rung")


def test_word_start_matching_allows_partial_typing(shop):
    assert titles("tan cu")[0] == "Chè Tân Cương móc câu thượng hạng"


def test_search_page_shows_results_and_facets_with_counts(client, shop):
    factories.certification(product=shop["honey"], stars=3)
    html = text(client.get("/shop/search/", {"q": "mat ong"}))
    assert "Mật ong hoa nhãn 500ml" in html and "Trứng gà ri" not in html
    assert 'data-facet="producer"' in html and "HTX Mật ong Định Hóa" in html
    assert 'data-facet="ocop"' in html and "3★" in html
    assert 'data-facet="class"' in html


def test_facet_counts(shop):
    factories.certification(product=shop["tea"], stars=4)
    factories.certification(product=shop["tea2"], stars=4)
    factories.certification(product=shop["honey"], stars=3)
    old = timezone.localdate() - datetime.timedelta(days=40 * 31)
    factories.certification(product=shop["wax"], stars=5, issued_on=old)  # expired
    factories.certification(producer=shop["honey_producer"], kind="organic", stars=None)
    # Every test product is of the class "Chè", so "che" matches all five.
    products = search_products("che", filters=ProductFilters())
    facets = {
        f.param: {v["label"]: v["count"] for v in f.values}
        for f in product_facets(products, filters=ProductFilters())
    }
    assert facets["producer"] == {
        "HTX Chè Tân Cương Hoàng Bình": 2,
        "HTX Mật ong Định Hóa": 2,
        "Trại gà": 1,
    }
    assert facets["ocop"] == {"4★": 2, "3★": 1}  # the expired 5★ is not counted
    assert facets["commune"] == {"Xã Đại Từ": 5}
    assert facets["cert"] == {"Hữu cơ": 2}  # the producer's organic certificate covers both


def test_filters_narrow_results(client, shop):
    factories.certification(product=shop["tea"], stars=4)
    factories.certification(product=shop["honey"], stars=3)
    old = timezone.localdate() - datetime.timedelta(days=40 * 31)
    factories.certification(product=shop["tea2"], stars=4, issued_on=old)
    assert titles("che", ocop=4) == ["Chè Tân Cương móc câu thượng hạng"]
    assert titles("mat ong", producer="htx-tan-cuong") == []
    assert set(titles("ong", producer="htx-mat-ong")) == {
        "Mật ong hoa nhãn 500ml",
        "Sáp ong nguyên chất",
    }
    html = text(client.get("/shop/search/", {"q": "che", "ocop": "4"}))
    assert "Chè Tân Cương móc câu" in html and "Chè búp khô" not in html
    assert "Bỏ lọc" in html


@pytest.mark.parametrize(
    "params",
    [
        {"ocop": "7"},
        {"ocop": "abc"},
        {"cert": "<script>"},
        {"commune": "x"},
        {"producer": "ç!"},
        {"class": "a b"},
        {"page": "999"},
        {"page": "abc"},
        {"q": "x" * 5000},
        {"q": "'; DROP TABLE"},
    ],
)
def test_bad_parameters_never_break_search(client, shop, params):
    response = client.get("/shop/search/", {"q": "che", **params}, follow=True)
    assert response.status_code == 200
    html = text(response)
    if set(params) & {"ocop", "cert", "commune", "producer", "class"}:
        assert "bỏ qua bộ lọc" in html


def test_index_is_kept_when_reindexing_deleted_products(shop):
    pk = shop["eggs"].pk
    shop["eggs"].delete()
    assert product_search_reindex(product_ids=[pk]) == 0
    assert "Trứng gà ri" not in titles("trung ga")


def test_catalogue_listing_filters_by_ocop_stars_and_certification(client, shop):
    factories.certification(product=shop["tea"], stars=5)
    factories.certification(producer=shop["tea_producer"], kind="vietgap", stars=None)
    html = text(client.get("/shop/catalogue/", {"ocop": "5"}))
    assert "Chè Tân Cương móc câu" in html and "Mật ong hoa nhãn" not in html
    assert "OCOP 5★" in html
    html = text(client.get("/shop/catalogue/", {"cert": "vietgap"}))
    assert "Chè Tân Cương móc câu" in html and "Chè búp khô 500g" in html
    assert "Mật ong hoa nhãn" not in html
    html = text(client.get("/shop/catalogue/", {"cert": "organic"}))
    assert "Không có sản phẩm nào phù hợp với bộ lọc." in html


# --- Diacritics, ranking and cut-off with demo-like products -------------------------------


@pytest.fixture
def market():
    from catalog.product_classes import FARM, ensure_product_classes

    farm = ensure_product_classes()[FARM]
    tea = factories.producer(name="HTX Chè Tân Cương Hoàng Bình", slug="htx-tan-cuong")
    honey = factories.producer(name="HTX Mật ong Định Hóa", slug="htx-mat-ong")
    farmer = factories.producer(name="Hộ chăn nuôi Lê Văn Ba", slug="ho-le-van-ba")

    def item(title, owner, *, description="", farm_produce=False):
        product = factories.product(title=title, owner=owner)
        product.description = description
        if farm_produce:
            product.product_class = farm
        product.save()
        return product

    item("Chè Tân Cương móc câu 200g", tea)
    item("Chè búp khô Tân Cương 500g", tea, description="Pha cùng mật ong rất ngon.")
    item("Chè chế biến sâu hòa tan", tea)
    item("Mật ong hoa nhãn 500ml", honey, description="Ong nuôi bên đồi chè.", farm_produce=True)
    item("Gà đồi Phú Bình", farmer, description="Gà thả đồi, nuôi sáu tháng.", farm_produce=True)
    item("Gạo nếp cái hoa vàng 2kg", farmer, farm_produce=True)


def test_a_word_typed_with_diacritics_matches_only_those_letters(market):
    # chế (processed) is not chè (tea): each finds only its own word.
    assert titles("chế") == ["Chè chế biến sâu hòa tan"]
    assert titles("CHẾ biến") == ["Chè chế biến sâu hòa tan"]
    teas = titles("chè")
    assert set(teas[:3]) == {
        "Chè Tân Cương móc câu 200g",
        "Chè búp khô Tân Cương 500g",
        "Chè chế biến sâu hòa tan",
    }
    assert "Gà đồi Phú Bình" not in teas and "Gạo nếp cái hoa vàng 2kg" not in teas
    assert titles("chê") == []
    assert titles("đồi") == ["Gà đồi Phú Bình", "Mật ong hoa nhãn 500ml"]  # title first
    assert titles("gà") == ["Gà đồi Phú Bình"]  # not gạo


def test_old_and_new_tone_placement_and_decomposed_input_are_the_same(market):
    assert titles("hoà tan") == ["Chè chế biến sâu hòa tan"]
    assert titles("Định Hoá") == ["Mật ong hoa nhãn 500ml"]
    assert titles("che\u0302\u0301") == ["Chè chế biến sâu hòa tan"]  # "chế", decomposed


def test_a_word_typed_without_diacritics_forgives_them_exact_letters_first(market):
    result = titles("che")
    assert {"Chè Tân Cương móc câu 200g", "Chè chế biến sâu hòa tan"} <= set(result)
    # "tan" is written as typed only in "hòa tan": it comes before the Tân Cương teas.
    result = titles("tan")
    assert result[0] == "Chè chế biến sâu hòa tan"
    assert {"Chè Tân Cương móc câu 200g", "Chè búp khô Tân Cương 500g"} <= set(result[1:])
    # A whole word before the start of a longer one: "ga" is gà before gạo.
    assert titles("ga")[:2] == ["Gà đồi Phú Bình", "Gạo nếp cái hoa vàng 2kg"]


def test_only_the_last_word_may_be_the_start_of_a_longer_one(market):
    # The shopper may still be typing the last word, not the ones before it.
    assert titles("gà đồi phú bì") == ["Gà đồi Phú Bình"]
    assert "Gạo nếp cái hoa vàng 2kg" in titles("xyz ga")
    assert titles("ga xyz") == ["Gà đồi Phú Bình"]  # not gạo


def test_the_title_weighs_more_than_letters_typed_exactly(market):
    from catalog.models import Producer

    honey = Producer.objects.get(slug="htx-mat-ong")
    factories.product(title="Mật ong rừng Định Hóa 1 lít", owner=honey)
    # "hoa" is written as typed in "hoa nhãn" (whose producer is in Định Hóa), but the
    # shopper looking for "dinh hoa" wants the one named so.
    assert titles("dinh hoa") == ["Mật ong rừng Định Hóa 1 lít", "Mật ong hoa nhãn 500ml"]


def test_multi_word_queries_rank_by_words_matched_and_cut_off_the_rest(market):
    # Four words, one product matches them all: only that one (not gạo for "ga", nor the
    # honey whose description says "đồi").
    assert titles("ga doi phu binh") == ["Gà đồi Phú Bình"]
    assert titles("gà đồi Phú Bình") == ["Gà đồi Phú Bình"]
    # Nobody matches every word: those matching at least half of them.
    assert set(titles("gạo nếp mật ong")) == {
        "Gạo nếp cái hoa vàng 2kg",
        "Mật ong hoa nhãn 500ml",
        "Chè búp khô Tân Cương 500g",  # "mật ong" in its description
    }
    # Fewer than half: the products matching the most words, never one matching none.
    assert titles("gạo xyz abc def") == ["Gạo nếp cái hoa vàng 2kg"]
    assert titles("xyz abc") == []
    # The title weighs more than the description.
    assert titles("mat ong") == ["Mật ong hoa nhãn 500ml", "Chè búp khô Tân Cương 500g"]


def test_search_page_and_facets_show_only_the_products_kept(client, market):
    html = text(client.get("/shop/search/", {"q": "ga doi phu binh"}))
    assert "Gà đồi Phú Bình" in html and "Gạo nếp cái hoa vàng" not in html
    assert "Mật ong hoa nhãn" not in html
    products = search_products("gạo nếp mật ong", filters=ProductFilters())
    facets = {
        f.param: {v["label"]: v["count"] for v in f.values}
        for f in product_facets(products, filters=ProductFilters())
    }
    assert facets["producer"] == {
        "HTX Chè Tân Cương Hoàng Bình": 1,
        "HTX Mật ong Định Hóa": 1,
        "Hộ chăn nuôi Lê Văn Ba": 1,
    }
