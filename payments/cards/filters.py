"""Filter of the staff card payments list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from payments.models import CardPayment


class CardPaymentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Order number"),
        field_name="order_number",
        lookup_expr="icontains",
        max_length=128,
        widget=forms.TextInput(attrs={"type": "search", "inputmode": "numeric"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CardPayment.Status.choices, empty_label=_("All")
    )
    refund_due = django_filters.BooleanFilter(
        label=_("Refund due only"), method="only_refund_due", widget=forms.CheckboxInput
    )

    class Meta:
        model = CardPayment
        fields: list[str] = []

    def only_refund_due(self, queryset, name, value):
        return queryset.filter(refund_due=True) if value else queryset
