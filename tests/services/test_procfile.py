"""The Procfile as production starts it (honcho): web answers /healthz, a signed webhook posted
to web is reconciled by the worker into a stall sale, beat runs on the database scheduler, and
stopping honcho stops every process it started.

The processes share this test's database (committed rows, hence ``transaction=True``) and a
redis-server of the test's own; every wait is bounded, and honcho is stopped even on failure.
"""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from bench.stack import Honcho, alive
from config import roles
from market.models import Sale
from payments.models import BankFeedEvent
from tests.conftest import free_port, shared_database_url
from tests.market import builders
from tests.payments.bankfeed_support import sepay, signed_headers

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ACCOUNT = "0987650002"
START_TIMEOUT = 40.0  # honcho → gunicorn, worker and beat up, /healthz 200
WORK_TIMEOUT = 15.0  # webhook → sale; beat's start-up


def wait_until(check, timeout: float, honcho: Honcho) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        if honcho.process.poll() is not None:
            pytest.fail("honcho stopped:\n" + honcho.log())
        time.sleep(0.2)
    return check()


def post_webhook(base_url: str, *, amount: int) -> int:
    local_now = time.gmtime(time.time() + 7 * 3600)  # SePay sends Viet Nam time
    payload = sepay(
        transaction_id=int(time.time()),
        amount=amount,
        content="CK mua che",
        account=ACCOUNT,
        when=time.strftime("%Y-%m-%d %H:%M:%S", local_now),
    )
    body = json.dumps(payload).encode()
    request = urllib.request.Request(
        base_url + "/pay/webhooks/bank/sepay/",
        data=body,
        headers={"Content-Type": "application/json", **signed_headers("sepay", body)},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def test_procfile_web_worker_and_beat_work_together_and_stop(postgres, throwaway_redis, tmp_path):
    from django_celery_beat.models import PeriodicTask

    holder = builders.user("stall.procfile", roles.STALLHOLDER_GROUP)
    stall = builders.stall(builders.market(), "HS-01", stallholder=holder, account_number=ACCOUNT)
    honcho = Honcho(
        {
            "DATABASE_URL": shared_database_url(),
            "REDIS_URL": throwaway_redis.url,
            "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "2",
            "CELERY_CONCURRENCY": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
        },
        tmp_path,
        processes="web=1,worker=1,beat=1",
    )
    honcho.start()
    try:
        honcho.wait_healthy(START_TIMEOUT)
        with urllib.request.urlopen(honcho.url + "/healthz", timeout=5) as response:
            health = json.load(response)
        assert health["broker"] == "ok"  # web talks to the real Redis, not eager Celery

        assert post_webhook(honcho.url, amount=35_000) == 200
        sold = wait_until(
            lambda: Sale.objects.filter(stall=stall, amount=35_000).exists(),
            WORK_TIMEOUT,
            honcho,
        )
        assert sold, "the worker did not reconcile the webhook:\n" + honcho.log()
        assert BankFeedEvent.objects.get().status == BankFeedEvent.Status.MATCHED
        assert Sale.objects.get(stall=stall).source == "static_qr"

        # beat started, and wrote the project's schedule into its store (PostgreSQL).
        started = wait_until(
            lambda: (
                "beat: Starting" in honcho.log()
                and PeriodicTask.objects.filter(name="expire-unpaid-orders").exists()
            ),
            WORK_TIMEOUT,
            honcho,
        )
        assert started, "beat did not start:\n" + honcho.log()
        running = honcho.running()
    finally:
        leftovers = honcho.stop(timeout=20)

    log = honcho.log()
    # honcho, gunicorn's master and worker, Celery's worker and its pool process, beat.
    assert len(running) >= 6, log
    assert leftovers == [], f"still running after honcho stopped: {leftovers}\n{log}"
    assert honcho.running() == set()
    assert not [pid for pid in running if alive(pid)]
    for name in ("web.1", "worker.1", "beat.1"):
        assert log.count(f"{name} started") == 1, log
        assert f"{name} stopped" in log, log
