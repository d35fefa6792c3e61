"""Read-side queries on the adoption figures (``MarketDay``, ``ProvinceDay``) for the board
and province dashboards and the open-data API. They read the rollup rows only, never the
sales, so each takes a fixed, small number of queries however many sales there are.

Who may see which market or province is decided by the caller (``market.access``,
``markets_visible_to``); these functions do not check permissions.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery

from market.models import Market, MarketDay, Province, ProvinceDay


def market_days(market: Market, start: dt.date, end: dt.date) -> QuerySet[MarketDay]:
    """The market's daily figures from ``start`` to ``end`` (both included), oldest first.

    Days without a row (before the market's first computed day) are simply absent.
    One query."""
    return MarketDay.objects.filter(market=market, day__gte=start, day__lte=end).order_by("day")


def _up_to(rows: QuerySet, on_or_before: dt.date | None) -> QuerySet:
    return rows if on_or_before is None else rows.filter(day__lte=on_or_before)


def latest_market_day(market: Market, on_or_before: dt.date | None = None) -> MarketDay | None:
    """The market's most recent computed day (today's row during the day), or None; with
    ``on_or_before``, the newest up to that day (the figures "as of" the end of a range)."""
    return _up_to(MarketDay.objects.filter(market=market), on_or_before).order_by("-day").first()


def latest_market_days(markets, on_or_before: dt.date | None = None) -> dict[int, MarketDay]:
    """{market id: its most recent MarketDay (up to ``on_or_before``)} for ``markets`` (ids or
    Market objects), one query; markets without figures are absent."""
    ids = [getattr(market, "pk", market) for market in markets]
    newest = _up_to(MarketDay.objects.filter(market_id=OuterRef("market_id")), on_or_before)
    rows = MarketDay.objects.filter(
        market_id__in=ids, day=Subquery(newest.order_by("-day").values("day")[:1])
    )
    return {row.market_id: row for row in rows}


def province_days(province: Province, start: dt.date, end: dt.date) -> QuerySet[ProvinceDay]:
    """The province's daily figures (sums of its markets, Chợ 4.0 markets) from ``start`` to
    ``end`` (both included), oldest first. One query."""
    return ProvinceDay.objects.filter(province=province, day__gte=start, day__lte=end).order_by(
        "day"
    )


def latest_province_day(province: Province) -> ProvinceDay | None:
    """The province's most recent computed day, or None."""
    return ProvinceDay.objects.filter(province=province).order_by("-day").first()


def province_markets_latest(
    province: Province, on_or_before: dt.date | None = None
) -> list[tuple[Market, MarketDay | None]]:
    """Every market of the province, by name, each with its most recent MarketDay up to
    ``on_or_before`` (None when never computed): the "every market side by side" table.
    Two queries."""
    markets = list(
        Market.objects.filter(commune__province=province)
        .select_related("commune__province")
        .order_by("name")
    )
    latest = latest_market_days(markets, on_or_before)
    return [(market, latest.get(market.pk)) for market in markets]


# --- Who sees what through the open-data API ------------------------------------------------


def markets_visible_to(user) -> QuerySet[Market]:
    """Markets whose figures ``user`` may read: staff all; a provincial official every market
    of their provinces; a board member their markets; anyone else none."""
    markets = Market.objects.select_related("commune__province")
    if not user.is_authenticated:
        return markets.none()
    if user.is_staff:
        return markets.order_by("name")
    visible = Market.objects.filter(
        Q(board_members=user) | Q(commune__province__officials=user)
    ).values("pk")
    return markets.filter(pk__in=visible).order_by("name")


def provinces_visible_to(user) -> QuerySet[Province]:
    """Provinces whose figures ``user`` may read: staff all, officials their own."""
    if not user.is_authenticated:
        return Province.objects.none()
    if user.is_staff:
        return Province.objects.order_by("name")
    return Province.objects.filter(officials=user).order_by("name")
