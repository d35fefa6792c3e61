"""Filters of the staff bank-feed lists (django-filter): what the query string may ask for.

A value that is not one of the choices is ignored (the form reports it), never an error.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payments.bankfeed.codec import PROVIDERS
from payments.bankfeed.selectors import OPEN, OPEN_STATUSES
from payments.bankfeed.statement import CSV_PROVIDER
from payments.models import BankFeedEvent, BankFeedRejection

SOURCES = [(name, name) for name in (*PROVIDERS, CSV_PROVIDER)]


class BankEventFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Transfer status"),
        choices=[(OPEN, _("Needs a person")), *BankFeedEvent.Status.choices],
        empty_label=_("All"),
        method="filter_status",
    )
    provider = django_filters.ChoiceFilter(label=_("Source"), choices=SOURCES, empty_label=_("All"))
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Reference, account, content")}
        ),
    )
    delivery = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = BankFeedEvent
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(transaction_id__icontains=value)
            | Q(content__icontains=value)
            | Q(bank_reference__icontains=value)
            | Q(account_number__icontains=value)
            | Q(payment_code__iexact=value)
            | Q(payment_request__reference__iexact=value)
        )


class BankRejectionFilter(django_filters.FilterSet):
    WAITING = "waiting"
    LET_THROUGH = "let_through"

    reason_code = django_filters.ChoiceFilter(
        label=_("Kind"), choices=BankFeedRejection.Reason.choices, empty_label=_("All")
    )
    provider = django_filters.ChoiceFilter(label=_("Source"), choices=SOURCES, empty_label=_("All"))
    state = django_filters.ChoiceFilter(
        label=_("Let through"),
        choices=[(WAITING, _("Can be let through")), (LET_THROUGH, _("Already let through"))],
        empty_label=_("All"),
        method="filter_state",
    )

    class Meta:
        model = BankFeedRejection
        fields: list[str] = []

    def filter_state(self, queryset, name, value):
        if value == self.WAITING:
            return queryset.filter(
                reason_code=BankFeedRejection.Reason.STALE, accepted_at__isnull=True
            )
        return queryset.filter(accepted_at__isnull=False)
