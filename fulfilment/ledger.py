"""Booking an order's money in the producers' payout ledger.

Only the settle service (``payments.settle.services``) calls these, inside the transaction
that settles the payment and with the order's row locked: a paid order credits each
producer's sale minus the platform fee once; a paid order cancelled later takes the sale back
and returns the fee. A producer whose part of the order was cancelled is not credited.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Sum

from catalog.models import Producer
from fulfilment.models import FulfilmentGroup, PayoutEntry
from fulfilment.services import create_fulfilment_groups, platform_fee

Kind = PayoutEntry.Kind


def _append_once(**fields) -> PayoutEntry | None:
    """Insert a sale, fee or fee return unless the unique constraint says it is there."""
    try:
        with transaction.atomic():
            return PayoutEntry.objects.create(**fields)
    except IntegrityError:
        return None


def _producers(groups) -> dict[int, Producer]:
    partner_ids = [group.partner_id for group in groups]
    return {p.partner_id: p for p in Producer.objects.filter(partner_id__in=partner_ids)}


def book_paid_order(*, order) -> list[PayoutEntry]:
    """Each producer's sale and platform fee for a paid order, written once.

    Groups already cancelled are left out. Returns the entries this call wrote (none when the
    order was booked before).
    """
    groups = [
        group
        for group in create_fulfilment_groups(order=order)
        if group.status != FulfilmentGroup.Status.CANCELLED
    ]
    producers = _producers(groups)
    created = []
    for group in groups:
        producer = producers.get(group.partner_id)
        if producer is None or group.items_total <= 0:
            continue  # goods sold by a partner that is not a producer: nothing to pay out
        common = {"producer": producer, "order_number": order.number, "fulfilment_group": group}
        for kind, amount in (
            (Kind.SALE, group.items_total),
            (Kind.FEE, -platform_fee(group.items_total)),
        ):
            entry = _append_once(kind=kind, amount=amount, **common)
            if entry is not None:
                created.append(entry)
    return created


def reverse_cancelled_order(*, order, actor=None, note: str = "") -> list[PayoutEntry]:
    """A paid order was cancelled: take back what each producer was credited for it.

    For every sale on the order: a refund of what was not refunded yet, and the platform
    fee returned (once). Returns the entries written.
    """
    created = []
    sales = PayoutEntry.objects.filter(order_number=order.number, kind=Kind.SALE)
    for sale in sales.select_related("producer"):
        entries = PayoutEntry.objects.filter(producer=sale.producer, order_number=order.number)
        refunded = -(entries.filter(kind=Kind.REFUND).aggregate(s=Sum("amount"))["s"] or 0)
        common = {
            "producer": sale.producer,
            "order_number": order.number,
            "fulfilment_group": sale.fulfilment_group,
            "created_by": actor,
            "note": note[:255],
        }
        if sale.amount > refunded:
            created.append(
                PayoutEntry.objects.create(
                    kind=Kind.REFUND, amount=-(sale.amount - refunded), **common
                )
            )
        fee = entries.filter(kind=Kind.FEE).first()
        if fee is not None:
            entry = _append_once(kind=Kind.FEE_RETURN, amount=-fee.amount, **common)
            if entry is not None:
                created.append(entry)
    return created
