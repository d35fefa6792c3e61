"""Bank-feed reconciliation: which payment a stored bank transaction is for, decided once.

``reconcile_bank_event`` runs in a Celery task (or inline in the embedded default). Under
the event's row lock it either settles the transfer against exactly one payment request
(``payments.settle``, in the same transaction) or puts it in the staff queue:

- *ignored*: outgoing money or zero;
- *ambiguous*: the content names several known payments, or another channel (webhook vs
  statement) may already have reported the same bank transaction — a person decides;
- *duplicate*: the same bank transaction already reported by another channel;
- *unmatched*: no known reference, or the money went to another account;
- money with no reference of ours into a market stall's account is a sale from the stall's
  printed QR (an account several stalls share goes to the market board as *ambiguous*).

A second run of the same event (a redelivered task) finds it decided and changes nothing.
Staff decisions on queued events (``resolve_bank_event``) go through the same settle path.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.money import format_vnd
from market.selectors import stalls_receiving_into
from payments.banks import normalize_account
from payments.models import BankFeedEvent, PaymentRequest
from payments.references import find_references, squash
from payments.settle import services as settle

logger = logging.getLogger(__name__)
Event = BankFeedEvent.Status
Request = PaymentRequest.Status
#: How far apart two channels' times of one bank transaction may be.
COPY_WINDOW = dt.timedelta(minutes=10)
#: Events that stand for money already decided on (a copy of them must not count again).
DECIDED = (
    Event.MATCHED,
    Event.UNDERPAID,
    Event.OVERPAID,
    Event.LATE,
    Event.UNMATCHED,
    Event.AMBIGUOUS,
    Event.RESOLVED,
    Event.REFUNDED,
)


def event_references(event: BankFeedEvent) -> list[str]:
    """Payment references in the aggregator's own code field first, then in the content."""
    found = find_references(event.payment_code)
    return found + [ref for ref in find_references(event.content) if ref not in found]


def reconcile_bank_event(*, event_id: int) -> BankFeedEvent:
    """Decide one stored event, exactly once (see the module docstring)."""
    with transaction.atomic():
        event = BankFeedEvent.objects.select_for_update().get(pk=event_id)
        _decide(event)
        return event


def reconcile_waiting_events(*, release) -> int:
    """The bank feed's drain (``payments.bankfeed.tasks``): decide waiting events, oldest first,
    until none is left; then ``release()`` the drain key and look once more. Returns how many
    it decided.

    Each event is taken with ``FOR UPDATE SKIP LOCKED`` and decided in its own transaction,
    so several drains share a burst between them instead of queueing on the same rows, and a
    drain killed half-way leaves every event either decided with all it changed or waiting.
    An event that fails is logged and left for the sweeper's task of its own; the others go on.
    """
    failed: set[int] = set()
    decided = 0
    released = False
    while True:
        taken: list[int] = []
        try:
            event = _reconcile_next_waiting(skip=failed, taken=taken)
        except Exception:
            if not taken:
                raise  # no event to blame: the task fails, the sweeper takes over
            # One event's failure must not hold back a market's payments behind it.
            logger.exception("Bank feed event %s could not be reconciled", taken[0])
            failed.add(taken[0])
            continue
        if event is not None:
            decided += 1
            continue
        if released:
            return decided
        release()
        released = True


def _reconcile_next_waiting(*, skip: set[int], taken: list[int]) -> BankFeedEvent | None:
    with transaction.atomic():
        event = (
            BankFeedEvent.objects.select_for_update(skip_locked=True)
            .filter(status=Event.RECEIVED)
            .exclude(pk__in=skip)
            .order_by("pk")
            .first()
        )
        if event is None:
            return None
        taken.append(event.pk)
        _decide(event)
        return event


