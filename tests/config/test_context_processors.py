"""The site navigation: which entry a page highlights."""

import pytest
from django.test import RequestFactory

from config.context_processors import site


@pytest.mark.parametrize(
    "path, active",
    [
        ("/", "home"),
        ("/shop/catalogue/", "shop"),
        ("/shop/producers/htx/", "producers"),
        ("/markets/cho-hung-son/", "markets"),
        # Pages no entry covers highlight nothing (they showed "Home" as the current page).
        ("/stall/cho-hung-son/HS-01/", ""),
        ("/producer/", ""),
    ],
)
def test_the_current_section_is_highlighted(path, active):
    assert site(RequestFactory().get(path))["site_navigation_active"] == active
