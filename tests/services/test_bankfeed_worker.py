"""A real Celery worker on Redis reconciles bank-feed events stored by the site, and a task
whose worker dies mid-task is delivered again (acks_late) and still counts the money once."""

from __future__ import annotations

import os
import signal
import time

import pytest

from payments.bankfeed.tasks import reconcile_bank_event_task
from payments.models import BankFeedEvent, PaymentRequest, ReconciliationLog
from tests.payments.bankfeed_support import SHOP_ACCOUNT, deliver, payment_request, sepay

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]


def wait_until(check, timeout: float, worker=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        if worker is not None and worker.poll() is not None:
            pytest.fail("the worker exited:\n" + worker.log_path.read_text(errors="replace"))
        time.sleep(0.2)
    return False


def status_of(request: PaymentRequest) -> str:
    request.refresh_from_db()
    return request.status


def test_webhook_delivered_to_the_site_is_reconciled_by_the_worker(client, celery_worker_for_db):
    worker = celery_worker_for_db()
    request = payment_request(150_000)
    response = deliver(client, "sepay", sepay(content=f"MBVCB.3278.{request.reference}.CT"))
    assert response.status_code == 200

    paid = wait_until(lambda: status_of(request) == PaymentRequest.Status.PAID, 60, worker)
    assert paid, worker.log_path.read_text(errors="replace")
    assert request.amount_received == 150_000
    assert BankFeedEvent.objects.get().status == BankFeedEvent.Status.MATCHED


def _waiting_on_a_row_lock() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_task_of_a_worker_killed_mid_task_is_redelivered(postgres, celery_worker_for_db):
    import psycopg

    settings_module = "tests.services.bankfeed_worker_settings"
    request = payment_request(150_000)
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id="KILL-1",
        content=request.reference,
        amount=150_000,
        account_number=SHOP_ACCOUNT,
    )
    db = postgres.settings_dict
    blocker = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )
    try:
        # Hold the event's row lock: the worker's reconciliation stops inside the task.
        blocker.execute(
            "SELECT id FROM payments_bankfeedevent WHERE id = %s FOR UPDATE", [event.pk]
        )
        first = celery_worker_for_db(settings_module)
        reconcile_bank_event_task.delay(event.pk)
        assert wait_until(_waiting_on_a_row_lock, 60, first), "the worker never started the task"

        os.kill(first.pid, signal.SIGKILL)  # no warm shutdown, no ack
        first.wait(timeout=10)
    finally:
        blocker.rollback()
        blocker.close()
    time.sleep(0.5)
    event.refresh_from_db()
    assert event.status == BankFeedEvent.Status.RECEIVED  # the killed task changed nothing

    time.sleep(2.5)  # past the visibility timeout of the worker settings
    second = celery_worker_for_db(settings_module)
    paid = wait_until(lambda: status_of(request) == PaymentRequest.Status.PAID, 60, second)
    assert paid, second.log_path.read_text(errors="replace")
    assert request.amount_received == 150_000
    assert ReconciliationLog.objects.filter(event=event).count() == 1
