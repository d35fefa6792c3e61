"""Filter of the staff cash-on-delivery list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from payments import order_status

Order = get_model("order", "Order")


class CodOrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Order number"),
        field_name="number",
        lookup_expr="icontains",
        max_length=128,
        widget=forms.TextInput(attrs={"type": "search", "inputmode": "numeric"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Order status"),
        choices=[
            (order_status.CASH_ON_DELIVERY, _("Not shipped yet")),
            (order_status.SHIPPED, _("Shipped")),
        ],
        empty_label=_("All"),
    )

    class Meta:
        model = Order
        fields: list[str] = []
