"""Settle: the one place where confirmed money meets orders and the producers' payout ledger.

Every confirmed payment comes here: a bank transfer (``payments.bankfeed.reconcile``), a card
(``payments.cards.services``, on Stripe's signed webhook), cash on delivery (staff), a market
stall's QR or cash sale. So do the two ways an order closes without being paid: expiry and
cancellation. Each function writes
every consequence inside the caller's ONE database transaction, never in an after-commit
callback or a signal receiver:

- the payment request's status and amount received,
- the bank event's outcome and its audit log entry,
- the order's status, its Oscar payment event and source, notes for staff,
- each producer's sale and platform fee in the payout ledger (``fulfilment.ledger``),
- a market stall's sale in the sales ledger (``market.ledger``).

Locks are taken in one order everywhere, so two settlements of one order wait for each other
instead of deadlocking: bank event → card payment → payment request → order → fulfilment
groups → ledger. A worker that dies half-way leaves nothing half-done: the transaction rolls
back and the task runs again.

The decision for money arriving for an order:
- **paid**: it completes what is owed on an open order → order Paid, ledger booked once;
- **underpaid**: less than owed → noted; a later transfer can complete it;
- **overpaid**: more than owed → paid, and the difference is flagged for a refund;
- **late**: the order or its request is closed (expired, cancelled) or already paid →
  nothing is credited; the money waits in the staff queue for a refund.
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

from core.money import format_vnd
from fulfilment import ledger
from fulfilment.services import cancel_open_groups
from market import ledger as sales_ledger
from payments import methods, order_status
from payments.models import BankFeedEvent, CardPayment, PaymentRequest

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
OrderStatusChange = get_model("order", "OrderStatusChange")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
Source = get_model("payment", "Source")

Request = PaymentRequest.Status
Event = BankFeedEvent.Status
CLOSED_ORDER_STATUSES = (order_status.PAYMENT_EXPIRED, order_status.CANCELLED)
PAID_EVENT = "paid"


class SettleError(ValueError):
    """A request the rules refuse (e.g. cash for an order that is not cash on delivery);
    the message is translated and safe to show."""


# --- Bank transfers ------------------------------------------------------------------------


def transfer_received(
    *, event: BankFeedEvent, payment_request: PaymentRequest, actor=None, note: str = ""
) -> str:
    """Count the bank transfer ``event`` towards ``payment_request``, with every consequence.

    The caller runs inside ``transaction.atomic()`` and holds the row locks of ``event`` and
    ``payment_request`` (in that order). ``actor`` is the staff member who assigned the
    transfer by hand (the event then ends as *resolved*). Returns the event's new status.
    """
    order = None
    if payment_request.kind == PaymentRequest.Kind.ORDER:
        order = _lock_order(payment_request.order_number)
    event.payment_request = payment_request
    refusal = _transfer_refusal(payment_request, order, event.amount)
    if refusal:
        event.set_status(Event.LATE, _join(refusal, note), actor=actor)
        if order is not None:
            _note(order, refusal)
        return Event.LATE

    status = _credit(payment_request, event.amount)
    message = _("%(amount)s counted towards %(reference)s: %(received)s of %(due)s received.") % {
        "amount": format_vnd(event.amount),
        "reference": payment_request.reference,
        "received": format_vnd(payment_request.amount_received),
        "due": format_vnd(payment_request.amount),
    }
    event.set_status(Event.RESOLVED if actor else status, _join(message, note), actor=actor)
    if payment_request.kind == PaymentRequest.Kind.STALL_SALE:
        # The money is in the stall's account whatever the QR asked: a sale of what came.
        sales_ledger.record_charge_transfer(payment_request=payment_request, event=event)
        return event.status
    if order is None:
        return event.status
    if payment_request.status in (Request.PAID, Request.OVERPAID):
        _order_paid(
            order,
            method=methods.TRANSFER,
            amount=payment_request.amount_received,
            reference=payment_request.reference,
        )
        if payment_request.status == Request.OVERPAID:
            _note(
                order,
                _("Overpaid by %(extra)s: refund the difference.")
                % {"extra": format_vnd(payment_request.amount_received - payment_request.amount)},
            )
    else:
        _note(
            order,
            _("Underpaid: received %(got)s of %(due)s. Ask the shopper for the rest.")
            % {
                "got": format_vnd(payment_request.amount_received),
                "due": format_vnd(payment_request.amount),
            },
        )
    return event.status


def _transfer_refusal(payment_request: PaymentRequest, order, amount: int) -> str:
    """Why this money cannot count towards the request (it must be refunded), or ""."""
    values = {"reference": payment_request.reference, "amount": format_vnd(amount)}
    stall_sale = payment_request.kind == PaymentRequest.Kind.STALL_SALE
    if payment_request.status in (Request.EXPIRED, Request.CANCELLED) and not stall_sale:
        return _("%(reference)s was already %(status)s when %(amount)s arrived: refund it.") % {
            **values,
            "status": payment_request.get_status_display().lower(),
        }
    if payment_request.status in (Request.PAID, Request.OVERPAID):
        return (
            _(
                "%(reference)s is already paid; this second transfer of %(amount)s was not "
                "counted: refund it."
            )
            % values
        )
    if payment_request.kind != PaymentRequest.Kind.ORDER:
        # A stall's QR pays into the stall's own account: money that arrives after the QR
        # was closed is still the stall's (reconciliation treats a second transfer for a
        # paid one as a transfer into the stall's account).
        return ""
    if order is None:
        return _("There is no order %(reference)s; %(amount)s was not counted: refund it.") % values
    if order.status in CLOSED_ORDER_STATUSES or _has_paid_event(order):
        return _("Order %(reference)s is %(status)s; %(amount)s was not counted: refund it.") % {
            **values,
            "status": order_status.label(order.status).lower(),
        }
    return ""


def _credit(payment_request: PaymentRequest, amount: int) -> str:
    """Add ``amount`` to what the request has received; returns the event status it means."""
    payment_request.amount_received += amount
    received, due = payment_request.amount_received, payment_request.amount
    if received == due:
        payment_request.status, event_status = Request.PAID, Event.MATCHED
    elif received < due:
        payment_request.status, event_status = Request.UNDERPAID, Event.UNDERPAID
    else:
        payment_request.status, event_status = Request.OVERPAID, Event.OVERPAID
    if payment_request.status in (Request.PAID, Request.OVERPAID):
        payment_request.paid_at = payment_request.paid_at or timezone.now()
    payment_request.save(update_fields=["amount_received", "status", "paid_at"])
    return event_status


# --- Cards and cash --------------------------------------------------------------------------


def card_payment_succeeded(*, card_payment: CardPayment) -> bool:
    """Stripe's signed webhook says the card was charged: mark it paid and settle the order.

    The caller holds ``card_payment``'s row lock inside its transaction. Money for an order
    that is closed or already paid is kept as *refund due* and credits nobody. Returns True
    when the order became paid.
    """
    card_payment.status = CardPayment.Status.SUCCEEDED
    card_payment.paid_at = card_payment.paid_at or timezone.now()
    order = _lock_order(card_payment.order_number)
    refusal = ""
    if order is None:
        refusal = _("There is no order %(number)s: refund %(amount)s.") % {
            "number": card_payment.order_number,
            "amount": format_vnd(card_payment.amount),
        }
    elif order.status in CLOSED_ORDER_STATUSES or _has_paid_event(order):
        refusal = _(
            "A card payment of %(amount)s arrived when the order was %(status)s: refund it."
        ) % {
            "amount": format_vnd(card_payment.amount),
            "status": order_status.label(order.status).lower(),
        }
    card_payment.refund_due = bool(refusal)
    card_payment.save(update_fields=["status", "paid_at", "refund_due"])
    if refusal:
        if order is not None:
            _note(order, refusal)
        logger.warning("Card payment %s needs a refund: %s", card_payment.pk, refusal)
        return False
    _order_paid(
        order,
        method=methods.CARD,
        amount=card_payment.amount,
        reference=card_payment.payment_intent_id,
    )
    return True


@transaction.atomic
def cash_received(*, order_number: str, actor) -> bool:
    """Staff confirm the courier handed over the cash of a cash-on-delivery order.

    Recorded once per order, whoever records it. Returns False when it was already recorded.
    """
    order = _lock_order(order_number)
    if order is None or methods.order_payment_method(order) != methods.COD:
        raise SettleError(_("This is not a cash-on-delivery order."))
    if order.status in CLOSED_ORDER_STATUSES:
        raise SettleError(_("This order is cancelled: there is no cash to take."))
    if _has_paid_event(order):
        return False
    _order_paid(
        order,
        method=methods.COD,
        amount=int(order.total_incl_tax),
        reference=f"cash:{order.number}",
    )
    _note(order, _("Cash received, confirmed by %(name)s.") % {"name": actor.get_username()})
    return True


# --- Market stalls ---------------------------------------------------------------------------


def stall_transfer_received(*, event: BankFeedEvent, stall, actor=None, note: str = "") -> str:
    """A transfer into a stall's account without a reference of ours: the stall's printed QR.

    The caller holds the event's row lock inside its transaction. The stall's sale is written
    with the event's outcome; ``actor`` is the board member or staff who assigned it by hand.
    """
    sales_ledger.record_static_transfer(stall=stall, event=event)
    message = _("%(amount)s into stall %(stall)s (%(market)s): a sale from its printed QR.") % {
        "amount": format_vnd(event.amount),
        "stall": stall.code,
        "market": stall.market.name,
    }
    event.set_status(Event.RESOLVED if actor else Event.MATCHED, _join(message, note), actor)
    return event.status


@transaction.atomic
def stall_cash_sale(*, stall, amount: int, token, actor):
    """A cash sale the stallholder typed in, so the stall's cashless share stays honest.

    ``token`` is the id the phone made for this entry: sending it twice records it once.
    Returns the sale, or None when that entry was already recorded.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise SettleError(_("The amount must be a whole number of đồng above zero."))
    return sales_ledger.record_cash(stall=stall, amount=amount, token=token, actor=actor)


