"""Public market pages: the directory and each market's page (no sign-in, no JavaScript)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from market import access, board_selectors, selectors

PER_PAGE = 20


def market_directory(request):
    page = Paginator(selectors.markets_directory(), PER_PAGE).get_page(request.GET.get("page"))
    for market in page:
        market.qr_percent = selectors.qr_share(market)
        market.paid_percent = selectors.paid_30d_share(market)
    return render(request, "market/directory.html", {"page": page})


def market_detail(request, slug: str):
    market = selectors.market_by_slug(slug)
    if market is None:
        raise Http404
    market.qr_percent = selectors.qr_share(market)
    market.paid_percent = selectors.paid_30d_share(market)
    return render(
        request,
        "market/detail.html",
        {
            "market": market,
            "groups": selectors.public_stall_groups(market=market),
            "can_view_register": access.can_view_register(request.user, market),
        },
    )


@login_required
def my_markets(request):
    """The landing page of board members, digital team members, officials and stallholders."""
    mine = selectors.markets_for_user(request.user)
    for market in [*mine.managed, *mine.official]:
        market.qr_percent = selectors.qr_share(market)
        market.paid_percent = selectors.paid_30d_share(market)
    provinces = board_selectors.provinces_for_user(request.user)
    return render(request, "market/mine.html", {"mine": mine, "provinces": provinces})
