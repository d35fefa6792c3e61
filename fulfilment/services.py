"""State changes for split orders and the staff side of the payout ledger.

Each function is one transaction. Sales and fees are booked by the settle service through
``fulfilment.ledger`` when an order's money arrives; here are what people do: pack and ship
their part of an order, and (finance staff) record refunds and payouts.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.models import Producer
from catalog.rules import sellable_price_problem
from core.money import group_thousands
from fulfilment.models import FulfilmentEvent, FulfilmentGroup, FulfilmentLine, PayoutEntry
from payments import order_status

Order = get_model("order", "Order")

MAX_AMOUNT = 1_000_000_000_000  # one thousand billion đồng: beyond any real order or payout


class FulfilmentError(ValueError):
    """A request the rules refuse; the message is translated and safe to show."""


def whole_dong(value) -> int:
    """An amount rounded half-up to a whole đồng (VND has no smaller unit)."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def platform_fee(amount: int) -> int:
    """The platform's fee on a sale, PLATFORM_FEE_PERCENT of it, rounded to a whole đồng."""
    percent = Decimal(str(getattr(settings, "PLATFORM_FEE_PERCENT", 5)))
    return whole_dong(Decimal(amount) * percent / 100)


def create_fulfilment_groups(*, order) -> list[FulfilmentGroup]:
    """One group per partner holding lines of ``order``; safe to call again (idempotent)."""
    with transaction.atomic():
        # One splitter per order at a time: concurrent calls (order_placed and a payment
        # confirmation racing) must not both assign the same lines.
        Order.objects.select_for_update().filter(pk=order.pk).first()
        lines = list(
            order.lines.select_related("stockrecord")
            .filter(fulfilment_item__isnull=True)
            .order_by("id")
        )
        for line in lines:
            # Checkout refuses such lines; an order made another way is refused here with a
            # message rather than breaking on the database's non-negative totals.
            price = line.unit_price_incl_tax
            price = line.unit_price_excl_tax if price is None else price
            if sellable_price_problem(price=price, currency=order.currency):
                raise FulfilmentError(
                    _("Order %(number)s has a line priced %(price)s ₫, which cannot be sold.")
                    % {"number": order.number, "price": group_thousands(whole_dong(price or 0))}
                )
        by_partner: dict[int, list] = defaultdict(list)
        for line in lines:
            partner_id = line.partner_id or (line.stockrecord and line.stockrecord.partner_id)
            if partner_id:
                by_partner[partner_id].append(line)
        for partner_id, partner_lines in by_partner.items():
            group, _created = FulfilmentGroup.objects.get_or_create(
                order=order, partner_id=partner_id
            )
            FulfilmentLine.objects.bulk_create(
                [FulfilmentLine(group=group, line=line) for line in partner_lines]
            )
        groups = list(FulfilmentGroup.objects.filter(order=order).prefetch_related("lines"))
        for group in groups:
            group_lines = list(group.lines.all())
            total = whole_dong(sum((line.line_price_incl_tax for line in group_lines), Decimal(0)))
            count = sum(line.quantity for line in group_lines)
            if (group.items_total, group.num_items) != (total, count):
                group.items_total, group.num_items = total, count
                group.save(update_fields=["items_total", "num_items"])
        return groups


# Orders whose money has not arrived (or never will): nothing may be packed or shipped.
UNPAID_ORDER_STATUSES = {
    order_status.PENDING_PAYMENT,
    order_status.PAYMENT_EXPIRED,
    order_status.CANCELLED,
}


def order_ready_to_fulfil(order) -> bool:
    """Paid, or cash on delivery: the producer may pack and ship."""
    return order.status not in UNPAID_ORDER_STATUSES


STATUS_TIMESTAMPS = {
    FulfilmentGroup.Status.PACKED: "packed_at",
    FulfilmentGroup.Status.SHIPPED: "shipped_at",
    FulfilmentGroup.Status.DELIVERED: "delivered_at",
    FulfilmentGroup.Status.CANCELLED: "cancelled_at",
}


