"""Celery task for label sheets: thin, takes an id, calls one service."""

from __future__ import annotations

import logging

from celery import shared_task

from core.jobs import JOB_TASK_OPTIONS, send_after_commit
from traceability import label_services
from traceability.models import LabelJob

logger = logging.getLogger(__name__)


@shared_task(
    name="traceability.build_label_sheets",
    **JOB_TASK_OPTIONS,
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
    send_after_commit(build_label_sheets_task, job_id, what=f"label job {job_id}")
