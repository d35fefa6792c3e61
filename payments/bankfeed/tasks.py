"""Celery tasks of the bank feed: thin, take ids, call one service; safe to run twice."""

from __future__ import annotations

import logging

import redis
from celery import shared_task
from django.db import OperationalError
from kombu.exceptions import KombuError
from kombu.exceptions import OperationalError as BrokerError

from payments.bankfeed import reconcile, selectors
from payments.models import BankFeedEvent

logger = logging.getLogger(__name__)


@shared_task(
    name="payments.reconcile_bank_event",
    # Nobody waits for the outcome (it is on the event): with a result backend, each send
    # would also subscribe to the task's result channel, a round trip per webhook.
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=8,
)
def reconcile_bank_event_task(event_id: int) -> str:
    """Reconcile one stored bank event; a second run finds it done and changes nothing."""
    try:
        event = reconcile.reconcile_bank_event(event_id=event_id)
    except BankFeedEvent.DoesNotExist:
        logger.warning("Bank feed event %s no longer exists", event_id)
        return "missing"
    return event.status


@shared_task(name="payments.reconcile_waiting_bank_events", acks_late=True)
def reconcile_waiting_bank_events_task() -> int:
    """Beat, every minute: enqueue events still waiting (the broker was down at intake, or a
    task was lost). Everything a settled event changes was committed with it, so an event is
    either waiting here or completely done: there is no state in between to repair."""
    return enqueue_reconciliation(selectors.waiting_bank_event_ids())


def enqueue_reconciliation(event_ids: list[int]) -> int:
    """Send each stored event to a worker; returns how many were sent.

    Called after the events are committed. A broker that is down must not turn a stored
    delivery into an error answer: the first failure stops the sending, and the sweeper
    above picks the rest up once the broker is back.
    """
    sent = 0
    for event_id in event_ids:
        try:
            reconcile_bank_event_task.delay(event_id)
        except (BrokerError, KombuError, OSError, redis.RedisError) as exc:
            logger.warning(
                "Broker unavailable; %s bank event(s) wait for the sweeper: %s",
                len(event_ids) - sent,
                exc,
            )
            break
        sent += 1
    return sent
