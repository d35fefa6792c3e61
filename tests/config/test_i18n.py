"""Vietnamese first, English on request; prices in VND with Vietnamese or English grouping."""

import pytest

from cms.demo import seed_pages
from tests import factories

pytestmark = pytest.mark.django_db


def normalise(text: str) -> str:
    return text.replace("\xa0", " ")


def test_site_opens_in_vietnamese_even_for_english_browsers(client):
    seed_pages()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Giỏ hàng" in html and "Trang chủ" in html


def test_language_switch_changes_page_language_and_price_format(client):
    product = factories.product(price=150000)
    html = normalise(client.get(product.get_absolute_url()).content.decode())
    assert "150.000 ₫" in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/shop/catalogue/"})
    assert response.status_code == 302
    html = normalise(client.get(product.get_absolute_url()).content.decode())
    assert '<html lang="en">' in html
    assert "Basket" in html and "Home" in html
    assert "₫150,000" in html

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    html = client.get("/shop/catalogue/").content.decode()
    assert '<html lang="vi">' in html


def test_unknown_language_is_ignored(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    html = client.get("/shop/catalogue/").content.decode()
    assert '<html lang="vi">' in html


def test_english_is_the_british_source_text_not_oscars_american_catalogue():
    """Python's gettext tried en_US before en, so Oscar's American strings won: the English
    product page said "Add to cart" and the basket "Cart" beside the site's "Basket"."""
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Add to basket") == "Add to basket"
        assert translation.gettext("Basket") == "Basket"
        assert translation.gettext("Voucher code") == "Voucher code"