# --- Orders that close without being paid ---------------------------------------------------


def _expiry_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES)


@transaction.atomic
def expire_order(*, order_number: str, now: dt.datetime | None = None) -> bool:
    """Close one order still waiting for payment past its deadline; True if it was expired.

    Its transfer request expires too (money arriving later is *late*: refunded), a part
    already paid waits for a refund, stock is released and the producers' parts cancelled.
    An order whose payment is being settled right now is left for the next run.
    """
    requests = PaymentRequest.objects.filter(reference=order_number)
    payment_request = requests.select_for_update(skip_locked=True).first()
    if payment_request is None and requests.exists():
        return False  # a payment for it is being settled at this moment
    cutoff = _expiry_cutoff(now or timezone.now())
    order = (
        Order.objects.select_for_update(skip_locked=True)
        .filter(number=order_number, status=order_status.PENDING_PAYMENT, date_placed__lt=cutoff)
        .first()
    )
    if order is None:
        return False  # paid, already handled, not due yet, or locked by a payment right now
    if payment_request is not None:
        _close_request(
            payment_request,
            Request.EXPIRED,
            _("The order expired before the rest arrived: refund %(amount)s."),
        )
    _close_order(order, order_status.PAYMENT_EXPIRED)
    _note(
        order,
        _("Not paid within %(minutes)s minutes: cancelled and stock released.")
        % {"minutes": settings.PAYMENT_EXPIRY_MINUTES},
    )
    return True


