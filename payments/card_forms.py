"""Forms for card payments: the staff refund form (amount in đồng, checked against what is left)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.templatetags.currency_filters import currency

# What people type around an amount: "150.000 ₫", "150,000đ", "150 000 VND".
_DECORATION = re.compile(r"[\s.,₫]|vnd|đ", re.IGNORECASE)


class RefundForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount to refund (đồng)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Enter the amount to refund.")},
    )

    def __init__(self, *args, refundable: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable = refundable

    def clean_amount(self) -> int:
        text = _DECORATION.sub("", self.cleaned_data["amount"])
        if not text.isascii() or not text.isdigit() or len(text) > 15:
            raise forms.ValidationError(
                _("Enter the amount in đồng using digits, for example 150000.")
            )
        amount = int(text)
        if amount < 1:
            raise forms.ValidationError(_("Enter an amount of at least 1 ₫."))
        if amount > self.refundable:
            raise forms.ValidationError(
                _("At most %(amount)s can still be refunded.")
                % {"amount": currency(self.refundable)}
            )
        return amount
