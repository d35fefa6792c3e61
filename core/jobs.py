"""Background jobs with a page of their own (standee batches, label sheets, code issues,
recomputed figures): the Celery options they share and how a request hands one over.

Not for money: settling payments has its own outbox and sweeper (``payments.bankfeed``).
"""

from __future__ import annotations

import logging

import redis
from django.db import OperationalError, transaction
from kombu.exceptions import KombuError
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (BrokerError, KombuError, OSError, redis.RedisError)

#: ``@shared_task(name=…, **JOB_TASK_OPTIONS)``: redelivered if the worker dies, retried while
#: the database is unreachable. The job's service must be safe to run twice.
JOB_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
}


def send_after_commit(task, *args, what: str, **kwargs) -> None:
    """Send ``task`` once the current transaction commits (its row exists for the worker).

    A broker that is down is logged and the job waits — its page says so, and the nightly or
    periodic run catches up — instead of failing the request that asked for it."""

    def send() -> None:
        try:
            task.delay(*args, **kwargs)
        except BROKER_ERRORS as exc:
            logger.warning("Broker unavailable; %s waits: %s", what, exc)

    transaction.on_commit(send)