def expire_unpaid_orders(*, now: dt.datetime | None = None) -> list[str]:
    """Close every order still waiting for payment after PAYMENT_EXPIRY_MINUTES."""
    now = now or timezone.now()
    numbers = (
        Order.objects.filter(
            status=order_status.PENDING_PAYMENT, date_placed__lt=_expiry_cutoff(now)
        )
        .order_by("date_placed")
        .values_list("number", flat=True)[:500]
    )
    return [number for number in list(numbers) if expire_order(order_number=number, now=now)]


#: Statuses staff may cancel from; a shipped order comes back as a return, not a cancel.
CANCELLABLE = (order_status.PENDING_PAYMENT, order_status.CASH_ON_DELIVERY, order_status.PAID)


@transaction.atomic
def cancel_order(*, order_number: str, actor, note: str = "") -> list[str]:
    """Staff cancel an order: its payment request is cancelled, money already received waits
    for a refund, the producers' credits are taken back, stock is released.

    Returns the ids of the order's Stripe PaymentIntents still open: the caller cancels them
    at Stripe after this transaction (no network call inside it). If one is charged anyway,
    its webhook finds the order cancelled and marks the money *refund due*.
    """
    card_payments = list(
        CardPayment.objects.select_for_update().filter(order_number=order_number).order_by("pk")
    )
    requests = list(
        PaymentRequest.objects.select_for_update().filter(order_number=order_number).order_by("pk")
    )
    order = _lock_order(order_number)
    if order is None:
        raise SettleError(_("There is no order %(number)s.") % {"number": order_number})
    if order.status not in CANCELLABLE:
        raise SettleError(
            _("An order that is “%(status)s” cannot be cancelled.")
            % {"status": order_status.label(order.status)}
        )
    refund_message = _("Order cancelled after payment: refund %(amount)s.")
    for payment_request in requests:
        if payment_request.status in (Request.PAID, Request.OVERPAID):
            for event in payment_request.bank_events.select_for_update().filter(
                status__in=(Event.MATCHED, Event.OVERPAID, Event.RESOLVED)
            ):
                event.set_status(
                    Event.LATE, refund_message % {"amount": format_vnd(event.amount)}, actor
                )
        else:
            _close_request(payment_request, Request.CANCELLED, refund_message, actor=actor)
    for card_payment in card_payments:
        if card_payment.status == CardPayment.Status.SUCCEEDED:
            card_payment.refund_due = True
            card_payment.save(update_fields=["refund_due"])
    if _has_paid_event(order):
        ledger.reverse_cancelled_order(order=order, actor=actor, note=note)
        if methods.order_payment_method(order) == methods.COD:
            _note(order, _("The cash was already received: give it back to the shopper."))
    _close_order(order, order_status.CANCELLED, actor=actor)
    _note(
        order,
        _join(_("Cancelled by %(name)s.") % {"name": actor.get_username()}, note),
    )
    return [
        card_payment.payment_intent_id
        for card_payment in card_payments
        if card_payment.status not in (CardPayment.Status.SUCCEEDED, CardPayment.Status.CANCELED)
    ]


