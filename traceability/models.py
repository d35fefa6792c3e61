"""Lots, trace codes, EPCIS 2.0 events and scans.

A ``Lot`` is one batch of one product (GTIN) from one producer. ``TraceCode`` rows are the
codes printed on labels: one lot-level code (no serial) and any number of serialised codes.
``TraceEvent`` follows EPCIS 2.0 (ObjectEvent / TransformationEvent, CBV bizSteps). ``Scan``
is one look at the public scan page (no raw IP is kept; the client is a salted hash).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Lot(models.Model):
    class Unit(models.TextChoices):
        KG = "kg", _("kg")
        GRAM = "g", _("g")
        PACKAGE = "package", _("packages")
        BOX = "box", _("boxes")
        LITRE = "l", _("litres")

    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.PROTECT,
        related_name="lots",
        verbose_name=_("product"),
    )
    producer = models.ForeignKey(
        "catalog.Producer",
        on_delete=models.PROTECT,
        related_name="lots",
        verbose_name=_("producer"),
    )
    gtin = models.CharField(
        _("GTIN"), max_length=14, help_text=_("14 digits, check digit included.")
    )
    code = models.CharField(
        _("lot code"), max_length=20, help_text=_("Printed on the label; unique per GTIN.")
    )
    growing_area = models.CharField(_("growing plot or area"), max_length=200, blank=True)
    harvest_date = models.DateField(_("harvest date"), null=True, blank=True)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    best_before = models.DateField(_("best before"), null=True, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.KG)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["gtin", "code"], name="lot_code_per_gtin")]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self) -> str:
        return f"{self.gtin} · {self.code}"


class TraceCode(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        ACTIVE = "active", _("Active")
        SOLD = "sold", _("Sold")
        VOID = "void", _("Void")

    lot = models.ForeignKey(
        Lot, on_delete=models.CASCADE, related_name="codes", verbose_name=_("lot")
    )
    gtin = models.CharField(_("GTIN"), max_length=14)
    lot_code = models.CharField(_("lot code"), max_length=20)
    # Empty for the lot-level code; otherwise an unguessable serial (AI 21).
    serial = models.CharField(_("serial"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    first_scanned_at = models.DateTimeField(_("first scanned at"), null=True, blank=True)
    scan_count = models.PositiveIntegerField(_("scans"), default=0)
    flagged = models.BooleanField(_("flagged"), default=False)
    flag_reason = models.CharField(_("why flagged"), max_length=200, blank=True)
    # Which job issued the code: a pointer for label sheets, not an invariant. No database
    # constraint, so a 100,000-code COPY skips 100,000 foreign-key checks (Django still sets
    # it to NULL when a job is deleted).
    issue_job = models.ForeignKey(
        "IssueJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="codes",
        db_constraint=False,
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["lot", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["gtin", "lot_code", "serial"], name="trace_code_unique")
        ]
        verbose_name = _("trace code")
        verbose_name_plural = _("trace codes")

    def __str__(self) -> str:
        return f"{self.gtin}/{self.lot_code}/{self.serial or '-'}"

    @property
    def flag_label(self) -> str:
        """Why the code was flagged, in words (``flag_reason`` holds a short key)."""
        labels = {
            "many_scans": _("Scanned many more times than one package would be"),
            "far_apart": _("Scanned in places far apart within a short time"),
            "after_sold": _("Scanned again after it was marked sold"),
        }
        return str(labels.get(self.flag_reason, self.flag_reason))


class IssueJob(models.Model):
    """A background job issuing N serialised codes for a lot (progress shown in the portal)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    lot = models.ForeignKey(
        Lot, on_delete=models.CASCADE, related_name="issue_jobs", verbose_name=_("lot")
    )
    requested = models.PositiveIntegerField(_("codes requested"))
    done = models.PositiveIntegerField(_("codes issued"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("code issue job")
        verbose_name_plural = _("code issue jobs")

    def __str__(self) -> str:
        return f"{self.lot} · {self.done}/{self.requested}"


class TraceEvent(models.Model):
    """One EPCIS 2.0 event about lots (ObjectEvent or TransformationEvent)."""

    class Type(models.TextChoices):
        OBJECT = "ObjectEvent", _("Object event")
        TRANSFORMATION = "TransformationEvent", _("Transformation event")

    class Action(models.TextChoices):
        ADD = "ADD", _("Add")
        OBSERVE = "OBSERVE", _("Observe")
        DELETE = "DELETE", _("Delete")

    class BizStep(models.TextChoices):
        COMMISSIONING = "commissioning", _("Harvested / created")
        INSPECTING = "inspecting", _("Inspected")
        PACKING = "packing", _("Packed")
        STORING = "storing", _("Stored")
        SHIPPING = "shipping", _("Shipped")
        RECEIVING = "receiving", _("Received")
        RETAIL_SELLING = "retail_selling", _("Sold in a shop")
        TRANSFORMING = "transforming", _("Processed")

    event_type = models.CharField(_("event type"), max_length=20, choices=Type.choices)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices, blank=True)
    biz_step = models.CharField(_("business step"), max_length=20, choices=BizStep.choices)
    disposition = models.CharField(_("disposition"), max_length=40, blank=True)
    event_time = models.DateTimeField(_("event time"))
    time_zone_offset = models.CharField(_("time-zone offset"), max_length=6, default="+07:00")
    location_name = models.CharField(_("business location"), max_length=200, blank=True)
    location_id = models.CharField(
        _("location identifier"), max_length=200, blank=True, help_text=_("A GLN or URI, if any.")
    )
    lots = models.ManyToManyField(
        Lot, blank=True, related_name="events", verbose_name=_("lots (object event)")
    )
    input_lots = models.ManyToManyField(
        Lot, blank=True, related_name="consumed_by", verbose_name=_("input lots")
    )
    output_lots = models.ManyToManyField(
        Lot, blank=True, related_name="produced_by", verbose_name=_("output lots")
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        _("recorded by"),
        max_length=100,
        blank=True,
        help_text=_("Producer portal or partner import."),
    )
    event_id = models.CharField(_("event ID"), max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["event_time", "pk"]
        verbose_name = _("trace event")
        verbose_name_plural = _("trace events")

    def __str__(self) -> str:
        return f"{self.get_biz_step_display()} · {self.event_time:%Y-%m-%d}"


class Scan(models.Model):
    """One look at the public scan page for a code."""

    code = models.ForeignKey(
        TraceCode, on_delete=models.CASCADE, null=True, blank=True, related_name="scans"
    )
    gtin = models.CharField(_("GTIN"), max_length=14)
    lot_code = models.CharField(_("lot code"), max_length=20, blank=True)
    serial = models.CharField(_("serial"), max_length=20, blank=True)
    at = models.DateTimeField(_("scanned at"), auto_now_add=True, db_index=True)
    client_hash = models.CharField(_("client (hashed)"), max_length=64)
    latitude = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    longitude = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")

    def __str__(self) -> str:
        return f"{self.gtin}/{self.lot_code}/{self.serial or '-'} · {self.at:%Y-%m-%d %H:%M}"


class LabelJob(models.Model):
    """A label-sheet PDF for one lot, built in the background, with its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Layout(models.TextChoices):
        # Keys of traceability.labels.LAYOUTS.
        A4_24 = "a4-24", _("A4, 24 labels 70 × 37 mm")
        A4_21 = "a4-21", _("A4, 21 labels 70 × 42.3 mm")
        A4_40 = "a4-40", _("A4, 40 labels 48.5 × 25.4 mm")

    lot = models.ForeignKey(
        Lot, on_delete=models.CASCADE, related_name="label_jobs", verbose_name=_("lot")
    )
    layout = models.CharField(
        _("label sheet"), max_length=10, choices=Layout.choices, default=Layout.A4_24
    )
    # 0: one label per serialised code of the lot; N: N copies of the lot-level code.
    copies = models.PositiveIntegerField(_("copies of the lot code"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("labels"), default=0)
    done = models.PositiveIntegerField(_("labels done"), default=0)
    file = models.FileField(_("PDF"), upload_to="labels/", blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("label job")
        verbose_name_plural = _("label jobs")

    def __str__(self) -> str:
        return f"{self.lot} · {self.layout} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