def fulfilment_group_set_status(*, group: FulfilmentGroup, status: str, actor=None):
    """Move a group along new → packed → shipped → delivered (or cancel it while open)."""
    if status not in FulfilmentGroup.Status.values:
        raise FulfilmentError(_("That status does not exist."))
    with transaction.atomic():
        locked = FulfilmentGroup.objects.select_for_update().get(pk=group.pk)
        if locked.status == status:
            return locked
        if status in (
            FulfilmentGroup.Status.PACKED,
            FulfilmentGroup.Status.SHIPPED,
        ) and not order_ready_to_fulfil(locked.order):
            raise FulfilmentError(
                _("Order %(number)s is not paid yet: wait for the payment before packing.")
                % {"number": locked.order.number}
            )
        if not locked.can_become(status):
            raise FulfilmentError(
                _("An order part that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": locked.get_status_display(),
                    "new": FulfilmentGroup.Status(status).label,
                }
            )
        old = locked.status
        locked.status = status
        setattr(locked, STATUS_TIMESTAMPS[status], timezone.now())
        locked.save(update_fields=["status", STATUS_TIMESTAMPS[status]])
        FulfilmentEvent.objects.create(group=locked, from_status=old, to_status=status, actor=actor)
    return locked


def cancel_open_groups(*, order, actor=None) -> int:
    """Cancel the groups of ``order`` not yet shipped (the order was cancelled or expired)."""
    count = 0
    for group in FulfilmentGroup.objects.filter(
        order=order, status__in=[FulfilmentGroup.Status.NEW, FulfilmentGroup.Status.PACKED]
    ):
        fulfilment_group_set_status(
            group=group, status=FulfilmentGroup.Status.CANCELLED, actor=actor
        )
        count += 1
    return count


def _locked_producer(producer: Producer) -> Producer:
    # Serialises refunds and payouts of one producer, so two can never overdraw together.
    return Producer.objects.select_for_update().get(pk=producer.pk)


def _check_amount(amount) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise FulfilmentError(_("The amount must be a whole number of đồng."))
    if amount <= 0:
        raise FulfilmentError(_("The amount must be more than 0 ₫."))
    if amount > MAX_AMOUNT:
        raise FulfilmentError(_("The amount is too large."))
    return amount


def record_refund(
    *, order_number: str, producer: Producer, amount: int, note: str = "", actor=None
) -> PayoutEntry:
    """Take a refund to the shopper out of the producer's ledger (a negative entry).

    The refunds of one producer on one order can never exceed that producer's sale on it.
    """
    amount = _check_amount(amount)
    with transaction.atomic():
        producer = _locked_producer(producer)
        entries = PayoutEntry.objects.filter(producer=producer, order_number=order_number)
        sale = entries.filter(kind=PayoutEntry.Kind.SALE).first()
        if sale is None:
            raise FulfilmentError(
                _("%(producer)s has no paid sale on order %(number)s to refund.")
                % {"producer": producer.name, "number": order_number}
            )
        refunded = -(
            entries.filter(kind=PayoutEntry.Kind.REFUND).aggregate(s=Sum("amount"))["s"] or 0
        )
        if refunded + amount > sale.amount:
            raise FulfilmentError(
                _("Refunds on this order cannot exceed the sale of %(sale)s ₫.")
                % {"sale": group_thousands(sale.amount)}
            )
        return PayoutEntry.objects.create(
            producer=producer,
            order_number=order_number,
            fulfilment_group=sale.fulfilment_group,
            kind=PayoutEntry.Kind.REFUND,
            amount=-amount,
            note=note[:255],
            created_by=actor,
        )


def record_payout(*, producer: Producer, amount: int, note: str = "", actor=None) -> PayoutEntry:
    """Record money sent to the producer's bank account; it cannot exceed what is owed."""
    amount = _check_amount(amount)
    with transaction.atomic():
        producer = _locked_producer(producer)
        balance = PayoutEntry.objects.filter(producer=producer).aggregate(s=Sum("amount"))["s"]
        if amount > (balance or 0):
            raise FulfilmentError(
                _("The payout is more than the %(balance)s ₫ owed to this producer.")
                % {"balance": group_thousands(balance or 0)}
            )
        return PayoutEntry.objects.create(
            producer=producer,
            kind=PayoutEntry.Kind.PAYOUT,
            amount=-amount,
            note=note[:255],
            created_by=actor,
        )