def _decide(event: BankFeedEvent) -> None:
    """Under the event's row lock: settle it against one payment, or queue it for staff."""
    if event.status != Event.RECEIVED:
        return  # decided before, with everything it changed
    if event.amount <= 0:
        event.set_status(Event.IGNORED, _("Outgoing or zero amount: not a payment."))
        return
    references = event_references(event)
    known = set(
        PaymentRequest.objects.filter(reference__in=references).values_list("reference", flat=True)
    )
    known_in_order = [reference for reference in references if reference in known]
    if len(known_in_order) > 1:
        event.set_status(
            Event.AMBIGUOUS,
            _(
                "The transfer content names several payments (%(references)s): "
                "a person must decide which one it is for."
            )
            % {"references": ", ".join(known_in_order)},
        )
        return
    payment_request = None
    unmatched_note = _no_reference_note(references)
    if known_in_order:
        # Locked before looking for copies, so two channels' copies of one transfer
        # are decided one after the other.
        payment_request = PaymentRequest.objects.select_for_update().get(
            reference=known_in_order[0]
        )
        if payment_request.kind == PaymentRequest.Kind.STALL_SALE and (
            payment_request.status in (Request.PAID, Request.OVERPAID)
        ):
            # A second transfer with a stall's used QR: money into the stall's account,
            # like its printed QR.
            unmatched_note = _(
                "%(reference)s is already paid, and %(amount)s went to an account that is "
                "no stall's: a person must look."
            ) % {"reference": payment_request.reference, "amount": format_vnd(event.amount)}
            payment_request = None
    if _mark_copy(event):
        return
    if payment_request is None:
        _settle_without_reference(event, unmatched_note)
        return
    if normalize_account(payment_request.account_number) not in _receiving_accounts(event):
        event.set_status(
            Event.UNMATCHED,
            _(
                "The money went to account %(account)s, but %(reference)s is payable "
                "to account %(expected)s."
            )
            % {
                "account": event.account_number,
                "reference": payment_request.reference,
                "expected": payment_request.account_number,
            },
        )
        return
    settle.transfer_received(event=event, payment_request=payment_request)


def _settle_without_reference(event: BankFeedEvent, unmatched_note: str) -> None:
    """No payment of ours named: money into a stall's account is a sale from its printed QR;
    an account several stalls share is for the market board to decide; else a person's."""
    stalls = stalls_receiving_into(
        account_number=event.account_number, sub_account=event.sub_account
    )
    if len(stalls) == 1:
        settle.stall_transfer_received(event=event, stall=stalls[0])
    elif stalls:
        event.set_status(
            Event.AMBIGUOUS,
            _("The money went to an account stalls %(stalls)s share: the market board decides.")
            % {"stalls": ", ".join(f"{stall.market.name} {stall.code}" for stall in stalls)},
        )
    else:
        event.set_status(Event.UNMATCHED, unmatched_note)


def _receiving_accounts(event: BankFeedEvent) -> set[str]:
    """The account the money went to, and the virtual account within it if there is one."""
    return {normalize_account(n) for n in (event.account_number, event.sub_account) if n}


def _no_reference_note(references: list[str]) -> str:
    if references:
        return _("Reference %(references)s matches no payment request.") % {
            "references": ", ".join(references)
        }
    return _("No payment reference found in the transfer content.")


# --- The same bank transaction from two channels -----------------------------------------


def _content_key(event: BankFeedEvent) -> tuple:
    references = event_references(event)
    return ("refs", frozenset(references)) if references else ("text", squash(event.content))


def find_copies(event: BankFeedEvent) -> tuple[BankFeedEvent | None, list[BankFeedEvent]]:
    """The earlier-decided event that reports the same bank transaction, or the candidates
    when there is more than one.

    The bank's own reference decides where both sides have one. Otherwise another channel's
    event counts as the same transaction when the receiving account, the amount, the content
    (its references, or the text without spaces) agree and the times are within
    ``COPY_WINDOW``; an event already taken as the original of a copy from this channel is
    not taken again (two equal transfers in a row stay two). Candidates from more than one
    other channel are returned for a person to decide.
    """
    others = BankFeedEvent.objects.exclude(pk=event.pk).filter(
        status__in=DECIDED, amount=event.amount
    )
    account = normalize_account(event.account_number)
    if event.bank_reference:
        same = [
            other
            for other in others.filter(bank_reference=event.bank_reference).order_by("pk")
            if normalize_account(other.account_number) == account
        ]
        if same:
            return same[0], []
    if event.transacted_at is None:
        return None, []
    nearby = others.exclude(provider=event.provider).filter(
        transacted_at__range=(event.transacted_at - COPY_WINDOW, event.transacted_at + COPY_WINDOW)
    )
    if event.bank_reference:
        nearby = nearby.filter(bank_reference="")
    key = _content_key(event)
    candidates = [
        other
        for other in nearby.order_by("pk")
        if normalize_account(other.account_number) == account
        and _content_key(other) == key
        and not other.copies.filter(provider=event.provider).exists()
    ]
    if candidates and len({other.provider for other in candidates}) == 1:
        # One channel reported equal transfers: this is a copy of one of them, and which one
        # does not matter (each is taken once). Two channels: a person must look.
        return candidates[0], []
    return None, candidates


