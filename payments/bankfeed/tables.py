"""Tables of the staff bank-feed lists (django-tables2): columns, sorting, row markers."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.money import format_vnd
from core.tables import SiteTable, local_time
from payments.bankfeed.selectors import OPEN_STATUSES
from payments.models import BankFeedEvent, BankFeedRejection


class BankEventTable(SiteTable):
    amount = tables.Column(
        verbose_name=_("Amount"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    status = tables.Column(verbose_name=_("Status"))
    content = tables.Column(
        verbose_name=_("Transfer content"), orderable=False, attrs={"td": {"class": "wrap"}}
    )
    transacted_at = tables.Column(
        verbose_name=_("Time"),
        order_by=("transacted_at", "received_at"),
        empty_values=(),
        attrs={"td": {"class": "nowrap"}},
    )
    provider = tables.Column(verbose_name=_("Source"), order_by=("provider", "transaction_id"))
    payment_request = tables.Column(
        verbose_name=_("Payment"), accessor="payment_request__reference", empty_values=()
    )

    class Meta(SiteTable.Meta):
        model = BankFeedEvent
        fields = ("amount", "status", "content", "transacted_at", "provider", "payment_request")
        empty_text = _("No bank transfers here.")
        row_attrs = {
            "data-testid": "bank-event",
            "class": lambda record: "is-open" if record.status in OPEN_STATUSES else "",
        }

    def render_amount(self, value, record):
        return format_html(
            '<a href="{}" class="bf-amount{}">{}</a>',
            reverse("payments:bank-event-detail", args=[record.pk]),
            " bf-amount--out" if value <= 0 else "",
            format_vnd(value),
        )

    def render_status(self, record):
        return format_html(
            '<span class="bf-status bf-status--{}">{}</span>',
            record.status,
            record.get_status_display(),
        )

    def render_content(self, value):
        return value if len(value) <= 80 else value[:79] + "…"

    def render_transacted_at(self, value, record):
        return local_time(value or record.received_at)

    def render_provider(self, value, record):
        return format_html(
            '{}<br><span class="bf-mono small">{}</span>', value, record.transaction_id[:24]
        )

    def render_payment_request(self, value):
        return format_html('<span class="bf-mono">{}</span>', value) if value else "—"


class BankRejectionTable(SiteTable):
    received_at = tables.Column(verbose_name=_("Received"), attrs={"td": {"class": "nowrap"}})
    provider = tables.Column(verbose_name=_("Source"))
    reason_code = tables.Column(verbose_name=_("Kind"))
    reason = tables.TemplateColumn(
        verbose_name=_("Reason"),
        template_name="payments/bankfeed/_rejection_reason.html",
        orderable=False,
        attrs={"td": {"class": "wrap"}},
    )
    action = tables.TemplateColumn(
        verbose_name="",
        template_name="payments/bankfeed/_rejection_action.html",
        orderable=False,
        empty_values=(),
    )

    class Meta(SiteTable.Meta):
        model = BankFeedRejection
        fields = ("received_at", "provider", "reason_code", "reason", "action")
        empty_text = _("No rejected requests.")
        row_attrs = {
            "data-testid": "rejection",
            "class": lambda record: "is-due" if _can_let_through(record) else "",
        }

    def render_received_at(self, value):
        return local_time(value, "d/m/Y H:i:s")

    def render_reason_code(self, record):
        return record.get_reason_code_display()


def _can_let_through(rejection: BankFeedRejection) -> bool:
    return rejection.reason_code == BankFeedRejection.Reason.STALE and not rejection.accepted_at
