"""Staff forms for the payout ledger: record a payout sent, record a refund."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.portal.forms import VNDAmountField

MAX_LEDGER_AMOUNT = 1_000_000_000_000


class PayoutForm(forms.Form):
    amount = VNDAmountField(
        label=_("Amount sent (đồng)"),
        max_value=MAX_LEDGER_AMOUNT,
        error_messages={
            "min_value": _("The amount must be more than 0 ₫."),
            "max_value": _("The amount is too large."),
        },
    )
    note = forms.CharField(
        label=_("Note (bank transfer reference)"), max_length=255, required=False
    )


class RefundForm(forms.Form):
    order_number = forms.CharField(label=_("Order number"), max_length=128)
    amount = VNDAmountField(
        label=_("Amount refunded (đồng)"),
        max_value=MAX_LEDGER_AMOUNT,
        error_messages={
            "min_value": _("The amount must be more than 0 ₫."),
            "max_value": _("The amount is too large."),
        },
    )
    note = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def clean_order_number(self):
        return self.cleaned_data["order_number"].strip()
