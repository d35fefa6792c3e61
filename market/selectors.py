"""Read-side queries for markets, stalls, the QR registry, alerts and standees; each list page
reads in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from market.models import (
    GoodsCategory,
    Market,
    MarketDay,
    Province,
    QRAlert,
    Stall,
    StallChange,
    StallQR,
    StandeeBatch,
)
from market.standee import StandeeData
from payments.banks import get_bank, normalize_account

REGISTER_FILTERS = ("active", "no_qr", "closed", "all")


def person_name(user) -> str:
    """A Vietnamese name, family name first: last_name "Trần Thị" + first_name "Hương". The
    shop's own forms keep the whole name in first_name (fulfilment.shopper_forms)."""
    if user is None:
        return ""
    full = " ".join(part for part in (user.last_name, user.first_name) if part)
    return full or user.get_username()


def province_names() -> list[str]:
    """Names of the provinces of the current unit list, for address forms ("Tỉnh Thái
    Nguyên"); empty until a list is loaded."""
    return list(Province.objects.order_by("name").values_list("name", flat=True))


def stallholder_label(stall: Stall) -> str:
    if stall.stallholder_name:
        return stall.stallholder_name
    return person_name(stall.stallholder) if stall.stallholder_id else ""


def mask_account(account: str) -> str:
    """ "•••• 6789": enough for a shopper to compare with the app, not enough to copy."""
    return f"•••• {account[-4:]}" if account else ""


def _active_qr_exists() -> Exists:
    return Exists(StallQR.objects.filter(stall=OuterRef("pk"), is_active=True))


def markets_directory() -> QuerySet:
    """Every market with its place and live figures: active stalls, those with a registered QR;
    and from its newest adoption row (None before the first one): whether it meets the Chợ 4.0
    criteria (``cho40``) and how many stalls were paid cashless in the last 30 days."""
    newest = MarketDay.objects.filter(market=OuterRef("pk")).order_by("-day")
    return (
        Market.objects.select_related("commune__province")
        .annotate(
            active_stalls=Count("stalls", filter=Q(stalls__is_active=True), distinct=True),
            qr_stalls=Count(
                "stalls",
                filter=Q(stalls__is_active=True, stalls__qr_codes__is_active=True),
                distinct=True,
            ),
            cho40=Subquery(newest.values("is_cho40")[:1]),
            paid_30d_stalls=Subquery(newest.values("stalls_paid_30d")[:1]),
            figures_stalls=Subquery(newest.values("stalls")[:1]),
        )
        .order_by("name")
    )


def paid_30d_share(market: Market) -> int | None:
    """Percent of stalls with a cashless payment in the last 30 days, from the newest rollup."""
    if not getattr(market, "figures_stalls", None):
        return None
    return round(100 * market.paid_30d_stalls / market.figures_stalls)


def qr_share(market: Market) -> int | None:
    """Percent of active stalls with a registered QR (None for a market with no stalls)."""
    if not market.active_stalls:
        return None
    return round(100 * market.qr_stalls / market.active_stalls)


def market_by_slug(slug: str) -> Market | None:
    return markets_directory().filter(slug=slug).first()


@dataclass
class StallGroup:
    category: str
    label: str
    stalls: list[Stall]


def public_stall_groups(*, market: Market) -> list[StallGroup]:
    """Active stalls grouped by goods category (categories in their list order), one query."""
    stalls = (
        Stall.objects.filter(market=market, is_active=True)
        .annotate(has_qr=_active_qr_exists())
        .order_by("code")
    )
    by_category: dict[str, list[Stall]] = {}
    for stall in stalls:
        by_category.setdefault(stall.goods_category, []).append(stall)
    return [
        StallGroup(value, str(label), by_category[value])
        for value, label in GoodsCategory.choices
        if value in by_category
    ]


def register_stalls(*, market: Market, status: str = "active", query: str = "") -> QuerySet:
    """The market's stalls for the register page, with their active QR (one extra query)."""
    stalls = (
        Stall.objects.filter(market=market)
        .select_related("stallholder")
        .annotate(has_qr=_active_qr_exists())
        .prefetch_related(
            Prefetch(
                "qr_codes", queryset=StallQR.objects.filter(is_active=True), to_attr="active_qr"
            )
        )
        .order_by("code")
    )
    if status == "active":
        stalls = stalls.filter(is_active=True)
    elif status == "no_qr":
        stalls = stalls.filter(is_active=True, has_qr=False)
    elif status == "closed":
        stalls = stalls.filter(is_active=False)
    query = " ".join(query.split())[:100]
    if query:
        stalls = stalls.filter(
            Q(code__icontains=query)
            | Q(name__icontains=query)
            | Q(stallholder_name__icontains=query)
        )
    return stalls


