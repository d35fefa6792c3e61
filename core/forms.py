"""Form fields shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.money import AmountError, group_thousands, parse_vnd

MAX_PRICE = 1_000_000_000


class VNDAmountField(forms.CharField):
    """A whole number of đồng, typed the way people write it: 150000, 150.000 or 150,000 ₫."""

    default_error_messages = {
        "invalid": _("Enter a whole number of đồng, for example 150000 or 150.000."),
        "min_value": _("The price must be more than 0 ₫."),
        "max_value": _("The price cannot be more than 1.000.000.000 ₫."),
    }

    def __init__(self, *, min_value: int = 1, max_value: int = MAX_PRICE, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": "40"})
        return attrs

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            amount = parse_vnd(text)
        except AmountError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount < self.min_value:
            raise ValidationError(self.error_messages["min_value"], code="min_value")
        if amount > self.max_value:
            raise ValidationError(self.error_messages["max_value"], code="max_value")
        return amount

    def prepare_value(self, value):
        if isinstance(value, int):
            return group_thousands(value)
        return value
