"""The storefront shows products with VND prices and their producer."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_product_page_shows_vnd_price(client):
    product = factories.product(title="Chè nõn tôm 100g", price=300000)
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert "Chè nõn tôm 100g" in text(response)
    assert "300.000 ₫" in text(response)


def test_catalogue_lists_products_with_producer_and_price(client):
    owner = factories.producer(name="HTX Chè Hoàng Nông", slug="htx-hoang-nong")
    factories.product(title="Chè búp Hoàng Nông", price=180000, owner=owner, image=True)
    html = text(client.get("/shop/catalogue/"))
    assert "Chè búp Hoàng Nông" in html
    assert "HTX Chè Hoàng Nông" in html
    assert "180.000 ₫" in html


def test_catalogue_paginates(client, settings):
    for i in range(30):
        factories.product(title=f"Sản phẩm {i:02d}", price=10000 + i)
    first = text(client.get("/shop/catalogue/"))
    second = text(client.get("/shop/catalogue/?page=2"))
    assert first.count('class="product-card"') == 24
    assert second.count('class="product-card"') == 6


def test_catalogue_bad_page_number_goes_back_to_first_page(client):
    factories.product()
    response = client.get("/shop/catalogue/?page=999")
    assert response.status_code == 302


def test_empty_catalogue_says_so(client):
    assert "Chưa có sản phẩm nào." in text(client.get("/shop/catalogue/"))


def test_search_finds_by_words_in_title(client):
    factories.product(title="Mật ong hoa nhãn 500ml")
    factories.product(title="Trứng gà ri")
    html = text(client.get("/shop/search/", {"q": "mật ong"}))
    assert "Mật ong hoa nhãn 500ml" in html
    assert "Trứng gà ri" not in html


def test_basket_add_shows_total(client):
    product = factories.product(price=250000)
    response = client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 2})
    assert response.status_code == 302
    html = text(client.get("/shop/basket/"))
    assert "500.000 ₫" in html
