"""Where each kind of user lands after signing in."""

from __future__ import annotations

# The groups are defined (with their permissions) in core/permissions.py and made by data
# migrations; the names are re-exported here for the landing rules below.
from core.permissions import (  # noqa: F401
    BOARD_GROUP,
    DIGITAL_TEAM_GROUP,
    EDITOR_GROUP,
    MODERATOR_GROUP,
    OFFICIAL_GROUP,
    PRODUCER_GROUP,
    STALLHOLDER_GROUP,
)

MY_MARKETS_URL = "/markets/mine/"
CMS_ADMIN_URL = "/cms/"
STALL_APP_URL = "/stall/"


def home_url_for(user) -> str:
    if not user.is_authenticated:
        return "/"
    if user.is_staff:
        return "/shop/dashboard/"
    groups = set(user.groups.values_list("name", flat=True))
    if PRODUCER_GROUP in groups:
        return "/producer/"  # the phone-sized producer portal
    if DIGITAL_TEAM_GROUP in groups:
        # A team member who helps producers starts at the producer portal (the market pages
        # are one tap away from there); one who only supports markets starts at their markets.
        if user.assisted_producers.exists() or not user.supported_markets.exists():
            return "/producer/"
        return MY_MARKETS_URL
    if BOARD_GROUP in groups or OFFICIAL_GROUP in groups:
        return MY_MARKETS_URL
    if EDITOR_GROUP in groups or MODERATOR_GROUP in groups:
        return CMS_ADMIN_URL  # the promotional site's pages (Wagtail)
    if STALLHOLDER_GROUP in groups:
        # Straight to the phone app (keypad → QR) when an open stall is theirs; a stallholder
        # not yet linked to a stall sees "my markets", which says whom to ask.
        if user.stalls.filter(is_active=True).exists():
            return STALL_APP_URL
        return MY_MARKETS_URL
    return "/shop/accounts/"
