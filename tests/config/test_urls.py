"""Every top-level URL answers as a visitor expects: a page, or a redirect to sign in."""

import pytest

from cms.demo import seed_pages
from market.demo import seed_markets, seed_places
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_data():
    seed_pages()
    seed_places()
    seed_markets()
    return factories.product()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/truy-xuat/",
        "/tin-tuc/",
        "/shop/catalogue/",
        "/shop/basket/",
        "/shop/search/?q=ch%C3%A8",
        "/markets/",
        "/markets/cho-hung-son/",
        "/accounts/login/",
        "/healthz",
    ],
)
def test_public_pages_answer_200(client, site_data, url):
    response = client.get(url)
    assert response.status_code == 200, url


def test_product_page_answers_200(client, site_data):
    response = client.get(site_data.get_absolute_url())
    assert response.status_code == 200


def test_shop_root_redirects_to_catalogue(client, site_data):
    response = client.get("/shop/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/shop/catalogue/")


@pytest.mark.parametrize(
    "url, login_prefix",
    [
        ("/shop/dashboard/", "/accounts/login/"),
        ("/shop/accounts/", "/accounts/login/"),
        ("/cms/", "/cms/login/"),
        ("/django-admin/", "/django-admin/login/"),
    ],
)
def test_private_areas_redirect_to_sign_in(client, site_data, url, login_prefix):
    response = client.get(url, follow=True)
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    final = response.redirect_chain[-1][0]
    assert final.startswith(login_prefix)
    assert "next=" in final
    assert response.status_code == 200


def test_unknown_market_is_404(client, site_data):
    assert client.get("/markets/khong-co/").status_code == 404


def test_unknown_page_is_404(client, site_data):
    assert client.get("/khong-ton-tai/").status_code == 404
