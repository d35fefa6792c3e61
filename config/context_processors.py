"""Template context shared by Oscar and Wagtail pages: the one site navigation."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

NAVIGATION = (
    ("home", _("Home"), "/"),
    ("shop", _("Shop"), "/shop/"),
    ("producers", _("Producers"), "/shop/producers/"),
    ("markets", _("Chợ 4.0 markets"), "/markets/"),
    ("trace", _("Traceability"), "/truy-xuat/"),
    ("news", _("News"), "/tin-tuc/"),
)


def site(request):
    path = request.path
    # "Home" only on the home page: a page no entry covers (the stall app, the producer
    # portal) highlights nothing rather than "Home".
    active = "home" if path == "/" else ""
    for key, _label, url in NAVIGATION:
        if url != "/" and path.startswith(url):
            active = key
    return {
        "site_navigation": NAVIGATION,
        "site_navigation_active": active,
        "SITE_URL": settings.SITE_URL,
    }
