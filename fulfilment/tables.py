"""Table of the staff payouts overview (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog.models import Producer
from core.money import format_vnd
from core.tables import SiteTable


class ProducerBalanceTable(SiteTable):
    name = tables.Column(verbose_name=_("Producer"))
    sales = tables.Column(
        verbose_name=_("Sales"),
        empty_values=(),
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    balance = tables.Column(
        verbose_name=_("Owed now"),
        empty_values=(),
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )

    class Meta(SiteTable.Meta):
        model = Producer
        fields = ("name", "sales", "balance")
        empty_text = _("No producers yet.")
        row_attrs = {"data-testid": "payout-row"}

    def render_name(self, value, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("fulfilment:staff-ledger", kwargs={"producer_slug": record.slug}),
            value,
        )

    def render_sales(self, value):
        return format_vnd(value or 0)

    def render_balance(self, value):
        return format_vnd(value or 0)
