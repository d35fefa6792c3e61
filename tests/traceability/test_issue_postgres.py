"""On PostgreSQL, the 100,000-code issue job runs batch by batch and reports its progress."""

from __future__ import annotations

import time

import pytest

from tests.traceability import builders
from traceability import services, tasks
from traceability.models import IssueJob, TraceCode

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

COUNT = 100_000


def test_a_100000_code_job_commits_each_batch_and_reports_progress(postgres, monkeypatch):
    lot = builders.lot(with_events=False)
    job = services.issue_job_create(lot=lot, count=COUNT)
    progress = []
    insert_batch = services._insert_batch

    def watched(**kwargs):
        insert_batch(**kwargs)
        # What the portal's progress bar reads, from a committed row.
        progress.append(IssueJob.objects.values_list("done", flat=True).get(pk=job.pk))

    monkeypatch.setattr(services, "_insert_batch", watched)
    started = time.perf_counter()
    assert tasks.run_issue_job_task.delay(job.pk).get() == IssueJob.Status.DONE
    elapsed = time.perf_counter() - started
    print(f"{COUNT:,} codes issued on PostgreSQL in {elapsed:.2f} s")

    batch = services.ISSUE_BATCH_SIZE
    assert progress == list(range(batch, COUNT + 1, batch))
    job.refresh_from_db()
    assert job.status == IssueJob.Status.DONE and job.done == COUNT and job.finished_at
    serials = TraceCode.objects.filter(issue_job=job)
    assert serials.count() == COUNT
    assert serials.values("serial").distinct().count() == COUNT
    assert lot.codes.filter(serial="").count() == 1


def test_a_collision_on_postgresql_rolls_back_only_that_batch(postgres, monkeypatch):
    lot = builders.lot(with_events=False)
    builders.code(lot, serial="TAKEN2345")
    real = services.new_serials
    calls = []

    def first_collides(count, **kwargs):
        calls.append(count)
        fresh = real(count, **kwargs)
        return ["TAKEN2345", *fresh[1:]] if len(calls) == 2 else fresh

    monkeypatch.setattr(services, "new_serials", first_collides)
    job = services.issue_job_create(lot=lot, count=25)
    job = services.issue_job_run(job_id=job.pk, batch_size=10)
    assert len(calls) == 4 and job.done == 25
    assert lot.codes.exclude(serial="").count() == 26
