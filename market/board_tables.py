"""Tables of the board dashboard (stalls to follow up) and the province overview (markets),
django-tables2 in the site's light markup: sortable headers as links, cards on a phone."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.money import format_vnd
from core.tables import SiteTable, local_time

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


def percent(value) -> str:
    if value is None:
        return "—"
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{text}%"


class StallFollowupTable(SiteTable):
    code = tables.Column(verbose_name=_("Code"), attrs={"td": {"class": "nowrap"}})
    name = tables.Column(verbose_name=_("Stall"))
    stallholder_name = tables.Column(verbose_name=_("Stallholder"), empty_values=())
    goods_category = tables.Column(verbose_name=_("Goods"))
    has_qr = tables.Column(verbose_name=_("Registered QR"), empty_values=())
    last_cashless_at = tables.Column(verbose_name=_("Last paid"), empty_values=())
    cashless_count = tables.Column(verbose_name=_("Payments in range"), attrs=NUM, empty_values=())
    cashless_value = tables.Column(verbose_name=_("Value in range"), attrs=NUM, empty_values=())

    class Meta(SiteTable.Meta):
        attrs = {"class": "data-table data-table--grid"}
        empty_text = _("No stall to show.")
        order_by = ("code",)

    def __init__(self, data, *, market, **kwargs):
        super().__init__(data, **kwargs)
        self.market = market

    def render_code(self, value):
        url = reverse("market:stall", kwargs={"slug": self.market.slug, "code": value})
        return format_html('<a href="{}">{}</a>', url, value)

    def render_stallholder_name(self, value, record):
        phone = record.stallholder_phone
        if phone:  # one tap to call from the board member's phone
            return format_html('{}<br><a href="tel:{}">{}</a>', value or "—", phone, phone)
        return value or "—"

    def render_goods_category(self, record):
        return record.get_goods_category_display()

    def render_has_qr(self, value):
        if value:
            return format_html('<span class="pill pill--on">{}</span>', _("Yes"))
        return format_html('<span class="pill pill--warn">{}</span>', _("No"))

    def render_last_cashless_at(self, value, record):
        if value is None:
            return format_html('<span class="pill pill--bad">{}</span>', _("None in 30 days"))
        text = local_time(value, "d/m/Y")
        if not record.paid_recently:
            return format_html('<span class="pill pill--bad">{}</span>', text)
        return text

    def render_cashless_value(self, value):
        return format_vnd(value or 0)


class ProvinceMarketTable(SiteTable):
    name = tables.Column(
        verbose_name=_("Market"), order_by=("name",), attrs={"td": {"class": "nowrap"}}
    )
    commune = tables.Column(verbose_name=_("Commune / ward"))
    cho40 = tables.Column(verbose_name=_("Chợ 4.0"), empty_values=())
    stalls = tables.Column(verbose_name=_("Stalls"), attrs=NUM, empty_values=())
    qr_share = tables.Column(verbose_name=_("With QR"), attrs=NUM, empty_values=())
    paid_30d_share = tables.Column(verbose_name=_("Paid in 30 days"), attrs=NUM, empty_values=())
    cashless_share = tables.Column(verbose_name=_("Cashless share"), attrs=NUM, empty_values=())
    cashless_value = tables.Column(
        verbose_name=_("Cashless value (day)"), attrs=NUM, empty_values=()
    )
    day = tables.Column(verbose_name=_("Figures of"), empty_values=())

    class Meta(SiteTable.Meta):
        attrs = {"class": "data-table data-table--grid"}
        empty_text = _("No market in this province yet.")
        order_by = ("name",)

    def render_name(self, value, record):
        url = reverse("market:board", kwargs={"slug": record.market.slug})
        return format_html('<a href="{}">{}</a>', url, value)

    def render_cho40(self, value, record):
        if record.figures is None:
            return "—"
        if value:
            return format_html('<span class="c40">{}</span>', _("Yes"))
        return format_html('<span class="c40 c40--off">{}</span>', _("Not yet"))

    def render_stalls(self, value):
        return "—" if value is None else value

    def render_qr_share(self, value):
        return percent(value)

    def render_paid_30d_share(self, value):
        return percent(value)

    def render_cashless_share(self, value):
        return percent(value)

    def render_cashless_value(self, value):
        return "—" if value is None else format_vnd(value)

    def render_day(self, value):
        return "—" if value is None else date_format(value, "d/m/Y")
