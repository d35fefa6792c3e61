"""The one site navigation: which section a page belongs to; the footer's sign-in or sign-out."""

import re

import pytest
from django.test import Client

from config.context_processors import active_section


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/", "home"),
        ("/shop/catalogue/", "shop"),
        ("/shop/producers/htx-che/", "producers"),  # the longer match wins over /shop/
        ("/markets/cho-hung-son/", "markets"),
        ("/qr/check/", "markets"),  # used to light up "Home"
        ("/stall/cho-hung-son/HS-01/", ""),  # the stall app: nothing (it showed "Home")
        ("/producer/", ""),
        ("/truy-xuat/", "trace"),
        ("/accounts/login/", ""),
    ],
)
def test_each_page_lights_up_its_own_section(path, section):
    assert active_section(path) == section


def footer(client) -> str:
    return client.get("/markets/").content.decode().split('class="site-footer"', 1)[1]


@pytest.mark.django_db
def test_the_footer_offers_sign_in_to_visitors_and_sign_out_when_signed_in(django_user_model):
    client = Client(enforce_csrf_checks=True)
    html = footer(client)
    assert 'href="/accounts/login/?next=/markets/"' in html and "Đăng xuất" not in html
    client.force_login(django_user_model.objects.create_user("lan", password="x"))
    html = footer(client)
    assert "/accounts/login/" not in html and "Đăng nhập" not in html
    assert 'href="/shop/accounts/"' in html and "Tài khoản" in html
    # Signing out is a POST with the CSRF token, from the footer itself.
    form = re.search(r'<form method="post" action="(/accounts/logout/)".*?</form>', html, re.S)
    assert form and "Đăng xuất" in form[0]
    assert not re.search(r"<p>(?:(?!</p>).)*<form", html, re.S)  # a <p> cannot hold a form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[0])[1]
    assert client.post(form[1], {"csrfmiddlewaretoken": token}).status_code in (200, 302)
    assert 'href="/accounts/login/?next=/markets/"' in footer(client)
