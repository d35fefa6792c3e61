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
#: Pages outside a section's own address that belong to it (the QR check is part of the
#: markets). A page no entry covers (the stall app, the producer portal) highlights nothing.
SECTION_PREFIXES = {"markets": ("/qr/",)}


def active_section(path: str) -> str:
    """The navigation entry a path belongs to (the longest match), or "" for none."""
    if path == "/":
        return "home"
    active, longest = "", 0
    for key, _label, url in NAVIGATION:
        for prefix in (url, *SECTION_PREFIXES.get(key, ())):
            if prefix != "/" and path.startswith(prefix) and len(prefix) > longest:
                active, longest = key, len(prefix)
    return active


def site(request):
    active = active_section(request.path)
    return {
        "site_navigation": NAVIGATION,
        "site_navigation_active": active,
        "SITE_URL": settings.SITE_URL,
    }
