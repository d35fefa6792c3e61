"""The dashboards' date range (from/to, from the query string) and the stall follow-up filter."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from market.board_selectors import DEFAULT_DAYS, MAX_DAYS, DateRange
from market.models import Stall


class DateRangeForm(forms.Form):
    """``?start=2026-11-01&end=2026-11-30``; both optional (default: the last 30 days)."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, *, today: dt.date | None = None):
        self.today = today or timezone.localdate()
        fields = ("start", "end")
        bound = data is not None and any(data.get(name) for name in fields)
        if bound:
            data = {name: data.get(name, "")[:20] for name in fields}
            # One date given: show the other as the range will use it.
            if not data["end"]:
                data["end"] = self.today.isoformat()
            if not data["start"]:
                try:
                    end = dt.date.fromisoformat(data["end"])
                    data["start"] = (end - dt.timedelta(days=DEFAULT_DAYS - 1)).isoformat()
                except ValueError:
                    pass
        super().__init__(data if bound else None)
        default = DateRange.default(self.today)
        self.fields["start"].widget.attrs["max"] = self.today.isoformat()
        self.fields["end"].widget.attrs["max"] = self.today.isoformat()
        if not bound:
            self.initial = {"start": default.start, "end": default.end}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        end = data.get("end") or self.today
        start = data.get("start") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if end > self.today:
            raise forms.ValidationError(_("The range cannot end after today."), code="future")
        if start > end:
            raise forms.ValidationError(
                _("The start date must be on or before the end date."), code="order"
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("Choose at most %(days)s days."), code="too_long", params={"days": MAX_DAYS}
            )
        data["range"] = DateRange(start, end)
        return data

    @property
    def period(self) -> DateRange:
        """The chosen range, or the default one when nothing (or something wrong) was asked."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["range"]
        return DateRange.default(self.today)


class StallFollowupFilter(django_filters.FilterSet):
    unpaid = django_filters.BooleanFilter(
        label=_("No cashless payment in 30 days"),
        method="only_unpaid",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Stall
        fields: list[str] = []

    def only_unpaid(self, queryset, name, value):
        return queryset.filter(paid_recently=0) if value else queryset
