"""The stalls' sales ledger: who took what, when, and how it was paid.

Only the settle service (``payments.settle.services``) calls these, inside the transaction
that settles the payment: a stall's sale exists exactly when its money is confirmed (by the
bank feed for QR payments, or recorded by the stallholder for cash), never twice — each bank
transfer, payment request and cash entry id is unique on ``Sale``. Each new sale is counted in
its day's adoption figures (``market.rollups``) in the same transaction.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from market import rollups
from market.models import Sale, Stall, StallCharge
from payments.models import BankFeedEvent, PaymentRequest


def _create_once(**fields) -> Sale | None:
    try:
        with transaction.atomic():
            sale = Sale.objects.create(**fields)
    except IntegrityError:
        return None
    # Today's figures follow in the same transaction: if they cannot be written, the sale is
    # not written either (outside the savepoint above, so no error passes for a duplicate).
    rollups.sale_recorded(sale=sale)
    return sale


def record_charge_transfer(*, payment_request: PaymentRequest, event: BankFeedEvent) -> Sale | None:
    """A transfer towards a per-sale QR arrived: the sale of what it brought (an underpaid QR
    and its top-up are two sales). None if the request is not a stall's."""
    charge = (
        StallCharge.objects.select_related("stall").filter(payment_request=payment_request).first()
    )
    if charge is None:
        return None
    return _create_once(
        stall=charge.stall,
        amount=event.amount,
        source=Sale.Source.DYNAMIC_QR,
        at=event.transacted_at or timezone.now(),
        bank_reference=event.bank_reference,
        payment_request=payment_request,
        bank_event=event,
    )


def record_static_transfer(*, stall: Stall, event: BankFeedEvent) -> Sale | None:
    """Money into the stall's account from its printed QR (no reference of ours)."""
    return _create_once(
        stall=stall,
        amount=event.amount,
        source=Sale.Source.STATIC_QR,
        at=event.transacted_at or timezone.now(),
        bank_reference=event.bank_reference,
        bank_event=event,
    )


def record_cash(*, stall: Stall, amount: int, token, actor) -> Sale | None:
    """A cash sale the stallholder typed in; None when that entry was already recorded."""
    return _create_once(
        stall=stall,
        amount=amount,
        source=Sale.Source.CASH,
        at=timezone.now(),
        cash_token=token,
        recorded_by=actor,
    )
