"""State changes for traceability: issuing codes and recording scans of the public page.

Keyword-only, typed (CONVENTIONS.md). Issuing commits batch by batch so the job's progress is
visible while it runs; a scan is counted in one transaction with its anomaly checks.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from traceability.gs1 import DigitalLink
from traceability.models import IssueJob, Lot, Scan, TraceCode

# Serials: uppercase letters and digits without the look-alikes 0/O, 1/I (32 symbols, 5 bits
# each), all in GS1 character set 82 and URI-unreserved, so they print and type cleanly.
SERIAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SERIAL_LENGTH = 10  # 50 random bits: a guess hits one of a million issued serials 1 in 10⁹
_SERIAL_TABLE = bytes(ord(SERIAL_ALPHABET[b % 32]) for b in range(256))
ISSUE_BATCH_SIZE = 10_000
MAX_CODES_PER_JOB = 1_000_000
MAX_BATCH_RETRIES = 5

# Why a code was flagged (stored in TraceCode.flag_reason; labels in TraceCode.flag_label).
FLAG_MANY_SCANS = "many_scans"
FLAG_FAR_APART = "far_apart"
FLAG_AFTER_SOLD = "after_sold"


class IssueError(ValueError):
    """A request to issue codes that cannot be met (the message says why)."""


def new_serials(count: int, *, length: int = SERIAL_LENGTH) -> list[str]:
    """``count`` random serials from ``secrets`` (one call, mapped through a 32-symbol table)."""
    raw = secrets.token_bytes(count * length).translate(_SERIAL_TABLE).decode("ascii")
    return [raw[i : i + length] for i in range(0, count * length, length)]


def lot_code_issue(*, lot: Lot) -> TraceCode:
    """The lot-level code (no serial) of ``lot``, created once."""
    code, _ = TraceCode.objects.get_or_create(
        gtin=lot.gtin,
        lot_code=lot.code,
        serial="",
        defaults={"lot": lot, "status": TraceCode.Status.ACTIVE},
    )
    return code


@transaction.atomic
def issue_job_create(*, lot: Lot, count: int, requested_by=None) -> IssueJob:
    """A queued job for ``count`` serialised codes of ``lot`` (and its lot-level code).

    The caller enqueues it with ``traceability.tasks.enqueue_issue_job`` (or runs it with
    ``issue_job_run``). Raises IssueError for a count out of range.
    """
    if not isinstance(count, int) or not 1 <= count <= MAX_CODES_PER_JOB:
        raise IssueError(f"Codes per job: 1 to {MAX_CODES_PER_JOB:,}.")
    lot_code_issue(lot=lot)
    return IssueJob.objects.create(lot=lot, requested=count, requested_by=requested_by)


_COPY_COLUMNS = (
    "lot_id", "gtin", "lot_code", "serial", "status", "scan_count", "flagged", "flag_reason",
    "issue_job_id", "created_at",
)  # fmt: skip


def _copy_text(value: str) -> str:
    # COPY's text format: backslash, tab, newline and carriage return are escaped.
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _copy_codes(*, lot: Lot, job: IssueJob, serials: list[str], now: datetime.datetime) -> None:
    """PostgreSQL: one COPY for the batch (several times faster than a multi-row INSERT)."""
    head = "\t".join([str(lot.pk), _copy_text(lot.gtin), _copy_text(lot.code)])
    tail = "\t".join([TraceCode.Status.ISSUED, "0", "f", "", str(job.pk), now.isoformat()])
    data = "".join(f"{head}\t{serial}\t{tail}\n" for serial in serials)
    table = TraceCode._meta.db_table
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.copy(f"COPY {table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy:
            copy.write(data)


def _insert_codes(*, lot: Lot, job: IssueJob, serials: list[str], now: datetime.datetime) -> None:
    if connection.vendor == "postgresql":
        _copy_codes(lot=lot, job=job, serials=serials, now=now)
        return
    TraceCode.objects.bulk_create(
        [
            TraceCode(
                lot_id=lot.pk,
                gtin=lot.gtin,
                lot_code=lot.code,
                serial=serial,
                status=TraceCode.Status.ISSUED,
                issue_job_id=job.pk,
                created_at=now,
            )
            for serial in serials
        ],
        batch_size=1000,
    )


def _insert_batch(*, job: IssueJob, lot: Lot, size: int, now: datetime.datetime) -> None:
    """Insert ``size`` new serials for ``job`` and count them, in one transaction.

    A serial that already exists (the unique constraint) rolls the batch back; it is tried
    again with fresh serials.
    """
    for attempt in range(MAX_BATCH_RETRIES):
        serials = list(dict.fromkeys(new_serials(size + 8)))[:size]  # spares for repeats
        try:
            with transaction.atomic():
                _insert_codes(lot=lot, job=job, serials=serials, now=now)
                IssueJob.objects.filter(pk=job.pk).update(done=F("done") + len(serials))
            return
        except IntegrityError:
            if attempt == MAX_BATCH_RETRIES - 1:
                raise


def issue_job_run(*, job_id: int, batch_size: int = ISSUE_BATCH_SIZE) -> IssueJob:
    """Issue the job's remaining codes batch by batch, committing each (progress = ``done``).

    Safe to run again after a crash: it carries on from the codes already issued.
    """
    with transaction.atomic():
        job = IssueJob.objects.select_for_update().select_related("lot").get(pk=job_id)
        if job.status == IssueJob.Status.DONE:
            return job
        job.status = IssueJob.Status.RUNNING
        job.error = ""
        job.save(update_fields=["status", "error"])
    lot = job.lot
    lot_code_issue(lot=lot)
    try:
        while True:
            job.refresh_from_db(fields=["done"])
            remaining = job.requested - job.done
            if remaining <= 0:
                break
            _insert_batch(job=job, lot=lot, size=min(batch_size, remaining), now=timezone.now())
    except Exception as exc:
        IssueJob.objects.filter(pk=job.pk).update(
            status=IssueJob.Status.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    IssueJob.objects.filter(pk=job.pk).update(
        status=IssueJob.Status.DONE, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def issue_trace_codes(*, lot: Lot, count: int, requested_by=None) -> IssueJob:
    """Issue ``count`` serialised codes now, in this process (small runs, demo data, bench)."""
    job = issue_job_create(lot=lot, count=count, requested_by=requested_by)
    return issue_job_run(job_id=job.pk)


# --- Scans ---------------------------------------------------------------------------------


def client_hash(*, ip: str, user_agent: str = "") -> str:
    """A salted HMAC of the client's address and browser: no raw IP is ever stored."""
    salt = settings.TRACE_SCAN_SALT.encode()
    return hmac.new(salt, f"{ip}\n{user_agent}".encode(), hashlib.sha256).hexdigest()


