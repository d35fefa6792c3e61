"""Where each kind of user lands after signing in."""

from __future__ import annotations

PRODUCER_GROUP = "Producer staff"
BOARD_GROUP = "Market board"
STALLHOLDER_GROUP = "Stallholder"
DIGITAL_TEAM_GROUP = "Community digital team"


def home_url_for(user) -> str:
    if not user.is_authenticated:
        return "/"
    if user.is_staff:
        return "/shop/dashboard/"
    groups = set(user.groups.values_list("name", flat=True))
    if PRODUCER_GROUP in groups or DIGITAL_TEAM_GROUP in groups:
        return "/producer/"  # the phone-sized producer portal
    if BOARD_GROUP in groups:
        return "/markets/"
    if STALLHOLDER_GROUP in groups:
        return "/markets/"
    return "/shop/accounts/"
