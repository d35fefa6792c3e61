"""Table of the staff card payments list (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.money import format_vnd
from core.tables import SiteTable, local_time
from payments.cards.services import refundable_amount
from payments.models import CardPayment

REFUND_PERMISSION = "payments.refund_cardpayment"


class CardPaymentTable(SiteTable):
    order_number = tables.Column(verbose_name=_("Order"))
    status = tables.Column(verbose_name=_("Status"))
    amount = tables.Column(
        verbose_name=_("Amount"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    amount_refunded = tables.Column(
        verbose_name=_("Refunded"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    created_at = tables.Column(verbose_name=_("Created"), attrs={"td": {"class": "nowrap"}})
    payment_intent_id = tables.Column(
        verbose_name=_("PaymentIntent"), orderable=False, attrs={"td": {"class": "wrap small"}}
    )
    refund = tables.Column(verbose_name="", accessor="pk", orderable=False, empty_values=())

    class Meta(SiteTable.Meta):
        model = CardPayment
        fields = (
            "order_number",
            "status",
            "amount",
            "amount_refunded",
            "created_at",
            "payment_intent_id",
            "refund",
        )
        empty_text = _("No card payments yet.")
        row_attrs = {
            "data-testid": "card-payment",
            "class": lambda record: "is-due" if record.refund_due else "",
        }

    def __init__(self, *args, may_refund: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_refund = may_refund

    def render_status(self, record):
        badge = format_html(
            '<span class="status status--{}">{}</span>', record.status, record.get_status_display()
        )
        if record.refund_due:
            badge = format_html(
                '{} <span class="status status--due" data-testid="refund-due">{}</span>',
                badge,
                _("Refund due"),
            )
        return badge

    def render_amount(self, value):
        return format_vnd(value)

    def render_amount_refunded(self, value):
        return format_vnd(value) if value else "—"

    def render_created_at(self, value):
        return local_time(value)

    def render_refund(self, record):
        if not self.may_refund or refundable_amount(record) == 0:
            return ""
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("card-refund", kwargs={"pk": record.pk}),
            _("Refund"),
        )