def _allowed(*, client: str, key: str) -> bool:
    """Count a client's scan of one code once per window, and at most N scans an hour overall."""
    if not cache.add(f"trace:scan:{client}:{key}", 1, settings.TRACE_SCAN_REPEAT_SECONDS):
        return False
    hourly = f"trace:scans:{client}"
    cache.add(hourly, 0, 3600)
    try:
        count = cache.incr(hourly)
    except ValueError:  # expired between add and incr
        cache.add(hourly, 1, 3600)
        count = 1
    return count <= settings.TRACE_SCAN_RATE_PER_HOUR


def _km_between(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> float:
    lat1, lng1, lat2, lng2 = (math.radians(float(v)) for v in (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(min(1.0, h)))


def _coarse(value: float | Decimal | None) -> Decimal | None:
    # Two decimals (about 1 km): enough to notice far-apart scans, not enough to find a home.
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ScanResult:
    counted: bool  # False when rate-limited (nothing written)
    code: TraceCode | None  # None: no such code was issued


def scan_record(
    *,
    link: DigitalLink,
    client: str,
    latitude: float | Decimal | None = None,
    longitude: float | Decimal | None = None,
) -> ScanResult:
    """Log one scan of ``link`` by ``client`` (a ``client_hash``), count it and flag anomalies.

    Rate-limited per client through the cache; the counter and flags change atomically (F()).
    A code that was never issued still gets a Scan row: it is evidence of a copied label.
    """
    serial = link.serial or ""
    lot_code = link.lot or ""
    key = hashlib.sha256(f"{link.gtin}/{lot_code}/{serial}".encode()).hexdigest()[:24]
    if not _allowed(client=client, key=key):
        return ScanResult(counted=False, code=None)
    lat, lng = _coarse(latitude), _coarse(longitude)
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        lat = lng = None
    now = timezone.now()
    with transaction.atomic():
        code = (
            TraceCode.objects.filter(gtin=link.gtin, lot_code=lot_code, serial=serial)
            .only("pk")
            .first()
            if lot_code
            else None
        )
        Scan.objects.create(
            code=code,
            gtin=link.gtin,
            lot_code=lot_code[:20],
            serial=serial[:20],
            client_hash=client,
            latitude=lat,
            longitude=lng,
        )
        if code is None:
            return ScanResult(counted=True, code=None)
        TraceCode.objects.filter(pk=code.pk).update(
            scan_count=F("scan_count") + 1, first_scanned_at=Coalesce("first_scanned_at", now)
        )
        code = TraceCode.objects.select_for_update().get(pk=code.pk)
        reason = _anomaly(code=code, lat=lat, lng=lng) if serial else ""
        if reason and not code.flagged:
            code.flagged, code.flag_reason = True, reason
            code.save(update_fields=["flagged", "flag_reason"])
    return ScanResult(counted=True, code=code)


def _anomaly(*, code: TraceCode, lat: Decimal | None, lng: Decimal | None) -> str:
    if code.status == TraceCode.Status.SOLD:
        return FLAG_AFTER_SOLD
    if code.scan_count > settings.TRACE_FLAG_SCAN_COUNT:
        return FLAG_MANY_SCANS
    if lat is not None:
        since = timezone.now() - datetime.timedelta(hours=settings.TRACE_FLAG_FAR_HOURS)
        places = (
            Scan.objects.filter(code=code, at__gte=since, latitude__isnull=False)
            .values_list("latitude", "longitude")
            .distinct()[:200]
        )
        far = settings.TRACE_FLAG_FAR_KM
        if any(_km_between((lat, lng), place) > far for place in places):
            return FLAG_FAR_APART
    return ""
