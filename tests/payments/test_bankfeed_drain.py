"""The bank feed's drain (payments/bankfeed/tasks.py, reconcile.reconcile_waiting_events): one
message per burst of webhooks instead of one per event, and no event left behind."""

from __future__ import annotations

import pytest

from payments.bankfeed import intake, reconcile, tasks
from payments.bankfeed.codec import parse_delivery
from payments.models import BankFeedEvent, PaymentRequest
from tests.payments.bankfeed_support import encode, payment_request, sepay

pytestmark = pytest.mark.django_db
Status = BankFeedEvent.Status


def store(transaction_id: int, content: str) -> int:
    """An event stored as the webhook stores it, not reconciled (nothing sent)."""
    body = encode(sepay(transaction_id=transaction_id, content=content))
    result = intake.store_transactions(
        provider="sepay",
        raw_body=body.decode(),
        headers={},
        transactions=parse_delivery("sepay", body).transactions,
    )
    return result.created_ids[0]


class FakeKeyStore:
    """The broker's Redis as the drain key sees it: SET NX with expiry, DEL."""

    def __init__(self):
        self.keys: set[str] = set()

    def set(self, key, value, *, nx, ex):
        assert nx and ex == tasks.DRAIN_KEY_SECONDS
        if key in self.keys:
            return None
        self.keys.add(key)
        return True

    def delete(self, key):
        self.keys.discard(key)


@pytest.fixture
def key_store(monkeypatch):
    store = FakeKeyStore()
    monkeypatch.setattr(tasks, "_key_store", lambda: store)
    return store


@pytest.fixture
def sent_drains(monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.drain_bank_events_task, "delay", lambda: sent.append("drain"))
    return sent


def test_a_burst_sends_one_round_of_drains_not_one_message_per_event(
    key_store, sent_drains, settings
):
    settings.BANK_FEED_DRAINS = 2
    ids = [store(n, f"mua rau {n}") for n in range(1, 6)]
    for event_id in ids:
        assert tasks.enqueue_reconciliation([event_id]) == 1
    assert sent_drains == ["drain", "drain"]  # the first webhook's; the others found the key
    assert tasks.DRAIN_KEY in key_store.keys
    assert tasks.enqueue_reconciliation([]) == 0  # a duplicate delivery sends nothing


def test_the_drain_decides_every_waiting_event_then_gives_the_key_back(key_store):
    paid = payment_request(amount=150_000)
    ids = [store(1, f"{paid.reference} thanh toan"), store(2, "khong ro")]
    key_store.keys.add(tasks.DRAIN_KEY)

    assert tasks.drain_bank_events_task.run() == 2

    assert tasks.DRAIN_KEY not in key_store.keys
    statuses = dict(BankFeedEvent.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {ids[0]: Status.MATCHED, ids[1]: Status.UNMATCHED}
    paid.refresh_from_db()
    assert paid.status == PaymentRequest.Status.PAID
    assert tasks.drain_bank_events_task.run() == 0  # a second run finds nothing to do


def test_an_event_committed_while_the_key_was_taken_is_found_by_the_last_look():
    """The webhook committed, found the key taken and sent nothing; the drain had already
    looked: it gives the key back, looks once more, and decides the event."""
    late = []

    def release():
        if not late:  # the webhook commits just before the key is given back
            late.append(store(7, "den muon"))

    assert reconcile.reconcile_waiting_events(release=release) == 1
    assert BankFeedEvent.objects.get(pk=late[0]).status == Status.UNMATCHED


def test_one_failing_event_is_left_for_the_sweeper_and_the_others_are_decided(monkeypatch, caplog):
    ids = [store(n, f"giao dich {n}") for n in (1, 2, 3)]
    decide = reconcile._decide

    def broken(event):
        if event.pk == ids[1]:
            raise RuntimeError("a bug in one event")
        decide(event)

    monkeypatch.setattr(reconcile, "_decide", broken)
    assert reconcile.reconcile_waiting_events(release=lambda: None) == 2
    statuses = dict(BankFeedEvent.objects.values_list("pk", "status"))
    assert statuses == {ids[0]: Status.UNMATCHED, ids[1]: Status.RECEIVED, ids[2]: Status.UNMATCHED}
    assert f"Bank feed event {ids[1]} could not be reconciled" in caplog.text


def test_a_broker_down_gives_the_key_back_so_the_next_webhook_tries_again(key_store, monkeypatch):
    from kombu.exceptions import OperationalError

    def down():
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.drain_bank_events_task, "delay", down)
    assert tasks.enqueue_reconciliation([store(1, "x")]) == 0
    assert key_store.keys == set()


def test_with_tasks_run_in_process_the_webhook_drains_at_once(client):
    from tests.payments.bankfeed_support import deliver

    paid = payment_request(amount=150_000)
    assert tasks._key_store() is None  # eager: no key, the drain runs inside the request
    response = deliver(client, "sepay", sepay(content=f"{paid.reference} thanh toan"))
    assert response.json()["received"] == 1
    paid.refresh_from_db()
    assert paid.status == PaymentRequest.Status.PAID
