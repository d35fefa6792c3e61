"""Celery tasks of traceability: thin, take ids, call one service."""

from __future__ import annotations

import logging

import redis
from celery import shared_task
from django.db import OperationalError, transaction
from kombu.exceptions import KombuError
from kombu.exceptions import OperationalError as BrokerError

from traceability import services
from traceability.models import IssueJob

logger = logging.getLogger(__name__)


@shared_task(
    name="traceability.run_issue_job",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def run_issue_job_task(job_id: int) -> str:
    """Issue a job's serialised codes; safe to run twice (it carries on from ``done``)."""
    try:
        job = services.issue_job_run(job_id=job_id)
    except IssueJob.DoesNotExist:
        logger.warning("Issue job %s no longer exists", job_id)
        return "missing"
    return job.status


def enqueue_issue_job(job_id: int) -> None:
    """Send the job to a worker once its row is committed. A broker that is down leaves the
    job queued (its page says so) instead of failing the request."""

    def send() -> None:
        try:
            run_issue_job_task.delay(job_id)
        except (BrokerError, KombuError, OSError, redis.RedisError) as exc:
            logger.warning("Broker unavailable; issue job %s waits: %s", job_id, exc)

    transaction.on_commit(send)