def _close_request(payment_request: PaymentRequest, status: str, refund_message: str, actor=None):
    """Close a request not fully paid; any part already received waits for a refund."""
    if payment_request.status not in (Request.PENDING, Request.UNDERPAID):
        return
    payment_request.status = status
    payment_request.save(update_fields=["status"])
    for event in payment_request.bank_events.select_for_update().filter(
        status__in=(Event.UNDERPAID, Event.RESOLVED)
    ):
        event.set_status(Event.LATE, refund_message % {"amount": format_vnd(event.amount)}, actor)


def _close_order(order, status: str, actor=None) -> None:
    for line in order.lines.select_related("stockrecord"):
        if line.stockrecord_id:
            line.stockrecord.cancel_allocation(line.quantity)
    cancel_open_groups(order=order, actor=actor)
    _set_order_status(order, status)


# --- Orders ------------------------------------------------------------------------------------


def _lock_order(number: str):
    if not number:
        return None
    return Order.objects.select_for_update().filter(number=number).first()


def _has_paid_event(order) -> bool:
    return order.payment_events.filter(event_type__code=PAID_EVENT).exists()


def _order_paid(order, *, method: str, amount: int, reference: str) -> None:
    """The order's money has arrived: Oscar's payment records, status Paid, the ledger."""
    event_type, _created = PaymentEventType.objects.get_or_create(
        code=PAID_EVENT, defaults={"name": "Paid"}
    )
    PaymentEvent.objects.create(
        order=order, event_type=event_type, amount=Decimal(amount), reference=reference
    )
    source = order.sources.filter(source_type__code=method).first()
    if source is None:
        source = Source.objects.create(
            order=order, source_type=methods.source_type(method), amount_allocated=Decimal(amount)
        )
    source.amount_debited += Decimal(amount)
    source.save(update_fields=["amount_debited"])
    if order.status in (order_status.PENDING_PAYMENT, order_status.CASH_ON_DELIVERY):
        _set_order_status(order, order_status.PAID)
    ledger.book_paid_order(order=order)


def _set_order_status(order, status: str) -> None:
    """Write the status and Oscar's history row. Payment statuses are set only here, so
    Oscar's manual pipeline (what staff may pick in the dashboard) does not offer them."""
    old = order.status
    if old == status:
        return
    order.status = status
    order.save(update_fields=["status"])
    OrderStatusChange.objects.create(order=order, old_status=old, new_status=status)


def _note(order, message: str) -> None:
    OrderNote.objects.create(order=order, note_type=OrderNote.SYSTEM, message=message)


def _join(message: str, note: str) -> str:
    note = (note or "").strip()
    return f"{message} {note}" if note else message