def stall_by_code(*, market: Market, code: str) -> Stall | None:
    return (
        Stall.objects.select_related("market__commune__province", "stallholder")
        .filter(market=market, code=code.upper())
        .first()
    )


def active_qr(stall: Stall) -> StallQR | None:
    return StallQR.objects.filter(stall=stall, is_active=True).first()


def _display(field: str, value) -> str:
    if value in (None, ""):
        return "—"
    if field == "bank_bin":
        bank = get_bank(value)
        return f"{bank.short_name} ({value})" if bank else str(value)
    if field == "goods_category":
        return str(dict(GoodsCategory.choices).get(value, value))
    return str(value)


@dataclass
class HistoryEntry:
    change: StallChange
    rows: list[tuple[str, str, str]]  # (field label, old, new)


def stall_history(*, stall: Stall, limit: int = 100) -> list[HistoryEntry]:
    """The stall's audit trail, newest first, with labels and display values (translated at
    read time, so it shows in the reader's language)."""
    labels = {
        "code": _("Stall code"),
        "name": _("Stall name"),
        "goods_category": _("Goods category"),
        "stallholder_name": _("Stallholder's name"),
        "stallholder_phone": _("Stallholder's phone"),
        "bank_bin": _("Bank"),
        "account_number": _("Account number"),
        "account_holder": _("Account holder"),
        "virtual_account": _("Virtual account"),
        "verification_code": _("QR verification code"),
        "closed_on": _("Closed on"),
    }
    entries = []
    for change in StallChange.objects.filter(stall=stall).select_related("actor")[:limit]:
        rows = [
            (labels.get(name, name), _display(name, pair[0]), _display(name, pair[1]))
            for name, pair in change.changes.items()
            if isinstance(pair, list) and len(pair) == 2
        ]
        entries.append(HistoryEntry(change, rows))
    return entries


def standee_data(stall: Stall, qr: StallQR) -> StandeeData:
    bank = get_bank(qr.bank_bin)
    return StandeeData(
        market_name=stall.market.name,
        stall_code=stall.code,
        stall_name=stall.name,
        stallholder=stallholder_label(stall),
        bank_name=bank.short_name if bank else qr.bank_bin,
        masked_account=mask_account(qr.account_number),
        payload=qr.payload,
        verification_code=qr.verification_code,
    )


def standee_data_for_market(*, market: Market) -> list[StandeeData]:
    """One standee per active stall with a registered QR, in stall-code order."""
    qrs = (
        StallQR.objects.filter(stall__market=market, stall__is_active=True, is_active=True)
        .select_related("stall__market", "stall__stallholder")
        .order_by("stall__code")
    )
    return [standee_data(qr.stall, qr) for qr in qrs]


def market_alerts(*, market: Market) -> QuerySet:
    return QRAlert.objects.filter(market=market).select_related("stall", "reported_by")


def standee_batches(*, market: Market, limit: int = 10) -> list[StandeeBatch]:
    return list(StandeeBatch.objects.filter(market=market).order_by("-created_at", "-pk")[:limit])


@dataclass
class UserMarkets:
    managed: list[Market]  # board member or digital team member (may register stalls)
    official: list[Market]  # provincial official: read only
    stalls: list[Stall]  # their own stalls

    @property
    def empty(self) -> bool:
        return not (self.managed or self.official or self.stalls)


def markets_for_user(user) -> UserMarkets:
    if not user.is_authenticated:
        return UserMarkets([], [], [])
    markets = markets_directory().select_related("commune__province")
    if user.is_staff:
        managed = list(markets)
        official: list[Market] = []
    else:
        managed = list(markets.filter(Q(board_members=user) | Q(digital_team=user)).distinct())
        managed_ids = {market.pk for market in managed}
        official = [
            market
            for market in markets.filter(commune__province__officials=user).distinct()
            if market.pk not in managed_ids
        ]
    stalls = list(
        Stall.objects.filter(stallholder=user).select_related("market").order_by("market__name")
    )
    return UserMarkets(managed, official, stalls)


def stalls_receiving_into(*, account_number: str, sub_account: str = "") -> list[Stall]:
    """Active stalls whose own or virtual account is the one the money went to.

    A virtual (sub-)account names one stall of a market's collection account; without one,
    the receiving account itself must be a stall's.
    """
    wanted = {normalize_account(number) for number in (sub_account, account_number) if number}
    if not wanted:
        return []
    candidates = Stall.objects.filter(is_active=True).exclude(bank_bin="")
    stalls = [
        stall
        for stall in candidates.filter(virtual_account__in=wanted)
        .select_related("market")
        .order_by("pk")
    ]
    if stalls:
        return stalls
    return list(
        candidates.filter(account_number__in=wanted, virtual_account="")
        .select_related("market")
        .order_by("pk")
    )
