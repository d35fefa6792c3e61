"""Services tying payments to Oscar orders: open a transfer, mark paid, expire, take cash.

Each function is one transaction and idempotent: calling it again after it succeeded
changes nothing, so retried tasks and repeated signals are harmless.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from payments import order_status
from payments.models import PaymentRequest
from payments.references import new_reference
from payments.words import group_thousands

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

TRANSFER, CARD, COD = "vietqr", "card", "cod"
SOURCE_NAMES = {TRANSFER: "VietQR", CARD: "Card (Stripe)", COD: "Cash on delivery"}


def source_type(method: str):
    source_type, _created = SourceType.objects.get_or_create(
        code=method, defaults={"name": SOURCE_NAMES[method]}
    )
    return source_type


def new_order_number() -> str:
    """A transfer reference that is not yet an order number (collisions are ~1 in 33 M)."""
    while True:
        number = new_reference()
        if not Order.objects.filter(number=number).exists():
            return number


def order_payment_method(order) -> str | None:
    source = order.sources.select_related("source_type").first()
    return source.source_type.code if source else None


@transaction.atomic
def open_transfer_request(*, order) -> PaymentRequest:
    """The VietQR transfer an order waits for; its reference is the order number."""
    minutes = settings.PAYMENT_EXPIRY_MINUTES
    request, _created = PaymentRequest.objects.get_or_create(
        reference=order.number,
        defaults={
            "kind": PaymentRequest.Kind.ORDER,
            "amount": int(order.total_incl_tax),
            "bank_bin": settings.SHOP_BANK_BIN,
            "account_number": settings.SHOP_BANK_ACCOUNT,
            "account_holder": settings.SHOP_BANK_HOLDER,
            "description": order.number,
            "order_number": order.number,
            "expires_at": order.date_placed + dt.timedelta(minutes=minutes),
        },
    )
    return request


def _note(order, message: str) -> None:
    OrderNote.objects.create(order=order, note_type=OrderNote.SYSTEM, message=message)


@transaction.atomic
def mark_order_paid(*, order_number: str, method: str, amount: int, reference: str = "") -> bool:
    """Record money received for an order; True if this call changed the order."""
    order = Order.objects.select_for_update().filter(number=order_number).first()
    if order is None:
        logger.warning("Payment for unknown order %s", order_number)
        return False
    if order.payment_events.filter(event_type__code="paid", reference=reference).exists():
        return False  # this payment was already recorded
    if order.status in (order_status.PAYMENT_EXPIRED, order_status.CANCELLED):
        _note(
            order,
            _(
                "Payment of %(amount)s ₫ (%(reference)s) arrived after the order was "
                "%(status)s: refund it."
            )
            % {
                "amount": group_thousands(amount),
                "reference": reference,
                "status": order_status.label(order.status),
            },
        )
        return True
    event_type, _created = PaymentEventType.objects.get_or_create(
        code="paid", defaults={"name": "Paid"}
    )
    PaymentEvent.objects.create(
        order=order, event_type=event_type, amount=Decimal(amount), reference=reference
    )
    source = order.sources.filter(source_type__code=method).first()
    if source is None:
        source = Source.objects.create(
            order=order, source_type=source_type(method), amount_allocated=Decimal(amount)
        )
    source.amount_debited += Decimal(amount)
    source.save(update_fields=["amount_debited"])
    if order.status in (order_status.PENDING_PAYMENT, order_status.CASH_ON_DELIVERY):
        order.set_status(order_status.PAID)
    due = int(order.total_incl_tax)
    if amount > due:
        _note(
            order,
            _("Overpaid by %(extra)s ₫: refund the difference.")
            % {"extra": group_thousands(amount - due)},
        )
    transaction.on_commit(lambda: _after_paid(order_number))
    return True


def _after_paid(order_number: str) -> None:
    """Let the fulfilment side credit producers, if that app is installed."""
    from django.apps import apps

    if apps.is_installed("fulfilment"):
        from fulfilment.services import record_order_paid

        record_order_paid(order_number=order_number)


@transaction.atomic
def flag_order_payment(*, order_number: str, message: str) -> None:
    order = Order.objects.filter(number=order_number).first()
    if order is not None:
        _note(order, message)


def _release_stock(order) -> None:
    for line in order.lines.select_related("stockrecord"):
        if line.stockrecord_id:
            line.stockrecord.cancel_allocation(line.quantity)


def _expiry_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES)


@transaction.atomic
def expire_order(*, order_number: str, now: dt.datetime | None = None) -> bool:
    """Cancel one order still waiting for payment past its deadline; True if it was expired."""
    cutoff = _expiry_cutoff(now or timezone.now())
    order = (
        Order.objects.select_for_update(skip_locked=True)
        .filter(number=order_number, status=order_status.PENDING_PAYMENT, date_placed__lt=cutoff)
        .first()
    )
    if order is None:
        return False  # paid, already handled, not due yet, or locked by a payment right now
    PaymentRequest.objects.filter(
        reference=order_number, status=PaymentRequest.Status.PENDING
    ).update(status=PaymentRequest.Status.EXPIRED)
    _release_stock(order)
    order.set_status(order_status.PAYMENT_EXPIRED)
    _note(
        order,
        _("Not paid within %(minutes)s minutes: cancelled and stock released.")
        % {"minutes": settings.PAYMENT_EXPIRY_MINUTES},
    )
    return True


def expire_unpaid_orders(*, now: dt.datetime | None = None) -> list[str]:
    """Cancel orders still waiting for payment after PAYMENT_EXPIRY_MINUTES; free their stock."""
    now = now or timezone.now()
    numbers = (
        Order.objects.filter(
            status=order_status.PENDING_PAYMENT, date_placed__lt=_expiry_cutoff(now)
        )
        .order_by("date_placed")
        .values_list("number", flat=True)[:500]
    )
    return [number for number in list(numbers) if expire_order(order_number=number, now=now)]


def record_cash_received(*, order_number: str, actor) -> bool:
    """Staff confirm the courier handed over the cash for a cash-on-delivery order."""
    order = Order.objects.filter(number=order_number).first()
    if order is None or order_payment_method(order) != COD:
        raise ValueError(_("This is not a cash-on-delivery order."))
    if order.status not in (order_status.CASH_ON_DELIVERY, order_status.SHIPPED):
        raise ValueError(_("This order is not waiting for cash."))
    changed = mark_order_paid(
        order_number=order_number,
        method=COD,
        amount=int(order.total_incl_tax),
        reference=f"cash:{actor.pk}",
    )
    if changed:
        _note(order, _("Cash received, confirmed by %(name)s.") % {"name": actor.get_username()})
    return changed
