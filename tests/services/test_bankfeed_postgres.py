"""On PostgreSQL, concurrent deliveries and reconciliations of one transfer pay exactly once
(the unique constraint on provider + transaction id, and row locks on event and request)."""

from __future__ import annotations

import pytest
from django.test import Client

from payments.bankfeed.reconcile import reconcile_bank_event, reconcile_waiting_events
from payments.models import BankFeedEvent, PaymentRequest, ReconciliationLog
from tests.conftest import in_parallel
from tests.payments.bankfeed_support import SHOP_ACCOUNT, deliver, payment_request, sepay

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]

THREADS = 8


def test_same_delivery_eight_times_at_once_pays_once(postgres):
    request = payment_request(150_000)
    payload = sepay(transaction_id=777001, content=f"MBVCB.3278.{request.reference}.CT")

    responses = in_parallel(lambda _i: deliver(Client(), "sepay", payload))

    assert [response.status_code for response in responses] == [200] * THREADS
    assert sum(response.json()["received"] for response in responses) == 1
    assert sum(response.json()["duplicates"] for response in responses) == THREADS - 1
    event = BankFeedEvent.objects.get()
    assert event.status == BankFeedEvent.Status.MATCHED
    request.refresh_from_db()
    assert (request.status, request.amount_received) == (PaymentRequest.Status.PAID, 150_000)
    assert ReconciliationLog.objects.count() == 1


def test_one_event_reconciled_by_eight_workers_at_once_counts_once(postgres):
    request = payment_request(150_000)
    event = BankFeedEvent.objects.create(
        provider="casso",
        transaction_id="99",
        content=request.reference,
        amount=150_000,
        account_number=SHOP_ACCOUNT,
    )

    statuses = in_parallel(lambda _i: reconcile_bank_event(event_id=event.pk).status)

    assert statuses == [BankFeedEvent.Status.MATCHED] * THREADS
    request.refresh_from_db()
    assert (request.status, request.amount_received) == (PaymentRequest.Status.PAID, 150_000)
    assert ReconciliationLog.objects.filter(event=event).count() == 1


def test_eight_different_transfers_for_one_reference_count_only_the_first(postgres):
    request = payment_request(150_000)
    events = [
        BankFeedEvent.objects.create(
            provider="sepay",
            transaction_id=f"dup-{index}",
            content=f"{request.reference} lan {index}",
            amount=150_000,
            account_number=SHOP_ACCOUNT,
        )
        for index in range(THREADS)
    ]

    statuses = in_parallel(lambda i: reconcile_bank_event(event_id=events[i].pk).status)

    assert sorted(statuses).count(BankFeedEvent.Status.MATCHED) == 1
    # A stall's used QR: the other transfers are money into the stall's account, for a
    # person here (no stall has this account), and counted towards nothing.
    assert statuses.count(BankFeedEvent.Status.UNMATCHED) == THREADS - 1
    request.refresh_from_db()
    assert (request.status, request.amount_received) == (PaymentRequest.Status.PAID, 150_000)
    counted = BankFeedEvent.objects.filter(payment_request=request, status="matched")
    assert counted.count() == 1


def test_eight_drains_at_once_share_a_burst_each_event_decided_once(postgres):
    """FOR UPDATE SKIP LOCKED: drains running side by side take different events, and every
    event is decided exactly once, with one log line."""
    requests = [payment_request(10_000 + index * 1_000) for index in range(40)]
    for index, request in enumerate(requests):
        BankFeedEvent.objects.create(
            provider="sepay",
            transaction_id=f"burst-{index}",
            content=f"{request.reference} mua hang",
            amount=request.amount,
            account_number=SHOP_ACCOUNT,
        )
    releases = []

    decided = in_parallel(lambda _i: reconcile_waiting_events(release=lambda: releases.append(1)))

    assert sum(decided) == 40
    assert len(releases) == THREADS  # each drain gave the key back once, then stopped
    assert not BankFeedEvent.objects.filter(status=BankFeedEvent.Status.RECEIVED).exists()
    assert ReconciliationLog.objects.count() == 40
    for request in requests:
        request.refresh_from_db()
        assert request.status == PaymentRequest.Status.PAID
