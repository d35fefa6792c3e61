"""Celery task for label sheets: thin, takes an id, calls one service."""

from __future__ import annotations

import logging

import redis
from celery import shared_task
from django.db import OperationalError, transaction
from kombu.exceptions import KombuError
from kombu.exceptions import OperationalError as BrokerError

from traceability import label_services
from traceability.models import LabelJob

logger = logging.getLogger(__name__)


@shared_task(
    name="traceability.build_label_sheets",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def build_label_sheets_task(job_id: int) -> str:
    """Render one label job's PDF; safe to run twice."""
    try:
        job = label_services.label_job_build(job_id=job_id)
    except LabelJob.DoesNotExist:
        logger.warning("Label job %s no longer exists", job_id)
        return "missing"
    return job.status


def enqueue_label_job(job_id: int) -> None:
    """Send the job to a worker once its row is committed. A broker that is down leaves the
    job waiting (its page says so) instead of failing the request."""

    def send() -> None:
        try:
            build_label_sheets_task.delay(job_id)
        except (BrokerError, KombuError, OSError, redis.RedisError) as exc:
            logger.warning("Broker unavailable; label job %s waits: %s", job_id, exc)

    transaction.on_commit(send)
