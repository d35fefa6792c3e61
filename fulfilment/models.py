"""Fulfilment groups (each producer's share of an order) and the append-only payout ledger.

Money is integer VND. A fulfilment group holds the order lines whose stock record belongs to
one producer's partner; the producer packs and ships only those. The payout ledger says what
the platform owes each producer: sales, minus the platform fee, minus refunds, minus payouts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FulfilmentGroup(models.Model):
    """One producer's part of an order, with its own status."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        PACKED = "packed", _("Packed")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    # Which status may follow which; anything else is refused.
    TRANSITIONS = {
        Status.NEW: (Status.PACKED, Status.CANCELLED),
        Status.PACKED: (Status.SHIPPED, Status.CANCELLED),
        Status.SHIPPED: (Status.DELIVERED,),
        Status.DELIVERED: (),
        Status.CANCELLED: (),
    }

    order = models.ForeignKey(
        "order.Order",
        on_delete=models.CASCADE,
        related_name="fulfilment_groups",
        verbose_name=_("order"),
    )
    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="fulfilment_groups",
        verbose_name=_("partner"),
    )
    lines = models.ManyToManyField(
        "order.Line",
        through="FulfilmentLine",
        related_name="fulfilment_groups",
        verbose_name=_("lines"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    items_total = models.PositiveBigIntegerField(_("items total (VND)"), default=0)
    num_items = models.PositiveIntegerField(_("number of items"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    packed_at = models.DateTimeField(_("packed"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "partner"], name="fulfilment_one_group_per_partner"
            )
        ]
        indexes = [models.Index(fields=["partner", "status"], name="fulfilment_partner_status")]
        verbose_name = _("fulfilment group")
        verbose_name_plural = _("fulfilment groups")

    def __str__(self) -> str:
        return f"{self.order.number} · {self.partner}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.PACKED)


class FulfilmentLine(models.Model):
    """An order line in its group; a line belongs to exactly one group."""

    group = models.ForeignKey(FulfilmentGroup, on_delete=models.CASCADE, related_name="items")
    line = models.OneToOneField(
        "order.Line", on_delete=models.CASCADE, related_name="fulfilment_item"
    )

    class Meta:
        verbose_name = _("fulfilment line")
        verbose_name_plural = _("fulfilment lines")

    def __str__(self) -> str:
        return f"{self.group_id} · {self.line_id}"


class FulfilmentEvent(models.Model):
    """Audit trail: each status change of a group and who made it."""

    group = models.ForeignKey(FulfilmentGroup, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("fulfilment event")
        verbose_name_plural = _("fulfilment events")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class LedgerAppendOnly(Exception):
    """Raised when code tries to change or delete a ledger entry."""


class PayoutEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerAppendOnly("Payout entries cannot be changed; add a correcting entry.")

    def delete(self):
        raise LedgerAppendOnly("Payout entries cannot be deleted; add a correcting entry.")


class PayoutEntry(models.Model):
    """One signed amount owed to (positive) or taken from (negative) a producer. Append-only."""

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        FEE = "fee", _("Platform fee")
        FEE_RETURN = "fee_return", _("Platform fee returned")
        REFUND = "refund", _("Refund")
        PAYOUT = "payout", _("Payout")

    producer = models.ForeignKey(
        "catalog.Producer",
        on_delete=models.PROTECT,
        related_name="payout_entries",
        verbose_name=_("producer"),
    )
    order_number = models.CharField(_("order number"), max_length=128, blank=True, db_index=True)
    fulfilment_group = models.ForeignKey(
        FulfilmentGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payout_entries",
        verbose_name=_("fulfilment group"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.BigIntegerField(_("amount (VND)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = PayoutEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A sale, its fee and the fee's return are written once per producer and order,
            # however many times the payment confirmation arrives.
            models.UniqueConstraint(
                fields=["producer", "order_number", "kind"],
                condition=Q(kind__in=["sale", "fee", "fee_return"]),
                name="payout_once_per_order",
            ),
        ]
        indexes = [models.Index(fields=["producer", "created_at"], name="payout_producer_time")]
        permissions = [("record_payout", _("Can record payouts and refunds to producers"))]
        verbose_name = _("payout ledger entry")
        verbose_name_plural = _("payout ledger")

    def __str__(self) -> str:
        return f"{self.producer} · {self.kind} · {self.amount} ₫"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise LedgerAppendOnly("Payout entries cannot be changed; add a correcting entry.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerAppendOnly("Payout entries cannot be deleted; add a correcting entry.")
