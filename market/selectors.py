"""Read-side queries for markets and stalls."""

from __future__ import annotations

from django.db.models import Count, Q

from market.models import Market


def markets_with_stall_counts():
    return (
        Market.objects.select_related("commune__district__province")
        .annotate(active_stalls=Count("stalls", filter=Q(stalls__is_active=True)))
        .order_by("name")
    )
