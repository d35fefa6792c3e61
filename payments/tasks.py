"""Celery tasks of the payments app: thin, take ids, call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from payments import services
from payments.models import BankFeedEvent

logger = logging.getLogger(__name__)


# --- Bank feed ------------------------------------------------------------------------------


@shared_task(
    name="payments.reconcile_bank_event",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=8,
)
def reconcile_bank_event_task(event_id: int) -> str:
    """Reconcile one stored bank event; safe to run twice (the service is idempotent)."""
    try:
        event = services.reconcile_bank_event(event_id=event_id)
    except BankFeedEvent.DoesNotExist:
        logger.warning("Bank feed event %s no longer exists", event_id)
        return "missing"
    return event.status


@shared_task(name="payments.reconcile_waiting_bank_events", acks_late=True)
def reconcile_waiting_bank_events_task() -> int:
    """Sweep for events left "received" (broker down at intake); schedule every few minutes."""
    return services.reconcile_waiting_bank_events()
