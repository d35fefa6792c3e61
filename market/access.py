"""Who may see and change what in the market pages: the one place these rules live.

- operators (staff holding ``market.change_stall``, e.g. superusers): everything; other shop
  staff (Finance) read registers and figures but change nothing: a stall's bank account
  decides where a market's payments go;
- market board member: their markets (register, stalls, standees, alerts);
- community digital team member: registers and edits stalls of the markets they support;
- provincial official: every market of their province and its overview, read only (no alerts,
  no changes);
- stallholder: their own stall's page, standee and sticker check.
Anonymous visitors are sent to sign in; a signed-in user without the right gets 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from market.models import Market, Province, Stall

#: The permission that lets shop staff change any market's register (stalls, bank accounts).
OPERATE_MARKETS = "market.change_stall"


def operates_markets(user) -> bool:
    return user.is_authenticated and user.has_perm(OPERATE_MARKETS)


def is_board_member(user, market: Market) -> bool:
    return market.board_members.filter(pk=user.pk).exists()


def can_manage_stalls(user, market: Market) -> bool:
    """Register, edit, close stalls, import, print standees."""
    if not user.is_authenticated:
        return False
    if operates_markets(user):
        return True
    return (
        market.board_members.filter(pk=user.pk).exists()
        or market.digital_team.filter(pk=user.pk).exists()
    )


def can_view_register(user, market: Market) -> bool:
    if can_manage_stalls(user, market) or (user.is_authenticated and user.is_staff):
        return True
    return user.is_authenticated and market.commune.province.officials.filter(pk=user.pk).exists()


def can_view_stall(user, stall: Stall) -> bool:
    if user.is_authenticated and stall.stallholder_id == user.pk:
        return True
    return can_view_register(user, stall.market)


def can_see_alerts(user, market: Market) -> bool:
    return user.is_authenticated and (user.is_staff or is_board_member(user, market))


def market_view(rule):
    """Decorate ``view(request, market, **kwargs)`` routed with ``<slug>``: the market must
    exist (404) and ``rule(user, market)`` hold (403)."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug: str, **kwargs):
            market = Market.objects.select_related("commune__province").filter(slug=slug).first()
            if market is None:
                raise Http404
            if not rule(request.user, market):
                raise PermissionDenied
            return view(request, market, **kwargs)

        return wrapper

    return decorate


def stall_view(rule):
    """Decorate ``view(request, stall, **kwargs)`` routed with ``<slug>/stalls/<code>``."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug: str, code: str, **kwargs):
            stall = (
                Stall.objects.select_related("market__commune__province", "stallholder")
                .filter(market__slug=slug, code=code.upper()[:20])
                .first()
            )
            if stall is None:
                raise Http404
            if not rule(request.user, stall):
                raise PermissionDenied
            return view(request, stall, **kwargs)

        return wrapper

    return decorate


def can_manage_stall(user, stall: Stall) -> bool:
    return can_manage_stalls(user, stall.market)


# --- Adoption dashboards ----------------------------------------------------------------------


def can_view_board(user, market: Market) -> bool:
    """The market's board dashboard: whoever reads its register (board, digital team, the
    province's officials, staff); stallholders and shoppers do not."""
    return can_view_register(user, market)


def can_recompute_figures(user, market: Market) -> bool:
    """Ask for the market's figures to be recomputed now: its board and operators."""
    return user.is_authenticated and (operates_markets(user) or is_board_member(user, market))


def can_view_province(user, province: Province) -> bool:
    """A province's overview: its officials and staff."""
    if not user.is_authenticated:
        return False
    return user.is_staff or province.officials.filter(pk=user.pk).exists()


def province_view(rule):
    """Decorate ``view(request, province, **kwargs)`` routed with ``<province>`` (a slug)."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, province: str, **kwargs):
            found = Province.objects.filter(slug=province).first()
            if found is None:
                raise Http404
            if not rule(request.user, found):
                raise PermissionDenied
            return view(request, found, **kwargs)

        return wrapper

    return decorate
