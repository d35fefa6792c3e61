"""Checks that money and everything it changed agree: the proof the settle service keeps.

``money_problems()`` lists every disagreement between payment requests, bank events, card
payments, orders and the payout ledger. It is empty on a healthy database; the fault tests
assert so after killing workers, and ``manage.py check_money`` runs it for operators.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from fulfilment.models import FulfilmentGroup, PayoutEntry
from payments.models import BankFeedEvent, CardPayment, PaymentRequest, ReconciliationLog

PaymentEvent = get_model("order", "PaymentEvent")

Event = BankFeedEvent.Status
Request = PaymentRequest.Status
#: Outcomes of a bank event that count its amount towards its payment request.
COUNTED = (Event.MATCHED, Event.UNDERPAID, Event.OVERPAID, Event.RESOLVED)


def _paid_event(order_ref="pk"):
    return PaymentEvent.objects.filter(order=OuterRef(order_ref), event_type__code="paid")


def money_problems(*, limit: int = 50) -> list[str]:
    """Human-readable problems, at most ``limit`` of each kind (none on a healthy database)."""
    problems: list[str] = []

    # A request counts exactly the events that were counted towards it.
    # (An event counted once stays counted when it later waits for a refund, e.g. the part
    # paid of an order that expired: its audit log says it was counted.)
    was_counted = ReconciliationLog.objects.filter(event=OuterRef("pk"), to_status__in=COUNTED)
    counted_sum = (
        BankFeedEvent.objects.filter(payment_request=OuterRef("pk"))
        .filter(Exists(was_counted))
        .values("payment_request")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    mismatched = PaymentRequest.objects.annotate(
        counted=Coalesce(Subquery(counted_sum), 0)
    ).exclude(amount_received=F("counted"))
    for request in mismatched[:limit]:
        problems.append(
            f"request {request.reference}: received {request.amount_received}, "
            f"events counted {request.counted}"
        )

    # A paid order request means an order paid once (cancelled later or not).
    unpaid_orders = (
        PaymentRequest.objects.filter(
            kind=PaymentRequest.Kind.ORDER, status__in=(Request.PAID, Request.OVERPAID)
        )
        .annotate(order_paid=Exists(_paid_event_for_number()))
        .filter(order_paid=False)
    )
    for request in unpaid_orders[:limit]:
        problems.append(f"request {request.reference} is paid but order is not")

    # An order's money is recorded once.
    twice = (
        PaymentEvent.objects.filter(event_type__code="paid")
        .values("order__number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    for row in twice[:limit]:
        problems.append(f"order {row['order__number']} was paid {row['n']} times")

    # A succeeded card payment pays its order, or waits for a refund.
    cards = (
        CardPayment.objects.filter(status=CardPayment.Status.SUCCEEDED, refund_due=False)
        .annotate(order_paid=Exists(_paid_event_for_number()))
        .filter(order_paid=False)
    )
    for card in cards[:limit]:
        problems.append(f"card payment {card.payment_intent_id} succeeded but order is not paid")

    # Each paid, open producer part is credited once; nothing unpaid is credited.
    sales = PayoutEntry.objects.filter(kind=PayoutEntry.Kind.SALE, fulfilment_group=OuterRef("pk"))
    uncredited = (
        FulfilmentGroup.objects.exclude(status=FulfilmentGroup.Status.CANCELLED)
        .filter(items_total__gt=0, partner__producer__isnull=False)
        .annotate(paid=Exists(_paid_event("order")), credited=Exists(sales))
        .filter(paid=True, credited=False)
        .select_related("order")
    )
    for group in uncredited[:limit]:
        problems.append(f"order {group.order.number}: a paid part is not credited")
    unpaid_sales = (
        PayoutEntry.objects.filter(kind=PayoutEntry.Kind.SALE)
        .annotate(
            paid=Exists(
                PaymentEvent.objects.filter(
                    order__number=OuterRef("order_number"), event_type__code="paid"
                )
            )
        )
        .filter(paid=False)
    )
    for entry in unpaid_sales[:limit]:
        problems.append(f"order {entry.order_number}: credited but never paid")
    return problems


def _paid_event_for_number():
    return PaymentEvent.objects.filter(
        order__number=OuterRef("order_number"), event_type__code="paid"
    )
