"""Filter of the staff payouts overview (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Producer


class ProducerBalanceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Producer"),
        field_name="name",
        lookup_expr="icontains",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    owed = django_filters.BooleanFilter(
        label=_("Owed money only"), method="only_owed", widget=forms.CheckboxInput
    )

    class Meta:
        model = Producer
        fields: list[str] = []

    def only_owed(self, queryset, name, value):
        return queryset.filter(balance__gt=0) if value else queryset
