"""Forms for card payments: the staff refund form (amount in đồng, checked against what is left)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.templatetags.currency_filters import currency

from core.forms import VNDAmountField


class RefundForm(forms.Form):
    amount = VNDAmountField(
        label=_("Amount to refund (đồng)"),
        max_value=10**15,
        error_messages={
            "required": _("Enter the amount to refund."),
            "invalid": _("Enter the amount in đồng using digits, for example 150000."),
            "min_value": _("Enter an amount of at least 1 ₫."),
        },
    )

    def __init__(self, *args, refundable: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable = refundable

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        if amount > self.refundable:
            raise forms.ValidationError(
                _("At most %(amount)s can still be refunded.")
                % {"amount": currency(self.refundable)}
            )
        return amount
