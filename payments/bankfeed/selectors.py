"""Read-only queries of the bank feed: the staff queue and the sweeper's waiting list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from payments.models import BankFeedEvent, BankFeedRejection

# --- Bank feed ------------------------------------------------------------------------------

#: The "needs a person" queue, shown first on the dashboard.
OPEN_STATUSES = (
    BankFeedEvent.Status.UNMATCHED,
    BankFeedEvent.Status.AMBIGUOUS,
    BankFeedEvent.Status.LATE,
    BankFeedEvent.Status.UNDERPAID,
    BankFeedEvent.Status.OVERPAID,
)
OPEN = "open"


def bank_events() -> QuerySet:
    """Events for the staff list: open ones first, then the ones not yet decided, then the
    rest, newest first (``payments.bankfeed.filters`` narrows it down)."""
    return (
        BankFeedEvent.objects.select_related("payment_request")
        .annotate(
            queue=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                When(status=BankFeedEvent.Status.RECEIVED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("queue", "-received_at", "-pk")
    )


def bank_event_status_counts() -> dict[str, int]:
    counts = dict(BankFeedEvent.objects.values_list("status").annotate(n=Count("pk")).order_by())
    counts[OPEN] = sum(counts.get(status, 0) for status in OPEN_STATUSES)
    return counts


def bank_event_detail(*, event_id: int) -> BankFeedEvent:
    return BankFeedEvent.objects.select_related("payment_request").get(pk=event_id)


def bank_event_log(*, event: BankFeedEvent) -> QuerySet:
    return event.log.select_related("actor").order_by("at", "pk")


def bank_feed_rejections() -> QuerySet:
    return BankFeedRejection.objects.select_related("accepted_by").order_by("-received_at", "-pk")


def waiting_bank_event_ids(*, older_than_seconds: int = 60, limit: int = 1000) -> list[int]:
    """Events stored but not yet reconciled for a while: their task was lost or never sent."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    return list(
        BankFeedEvent.objects.filter(status=BankFeedEvent.Status.RECEIVED, received_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
