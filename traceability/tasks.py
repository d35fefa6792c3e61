"""Celery tasks of traceability: thin, take ids, call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from core.jobs import JOB_TASK_OPTIONS, send_after_commit
from traceability import services
from traceability.models import IssueJob

logger = logging.getLogger(__name__)


@shared_task(
    name="traceability.run_issue_job",
    **JOB_TASK_OPTIONS,
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
    send_after_commit(run_issue_job_task, job_id, what=f"issue job {job_id}")
