"""Money exactly once under faults, on PostgreSQL with real Celery workers and a Redis broker
of the test's own: workers killed mid-batch (once while inside a settle transaction), Redis
stopped while webhooks arrive. After each, every count agrees — webhooks sent = events stored
= events settled = orders paid = ledger credits — and nothing is doubled."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import psycopg
import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment.models import PayoutEntry
from payments import order_status
from payments.bankfeed.tasks import reconcile_waiting_bank_events_task
from payments.models import BankFeedDelivery, BankFeedEvent, PaymentRequest, ReconciliationLog
from payments.settle.selectors import money_problems
from tests.fulfilment import builders
from tests.payments.bankfeed_support import deliver, sepay

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
# Unacknowledged tasks of a killed worker come back after 2 s (production: minutes).
WORKER_SETTINGS = "tests.services.bankfeed_worker_settings"


def make_orders(count: int) -> list:
    a, b = builders.producer_pair()
    return [builders.transfer_order(a, b) for _ in range(count)]


def send_webhooks(client, orders, *, first_id: int = 1) -> list[float]:
    """One signed SePay webhook per order, its content mangled the way banks do; the answer
    times in seconds."""
    times = []
    for offset, order in enumerate(orders):
        started = time.monotonic()
        response = deliver(
            client,
            "sepay",
            sepay(
                transaction_id=first_id + offset,
                amount=150000,
                content=f"MBVCB.{8000 + offset}.{order.number.lower()}.CT tu 0912345678",
            ),
        )
        times.append(time.monotonic() - started)
        assert response.status_code == 200, response.content
    return times


def settled() -> int:
    return BankFeedEvent.objects.exclude(status=BankFeedEvent.Status.RECEIVED).count()


def wait_until(check, timeout: float, worker=None, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        if worker is not None and worker.poll() is not None:
            pytest.fail("the worker exited:\n" + worker.log_path.read_text(errors="replace"))
        time.sleep(step)
    return False


def kill(worker) -> None:
    os.kill(worker.pid, signal.SIGKILL)  # no warm shutdown, no acknowledgement
    worker.wait(timeout=10)


def blocked_on_a_row_lock() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def blocker_connection(postgres) -> psycopg.Connection:
    db = postgres.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )


def assert_every_payment_counted_once(orders) -> None:
    count = len(orders)
    numbers = [order.number for order in orders]
    assert BankFeedEvent.objects.count() == count  # stored
    assert BankFeedEvent.objects.filter(status=BankFeedEvent.Status.MATCHED).count() == count
    assert ReconciliationLog.objects.count() == count  # each decided once
    assert (
        PaymentRequest.objects.filter(status=PaymentRequest.Status.PAID, amount_received=150000)
        .filter(reference__in=numbers)
        .count()
        == count
    )
    assert Order.objects.filter(number__in=numbers, status=order_status.PAID).count() == count
    assert PaymentEvent.objects.filter(event_type__code="paid").count() == count
    # Two producers per order: a sale and a fee each, once.
    assert PayoutEntry.objects.filter(kind="sale").count() == 2 * count
    assert PayoutEntry.objects.filter(kind="fee").count() == 2 * count
    assert money_problems() == []


def test_workers_killed_mid_batch_settle_every_payment_exactly_once(
    postgres, client, broker, celery_worker_for_db
):
    orders = make_orders(80)
    send_webhooks(client, orders)
    assert BankFeedEvent.objects.filter(status=BankFeedEvent.Status.RECEIVED).count() == 80

    # 1. Killed inside a settle transaction: the fifth order's row is held by another
    #    connection, so the worker stops there after locking the event and the request.
    blocker = blocker_connection(postgres)
    try:
        blocker.execute(
            "SELECT id FROM order_order WHERE number = %s FOR UPDATE", [orders[4].number]
        )
        first = celery_worker_for_db(WORKER_SETTINGS)
        assert wait_until(blocked_on_a_row_lock, 60, first), "the worker never got there"
        kill(first)
    finally:
        blocker.rollback()
        blocker.close()
    assert money_problems() == []  # the killed transaction left nothing half-done
    orders[4].refresh_from_db()
    assert orders[4].status == order_status.PENDING_PAYMENT

    # 2. Killed again in the middle of the batch, twice.
    for target in (25, 50):
        worker = celery_worker_for_db(WORKER_SETTINGS)
        assert wait_until(lambda target=target: settled() >= target, 90, worker)
        kill(worker)
        assert money_problems() == []
    assert settled() < 80, "the batch was over before the last kill: make it longer"

    # 3. A worker that lives: everything is settled, each payment once.
    last = celery_worker_for_db(WORKER_SETTINGS)
    assert wait_until(lambda: settled() == 80, 120, last, step=0.2), last.log_path.read_text()
    assert_every_payment_counted_once(orders)


def test_webhooks_arriving_while_redis_is_down_are_kept_and_settled_once_it_is_back(
    postgres, client, broker, celery_worker_for_db
):
    orders = make_orders(10)
    broker.stop()
    times = send_webhooks(client, orders)
    # Stored and answered at once (no broker to hand them to: the sweeper will).
    assert max(times) < 5, times
    assert BankFeedEvent.objects.filter(status=BankFeedEvent.Status.RECEIVED).count() == 10

    broker.start()
    worker = celery_worker_for_db(WORKER_SETTINGS)
    # The beat sweeper looks for events waiting for over a minute; these are: make them so.
    BankFeedEvent.objects.update(received_at=timezone.now() - dt.timedelta(minutes=5))
    reconcile_waiting_bank_events_task.delay()
    assert wait_until(lambda: settled() == 10, 60, worker, step=0.2), worker.log_path.read_text()
    # A second sweep finds nothing more to do.
    reconcile_waiting_bank_events_task.delay()
    time.sleep(2)
    assert_every_payment_counted_once(orders)


def test_database_connection_dropped_mid_delivery_answers_503_and_stores_nothing(postgres):
    """The connection dies after the first of three transactions was inserted: the answer is a
    clean 503 (the aggregator retries), no half delivery is left, and the retry stores all."""
    import threading

    from django.db import connections
    from django.test import Client

    from tests.payments.bankfeed_support import casso, casso_item

    payload = casso(*(casso_item(transaction_id=n, content=f"giao dich {n}") for n in (1, 2, 3)))
    blocker = blocker_connection(postgres)
    answers = []

    def post():
        try:
            answers.append(deliver(Client(), "casso", payload))
        finally:
            connections.close_all()

    try:
        # Another session holds transaction 2's key: the delivery's insert of it waits there.
        blocker.execute(
            "INSERT INTO payments_bankfeedevent (provider, transaction_id, received_at, raw,"
            " payment_code, bank_code, account_number, sub_account, amount, content,"
            " bank_reference, status)"
            " VALUES ('casso', '2', now(), '{}', '', '', '', '', 0, '', '', 'received')"
        )
        thread = threading.Thread(target=post)
        thread.start()
        assert wait_until(blocked_on_a_row_lock, 30), "the delivery never reached the lock"
        with blocker.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        thread.join(timeout=30)
    finally:
        blocker.rollback()
        blocker.close()

    [response] = answers
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json()["ok"] is False
    assert BankFeedEvent.objects.count() == 0  # not even transaction 1
    assert not BankFeedDelivery.objects.exists()

    retry = deliver(Client(), "casso", payload)
    assert retry.status_code == 200 and retry.json()["received"] == 3
