"""Label sheets on the database side: what goes on a lot's labels, and the background job
that renders them (``label_tasks``) with its progress."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone

from catalog.models import Certification
from traceability import labels
from traceability.gs1 import build_digital_link
from traceability.models import LabelJob, Lot, TraceCode

logger = logging.getLogger(__name__)

#: A single run's upper bound: 250 A4 sheets of 40.
MAX_LABELS = 10_000


def code_uri(*, gtin: str, lot: str, serial: str = "", base: str = "") -> str:
    """The Digital Link of a lot or serial, on the site's own domain (the resolver): printed
    in the label's QR and written in EPCIS exports."""
    return build_digital_link(
        base=base or settings.SITE_URL, gtin=gtin, lot=lot, serial=serial or None
    )


def lot_ocop_stars(lot: Lot) -> int | None:
    """The product's best OCOP rating valid today, as the shop shows it."""
    return (
        Certification.objects.valid()
        .filter(product=lot.product_id, kind=Certification.Kind.OCOP)
        .aggregate(best=Max("ocop_stars"))["best"]
    )


def label_serials(lot: Lot):
    """The serialised codes that get a label: issued or active, not void or sold."""
    return (
        TraceCode.objects.filter(lot=lot)
        .exclude(serial="")
        .filter(status__in=[TraceCode.Status.ISSUED, TraceCode.Status.ACTIVE])
        .order_by("serial")
    )


def label_count(*, lot: Lot, copies: int) -> int:
    return copies if copies else label_serials(lot).count()


def lot_labels(*, lot: Lot, copies: int = 0) -> Iterator[labels.LabelData]:
    """One label per serial (``copies`` = 0) or ``copies`` labels of the lot-level code."""
    common = {
        "product_name": lot.product.get_title(),
        "producer_name": lot.producer.name,
        "gtin": lot.gtin,
        "lot_code": lot.code,
        "harvest_date": lot.harvest_date,
        "production_date": lot.production_date,
        "expiry_date": lot.expiry_date,
        "best_before": lot.best_before,
        "ocop_stars": lot_ocop_stars(lot),
    }
    if copies:
        uri = code_uri(gtin=lot.gtin, lot=lot.code)
        for _index in range(copies):
            yield labels.LabelData(uri=uri, **common)
        return
    for serial in label_serials(lot).values_list("serial", flat=True).iterator(chunk_size=2000):
        yield labels.LabelData(
            uri=code_uri(gtin=lot.gtin, lot=lot.code, serial=serial), serial=serial, **common
        )


def label_job_request(*, lot: Lot, layout: str, copies: int, user) -> LabelJob:
    return LabelJob.objects.create(
        lot=lot,
        layout=layout,
        copies=copies,
        total=label_count(lot=lot, copies=copies),
        requested_by=user if user is not None and user.is_authenticated else None,
    )


def label_job_build(*, job_id: int) -> LabelJob:
    """Render the job's PDF, saving progress as it goes so the portal's bar moves.

    Not one transaction on purpose: each progress step is committed so other requests see
    it. Safe to run again (a retried task renders the file from scratch).
    """
    job = LabelJob.objects.select_related("lot__product", "lot__producer").get(pk=job_id)
    if job.status == LabelJob.Status.DONE:
        return job
    started = time.monotonic()
    total = label_count(lot=job.lot, copies=job.copies)
    LabelJob.objects.filter(pk=job.pk).update(
        status=LabelJob.Status.RUNNING, total=total, done=0, error=""
    )
    step = max(1, total // 20)

    def progress(done: int) -> None:
        if done % step == 0 or done == total:
            LabelJob.objects.filter(pk=job.pk).update(done=done)

    try:
        pdf = labels.render_label_sheets(
            lot_labels(lot=job.lot, copies=job.copies), layout=job.layout, on_label=progress
        )
    except Exception as error:
        logger.exception("Label job %s failed", job.pk)
        LabelJob.objects.filter(pk=job.pk).update(
            status=LabelJob.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    job.file.save(f"labels-{job.lot.gtin}-{job.lot.code}-{stamp}.pdf", ContentFile(pdf), save=False)
    job.status = LabelJob.Status.DONE
    job.done = job.total = total
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "done", "total", "finished_at"])
    logger.info(
        "Label job %s: %s labels, %s bytes in %.2f s",
        job.pk,
        total,
        len(pdf),
        time.monotonic() - started,
    )
    return job
