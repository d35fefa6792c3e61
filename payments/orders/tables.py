"""Table of the staff cash-on-delivery list (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from core.money import format_vnd
from core.tables import SiteTable, local_time
from payments import order_status

Order = get_model("order", "Order")


class CodOrderTable(SiteTable):
    number = tables.Column(verbose_name=_("Order"))
    date_placed = tables.Column(verbose_name=_("Placed"), attrs={"td": {"class": "nowrap"}})
    total_incl_tax = tables.Column(
        verbose_name=_("Cash to collect"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    status = tables.Column(verbose_name=_("Status"))
    customer = tables.Column(
        verbose_name=_("Customer"),
        accessor="shipping_address",
        orderable=False,
        empty_values=(),
        attrs={"td": {"class": "wrap"}},
    )
    action = tables.TemplateColumn(
        verbose_name="",
        template_name="payments/staff/_cash_received.html",
        orderable=False,
        empty_values=(),
    )

    class Meta(SiteTable.Meta):
        model = Order
        fields = ("number", "date_placed", "total_incl_tax", "status", "customer", "action")
        empty_text = _("No orders are waiting for cash.")
        row_attrs = {"data-testid": "cod-order", "data-order": lambda record: record.number}

    def render_date_placed(self, value):
        return local_time(value)

    def render_total_incl_tax(self, value):
        return format_vnd(int(value))

    def render_status(self, value):
        return order_status.label(value)

    def render_customer(self, value):
        if value is None:
            return "—"
        name = f"{value.last_name} {value.first_name}".strip()
        return ", ".join(part for part in (name, value.line4 or value.state) if part) or "—"
