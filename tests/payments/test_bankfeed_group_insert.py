"""Bank-feed intake's group commit on PostgreSQL: the deliveries that arrive while one insert is
on its way are stored by the next statement, together, and handed on together; each caller
still gets its own delivery and its own events' ids, and a bad delivery fails only its own
call."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import DataError, connection, connections

from payments.bankfeed import intake
from payments.models import BankFeedDelivery, BankFeedEvent
from tests.payments.test_bankfeed_intake_rows import WHEN, as_saved, orm_event, transaction

WAIT = 20.0  # seconds: a bound for the waits below, never reached when the code is right


def pending(raw_body: str, *transaction_ids: str, **changes) -> intake._Pending:
    events = [
        {"provider": "sepay", "transaction_id": each, **intake.event_fields(transaction(each))}
        for each in transaction_ids
    ]
    for event in events:
        event.update(changes)
    delivery = {
        "provider": "sepay",
        "raw_body": raw_body,
        "headers": {"X-Choso-Timestamp": "1764470557"},
        "remote_addr": "203.0.113.9",
        "created_by_id": None,
    }
    return intake._Pending(delivery, events, WHEN, None)


@pytest.mark.django_db
def test_deliveries_in_one_statement_each_get_their_own_rows(postgres):
    stored = intake._insert_deliveries(
        connection,
        [
            pending("first", "tx-1", "tx-2"),
            pending("second", "tx-2", "tx-3"),  # tx-2 is the first delivery's
            pending("third", "tx-1"),  # nothing new: still stored
        ],
    )

    (first, first_ids), (second, second_ids), (third, third_ids) = stored
    deliveries = {row.raw_body: row for row in BankFeedDelivery.objects.all()}
    assert {name: row.pk for name, row in deliveries.items()} == {
        "first": first,
        "second": second,
        "third": third,
    }
    events = {row.transaction_id: row for row in BankFeedEvent.objects.all()}
    assert first_ids == [events["tx-1"].pk, events["tx-2"].pk]
    assert second_ids == [None, events["tx-3"].pk]
    assert third_ids == [None]
    assert {name: row.delivery_id for name, row in events.items()} == {
        "tx-1": first,
        "tx-2": first,
        "tx-3": second,
    }
    for name, row in events.items():
        expected = as_saved(orm_event(transaction(name), "sepay"))
        expected["transaction_id"] = name
        assert as_saved(row) == expected
        assert row.received_at == WHEN
    assert all(row.received_at == WHEN for row in deliveries.values())
    assert deliveries["second"].headers == {"X-Choso-Timestamp": "1764470557"}
    assert deliveries["second"].remote_addr == "203.0.113.9"
    # The ids were drawn from the table's own sequence: the ORM goes on after them.
    later = BankFeedDelivery.objects.create(provider="sepay", raw_body="later")
    assert later.pk > max(first, second, third)


class HeldStatements:
    """``intake._insert_deliveries`` with the first statement held until the test lets it go;
    records the deliveries of each statement."""

    def __init__(self, monkeypatch):
        self.real = intake._insert_deliveries
        self.statements: list[list[str]] = []
        self.first_running = threading.Event()
        self.release = threading.Event()
        monkeypatch.setattr(intake, "_insert_deliveries", self)

    def __call__(self, connection, pending, **options):
        self.statements.append([each.delivery["raw_body"] for each in pending])
        if len(self.statements) == 1:
            self.first_running.set()
            assert self.release.wait(WAIT)
        return self.real(connection, pending, **options)


def store_in_threads(items, hand_on, held: HeldStatements):
    """The first item stored on a thread of its own and held in its statement; then each
    other item on a thread of its own, queued in order behind it; then all let go."""
    results, errors = {}, {}

    def store(name, transaction_ids):
        try:
            results[name] = intake.store_transactions(
                provider="sepay",
                raw_body=name,
                headers={},
                transactions=[transaction(each) for each in transaction_ids],
                hand_on=hand_on,
            )
        except Exception as exc:
            errors[name] = exc
        finally:
            connections.close_all()  # this thread's own connection

    combiner = intake._group_insert(connection.alias)
    threads = []
    for index, (name, transaction_ids) in enumerate(items):
        thread = threading.Thread(target=store, args=(name, transaction_ids))
        thread.start()
        threads.append(thread)
        if index == 0:
            assert held.first_running.wait(WAIT)
            continue
        deadline = time.monotonic() + WAIT
        while len(combiner._waiting) < index:
            assert time.monotonic() < deadline, "the deliveries never queued"
            time.sleep(0.001)
    held.release.set()
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_deliveries_arriving_during_an_insert_are_stored_and_handed_on_together(
    postgres, monkeypatch
):
    held = HeldStatements(monkeypatch)
    handed_on: list[list[int]] = []

    results, errors = store_in_threads(
        [("a", ["tx-a"]), ("b", ["tx-b1", "tx-b2"]), ("c", ["tx-a"]), ("d", ["tx-d"])],
        handed_on.append,
        held,
    )

    assert errors == {}
    assert held.statements == [["a"], ["b", "c", "d"]]
    events = {row.transaction_id: row for row in BankFeedEvent.objects.all()}
    assert set(events) == {"tx-a", "tx-b1", "tx-b2", "tx-d"}
    ids = {name: result.created_ids for name, result in results.items()}
    assert ids == {
        "a": [events["tx-a"].pk],
        "b": [events["tx-b1"].pk, events["tx-b2"].pk],
        "c": [],
        "d": [events["tx-d"].pk],
    }
    assert (results["c"].duplicates, results["b"].duplicates) == (1, 0)
    deliveries = {row.raw_body: row.pk for row in BankFeedDelivery.objects.all()}
    assert {name: result.delivery_id for name, result in results.items()} == deliveries
    assert {row.transaction_id: row.delivery_id for row in events.values()} == {
        "tx-a": deliveries["a"],
        "tx-b1": deliveries["b"],
        "tx-b2": deliveries["b"],
        "tx-d": deliveries["d"],
    }
    # One hand-on per statement, after it: the second one's for all three deliveries.
    assert handed_on == [ids["a"], ids["b"] + ids["d"]]
    assert not intake._group_insert(connection.alias)._busy


@pytest.mark.django_db(transaction=True)
def test_a_bad_delivery_fails_only_its_own_call(postgres, monkeypatch):
    """A transaction id longer than its column (the codec refuses one from a webhook, but a
    caller of store_transactions may not): the statement of three fails, then each delivery
    is stored alone, and only the bad one's caller gets the error."""
    held = HeldStatements(monkeypatch)
    handed_on: list[list[int]] = []

    results, errors = store_in_threads(
        [("a", ["tx-a"]), ("b", ["tx-b"]), ("bad", ["x" * 101]), ("d", ["tx-d"])],
        handed_on.append,
        held,
    )

    assert list(errors) == ["bad"] and isinstance(errors["bad"], DataError)
    assert held.statements[:2] == [["a"], ["b", "bad", "d"]]
    assert sorted(held.statements[2:]) == [["b"], ["bad"], ["d"]]
    assert sorted(BankFeedDelivery.objects.values_list("raw_body", flat=True)) == ["a", "b", "d"]
    events = {row.transaction_id: row.pk for row in BankFeedEvent.objects.all()}
    assert {name: result.created_ids for name, result in results.items()} == {
        "a": [events["tx-a"]],
        "b": [events["tx-b"]],
        "d": [events["tx-d"]],
    }
    assert sorted(handed_on) == sorted([[events["tx-a"]], [events["tx-b"]], [events["tx-d"]]])


