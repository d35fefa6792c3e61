"""The stall app's two forms: an amount for a per-sale QR, and a cash sale with the id the
page made for it (so a double tap records the sale once)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VNDAmountField

MIN_AMOUNT = 1_000
MAX_AMOUNT = 100_000_000
QUICK_AMOUNTS = (10_000, 20_000, 50_000, 100_000, 200_000)


def stall_amount_field() -> VNDAmountField:
    return VNDAmountField(
        label=_("Amount (đồng)"),
        min_value=MIN_AMOUNT,
        max_value=MAX_AMOUNT,
        error_messages={
            "required": _("Enter the amount."),
            "min_value": _("The amount must be at least 1.000 ₫."),
            "max_value": _("The amount can be at most 100.000.000 ₫."),
        },
    )


class AmountForm(forms.Form):
    """An amount typed on the keypad, or one of the quick-amount buttons (``quick``), which
    send the form by themselves when the page runs without JavaScript."""

    amount = stall_amount_field()

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("quick"):
            data = data.copy()
            data["amount"] = data["quick"]
        super().__init__(data, *args, **kwargs)


class CashSaleForm(AmountForm):
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form is out of date: open the cash page again."),
            "invalid": _("This form is out of date: open the cash page again."),
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("initial", {"token": uuid.uuid4()})
        super().__init__(data, *args, **kwargs)
