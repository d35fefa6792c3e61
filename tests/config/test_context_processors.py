"""The one site navigation: which section a page belongs to, and the footer's sign-in link."""

import pytest

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


@pytest.mark.django_db
def test_the_footer_offers_sign_in_only_to_visitors_not_signed_in(client, django_user_model):
    sign_in = 'href="/accounts/login/">'
    assert sign_in in client.get("/markets/").content.decode()
    client.force_login(django_user_model.objects.create_user("lan", password="x"))
    assert sign_in not in client.get("/markets/").content.decode()