@pytest.mark.django_db(transaction=True)
def test_a_hand_on_that_fails_leaves_the_events_stored_and_waiting(postgres, monkeypatch):
    """The rows are committed before hand_on: its failure must not turn into a second insert
    (or an error answer); the events wait for the sweeper."""
    held = HeldStatements(monkeypatch)
    calls = []

    def failing_hand_on(ids):
        calls.append(ids)
        raise ConnectionError("broker down")

    results, errors = store_in_threads(
        [("a", ["tx-a"]), ("b", ["tx-b"]), ("c", ["tx-c"])], failing_hand_on, held
    )

    assert errors == {}
    assert held.statements == [["a"], ["b", "c"]]
    assert [len(ids) for ids in calls] == [1, 2]
    assert sorted(BankFeedDelivery.objects.values_list("raw_body", flat=True)) == ["a", "b", "c"]
    assert BankFeedEvent.objects.filter(status=BankFeedEvent.Status.RECEIVED).count() == 3
    assert {name: len(result.created_ids) for name, result in results.items()} == {
        "a": 1,
        "b": 1,
        "c": 1,
    }


@pytest.mark.django_db(transaction=True)
def test_a_batch_on_a_lost_connection_is_stored_alone(postgres, monkeypatch):
    """A batch's statement goes without Django's health check (a round trip saved per batch):
    on a connection PostgreSQL dropped since (restarted; here the backend terminated), the
    statement fails, and each delivery is stored alone, the health check reconnecting."""
    ready, go = threading.Event(), threading.Event()
    backend: dict[str, int] = {}
    results, errors = {}, {}

    def store(name):
        results[name] = intake.store_transactions(
            provider="sepay", raw_body=name, headers={}, transactions=[transaction(f"tx-{name}")]
        )

    def leader_to_be():
        try:
            store("b0")  # this thread's connection, kept as the site keeps it (CONN_MAX_AGE)
            backend["before"] = connection.connection.info.backend_pid
            ready.set()
            assert go.wait(WAIT)
            store("b")
            backend["after"] = connection.connection.info.backend_pid
        except Exception as exc:
            errors["b"] = exc
        finally:
            connections.close_all()

    def other(name):
        try:
            store(name)
        except Exception as exc:
            errors[name] = exc
        finally:
            connections.close_all()

    b = threading.Thread(target=leader_to_be)
    b.start()
    assert ready.wait(WAIT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend["before"]])
    held = HeldStatements(monkeypatch)
    combiner = intake._group_insert(connection.alias)
    a = threading.Thread(target=other, args=("a",))
    a.start()
    assert held.first_running.wait(WAIT)
    go.set()
    c = threading.Thread(target=other, args=("c",))
    deadline = time.monotonic() + WAIT
    while len(combiner._waiting) < 1:
        assert time.monotonic() < deadline
        time.sleep(0.001)
    c.start()
    while len(combiner._waiting) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.001)
    held.release.set()
    for thread in (a, b, c):
        thread.join(WAIT)
        assert not thread.is_alive()

    assert errors == {}
    assert held.statements[:2] == [["a"], ["b", "c"]]
    assert sorted(held.statements[2:]) == [["b"], ["c"]]
    assert backend["after"] != backend["before"]
    stored = sorted(BankFeedDelivery.objects.values_list("raw_body", flat=True))
    assert stored == ["a", "b", "b0", "c"]
    assert {name: len(result.created_ids) for name, result in results.items()} == {
        "a": 1,
        "b": 1,
        "b0": 1,
        "c": 1,
    }