def _mark_copy(event: BankFeedEvent) -> bool:
    """Put a copy aside (or a possible copy in the queue); True when the event was decided."""
    copy, candidates = find_copies(event)
    if copy is not None:
        event.duplicate_of = copy
        event.set_status(
            Event.DUPLICATE,
            _(
                "The same bank transaction of %(amount)s is already event #%(id)s "
                "(%(provider)s): not counted again."
            )
            % {"amount": format_vnd(event.amount), "id": copy.pk, "provider": copy.provider},
        )
        return True
    if candidates:
        event.set_status(
            Event.AMBIGUOUS,
            _(
                "This may be the same bank transaction as events %(ids)s reported by another "
                "channel: a person must check before it counts."
            )
            % {"ids": ", ".join(f"#{other.pk}" for other in candidates)},
        )
        return True
    return False


# --- Staff decisions ------------------------------------------------------------------------


class ResolveAction:
    ASSIGN = "assign"
    ASSIGN_STALL = "assign_stall"
    IGNORE = "ignore"
    REFUNDED = "refunded"

    CHOICES = (ASSIGN, ASSIGN_STALL, IGNORE, REFUNDED)


#: Which event statuses each staff action may start from.
RESOLVABLE_FROM = {
    ResolveAction.ASSIGN: (Event.UNMATCHED, Event.AMBIGUOUS),
    ResolveAction.ASSIGN_STALL: (Event.UNMATCHED, Event.AMBIGUOUS),
    ResolveAction.IGNORE: (Event.UNMATCHED, Event.AMBIGUOUS, Event.RECEIVED),
    ResolveAction.REFUNDED: (Event.UNMATCHED, Event.AMBIGUOUS, Event.LATE, Event.OVERPAID),
}


def resolve_bank_event(
    *,
    event_id: int,
    actor,
    action: str,
    payment_request_reference: str | None = None,
    stall=None,
    note: str,
) -> BankFeedEvent:
    """A person's decision on an event the system could not settle; logged with the actor.

    ``assign``: count the money towards the request with that reference (pending or
    underpaid), settled exactly like a matched transfer; ``assign_stall``: the money is a sale
    of ``stall``, one of the stalls whose account received it (the market board decides
    between stalls sharing an account); ``ignore``: not a payment for us; ``refunded``: the
    money was sent back. Raises ValidationError (translated) and changes
    nothing when the decision is not possible.
    """
    if action not in ResolveAction.CHOICES:
        raise ValidationError(_("Choose what to do with this transfer."))
    note = (note or "").strip()
    if action != ResolveAction.ASSIGN and not note:
        raise ValidationError(_("Write a short note saying why."))
    with transaction.atomic():
        event = BankFeedEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            raise ValidationError(_("This bank transfer does not exist."))
        if event.status not in RESOLVABLE_FROM[action]:
            raise ValidationError(
                _("This transfer is “%(status)s”; that action is not possible any more.")
                % {"status": event.get_status_display()}
            )
        if action == ResolveAction.IGNORE:
            event.set_status(Event.IGNORED, note, actor=actor)
            return event
        if action == ResolveAction.REFUNDED:
            event.set_status(Event.REFUNDED, _("Refunded: %(note)s") % {"note": note}, actor=actor)
            return event
        if event.amount <= 0:
            raise ValidationError(_("Only incoming money can be assigned to a payment."))
        if action == ResolveAction.ASSIGN_STALL:
            receiving = stalls_receiving_into(
                account_number=event.account_number, sub_account=event.sub_account
            )
            if stall is None or stall not in receiving:
                raise ValidationError(
                    _("The money did not go to this stall's account: choose one of its stalls.")
                )
            settle.stall_transfer_received(event=event, stall=stall, actor=actor, note=note)
            return event
        reference = squash(payment_request_reference or "")
        if not reference:
            raise ValidationError(_("Enter the payment reference to assign this transfer to."))
        payment_request = (
            PaymentRequest.objects.select_for_update().filter(reference=reference).first()
        )
        if payment_request is None:
            raise ValidationError(
                _("No payment request has the reference %(reference)s.") % {"reference": reference}
            )
        if payment_request.status not in (Request.PENDING, Request.UNDERPAID):
            raise ValidationError(
                _(
                    "%(reference)s is “%(status)s” and cannot take this money; "
                    "mark the transfer refunded instead."
                )
                % {"reference": reference, "status": payment_request.get_status_display()}
            )
        settle.transfer_received(
            event=event, payment_request=payment_request, actor=actor, note=note
        )
        return event
