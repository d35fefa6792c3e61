"""Issuing codes and recording scans (traceability.services)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.traceability import builders
from traceability import services, tasks
from traceability.gs1 import DigitalLink, is_ai82
from traceability.models import IssueJob, Scan, TraceCode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # the per-process LocMemCache of the test settings (rate limits)
    yield
    cache.clear()


def test_serials_are_random_ai82_and_free_of_look_alikes():
    serials = services.new_serials(2000)
    assert len(set(serials)) == 2000
    assert all(len(s) == 10 and is_ai82(s) for s in serials)
    assert not set("".join(serials)) & set("01IO")


def test_issuing_makes_one_lot_code_and_n_serials_and_reports_progress():
    lot = builders.lot(with_events=False)
    job = services.issue_job_create(lot=lot, count=25)
    assert job.status == IssueJob.Status.QUEUED and job.done == 0
    seen = []
    original = services._insert_batch

    def spy(**kwargs):
        original(**kwargs)
        seen.append(IssueJob.objects.get(pk=job.pk).done)

    services._insert_batch = spy
    try:
        job = services.issue_job_run(job_id=job.pk, batch_size=10)
    finally:
        services._insert_batch = original
    assert seen == [10, 20, 25]
    assert job.status == IssueJob.Status.DONE and job.done == 25 and job.finished_at
    assert lot.codes.filter(serial="").count() == 1
    assert lot.codes.exclude(serial="").filter(issue_job=job).count() == 25
    # Running it again changes nothing.
    assert services.issue_job_run(job_id=job.pk).done == 25
    assert lot.codes.count() == 26


def test_a_serial_that_already_exists_retries_the_batch_with_new_ones(monkeypatch):
    lot = builders.lot(with_events=False)
    builders.code(lot, serial="TAKEN2345")
    real = services.new_serials
    calls = []

    def first_collides(count, **kwargs):
        calls.append(count)
        fresh = real(count, **kwargs)
        return ["TAKEN2345", *fresh[1:]] if len(calls) == 1 else fresh

    monkeypatch.setattr(services, "new_serials", first_collides)
    job = services.issue_trace_codes(lot=lot, count=5)
    assert len(calls) == 2
    assert job.done == 5 and lot.codes.exclude(serial="").count() == 6
    assert lot.codes.filter(serial="TAKEN2345").count() == 1


def test_job_counts_out_of_range_are_refused():
    lot = builders.lot(with_events=False)
    for count in (0, -1, services.MAX_CODES_PER_JOB + 1):
        with pytest.raises(services.IssueError):
            services.issue_job_create(lot=lot, count=count)
    assert not IssueJob.objects.exists()


def test_the_celery_task_runs_the_job(django_capture_on_commit_callbacks):
    lot = builders.lot(with_events=False)
    job = services.issue_job_create(lot=lot, count=12)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_issue_job(job.pk)
    job.refresh_from_db()
    assert job.status == IssueJob.Status.DONE and job.done == 12
    assert tasks.run_issue_job_task.delay(987654).get() == "missing"


def _link(code: TraceCode) -> DigitalLink:
    return DigitalLink(gtin=code.gtin, lot=code.lot_code, serial=code.serial or None)


def test_a_scan_is_logged_counted_and_hashed_without_the_ip():
    code = builders.code(builders.lot(with_events=False))
    client = services.client_hash(ip="203.0.113.7", user_agent="Zalo")
    result = services.scan_record(link=_link(code), client=client)
    assert result.counted and result.code.scan_count == 1 and result.code.first_scanned_at
    scan = Scan.objects.get()
    assert scan.code == code and scan.client_hash == client and len(client) == 64
    assert "203.0.113.7" not in str(Scan.objects.values().get())


def test_one_client_counts_once_per_window_and_is_limited_per_hour(settings):
    settings.TRACE_SCAN_RATE_PER_HOUR = 3
    lot = builders.lot(with_events=False)
    codes = [builders.code(lot, serial=f"SER{n}AB") for n in range(5)]
    client = services.client_hash(ip="198.51.100.1")
    assert services.scan_record(link=_link(codes[0]), client=client).counted
    assert not services.scan_record(link=_link(codes[0]), client=client).counted
    assert services.scan_record(link=_link(codes[1]), client=client).counted
    assert services.scan_record(link=_link(codes[2]), client=client).counted
    assert not services.scan_record(link=_link(codes[3]), client=client).counted
    counts = dict(TraceCode.objects.filter(lot=lot).values_list("serial", "scan_count"))
    assert counts == {"SER0AB": 1, "SER1AB": 1, "SER2AB": 1, "SER3AB": 0, "SER4AB": 0}
    assert Scan.objects.count() == 3


def test_too_many_scans_flag_the_serial(settings):
    settings.TRACE_FLAG_SCAN_COUNT = 3
    code = builders.code(builders.lot(with_events=False))
    for n in range(4):
        services.scan_record(link=_link(code), client=f"client-{n}")
    code.refresh_from_db()
    assert code.scan_count == 4 and code.flagged
    assert code.flag_reason == services.FLAG_MANY_SCANS
    with translation.override("en"):
        assert "many" in code.flag_label
    with translation.override("vi"):
        assert "nhiều" in code.flag_label


def test_scans_far_apart_flag_the_serial():
    code = builders.code(builders.lot(with_events=False))
    services.scan_record(link=_link(code), client="a", latitude=21.59, longitude=105.85)
    services.scan_record(link=_link(code), client="b", latitude=21.60, longitude=105.84)
    code.refresh_from_db()
    assert not code.flagged
    services.scan_record(link=_link(code), client="c", latitude=10.78, longitude=106.70)
    code.refresh_from_db()
    assert code.flagged and code.flag_reason == services.FLAG_FAR_APART
    # Locations are kept coarse (two decimals, about 1 km).
    assert Scan.objects.filter(latitude=21.59).exists()


def test_a_scan_after_the_code_was_sold_flags_it():
    code = builders.code(builders.lot(with_events=False), status=TraceCode.Status.SOLD)
    services.scan_record(link=_link(code), client="a")
    code.refresh_from_db()
    assert code.flagged and code.flag_reason == services.FLAG_AFTER_SOLD


def test_a_serial_never_issued_is_logged_as_evidence():
    lot = builders.lot(with_events=False)
    link = DigitalLink(gtin=lot.gtin, lot=lot.code, serial="NOPE2345")
    result = services.scan_record(link=link, client="a")
    assert result.counted and result.code is None
    assert Scan.objects.get().code is None and Scan.objects.get().serial == "NOPE2345"
    assert not TraceCode.objects.filter(serial="NOPE2345").exists()
