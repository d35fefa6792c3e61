"""Payment records: what is owed by bank transfer, what the bank feed said, and card payments.

Money is integer VND. Every external event (bank notification, Stripe event) is stored raw
first and is unique on the provider's own id, so a repeated delivery can never pay twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PaymentRequest(models.Model):
    """An amount to be paid by VietQR transfer with a reference: an online order or a sale."""

    class Kind(models.TextChoices):
        ORDER = "order", _("Online order")
        STALL_SALE = "stall_sale", _("Market stall sale")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        UNDERPAID = "underpaid", _("Underpaid")
        OVERPAID = "overpaid", _("Overpaid")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    amount_received = models.PositiveBigIntegerField(_("amount received (VND)"), default=0)
    bank_bin = models.CharField(_("bank BIN"), max_length=6)
    account_number = models.CharField(_("account number"), max_length=19)
    account_holder = models.CharField(_("account holder"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=25, blank=True)
    order_number = models.CharField(_("order number"), max_length=128, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"], name="payreq_status_expiry")]
        permissions = [("record_cash_payment", _("Can record cash received for an order"))]
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")

    def __str__(self) -> str:
        return f"{self.reference} · {self.amount} ₫"


class BankFeedDelivery(models.Model):
    """One accepted webhook request or statement file, kept once exactly as it arrived.

    Its transactions are ``BankFeedEvent`` rows pointing here, so a delivery of 100
    transactions stores its body once, not 100 times.
    """

    provider = models.CharField(_("provider"), max_length=20)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    raw_body = models.TextField(_("raw body"))
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(_("remote address"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported or let through by"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("bank feed delivery")
        verbose_name_plural = _("bank feed deliveries")

    def __str__(self) -> str:
        return f"{self.provider} {self.received_at:%Y-%m-%d %H:%M}"


class BankFeedEvent(models.Model):
    """One bank transaction (from a webhook or a statement row), stored before anything else."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        MATCHED = "matched", _("Matched")
        UNDERPAID = "underpaid", _("Underpaid")
        OVERPAID = "overpaid", _("Overpaid")
        LATE = "late", _("Refund due: the payment was closed or already paid")
        UNMATCHED = "unmatched", _("Unmatched: needs a person")
        AMBIGUOUS = "ambiguous", _("Ambiguous: needs a person")
        DUPLICATE = "duplicate", _("Same bank transaction reported twice")
        RESOLVED = "resolved", _("Counted by staff")
        REFUNDED = "refunded", _("Refunded to the sender")
        IGNORED = "ignored", _("Ignored (not incoming money)")

    provider = models.CharField(_("provider"), max_length=20)
    transaction_id = models.CharField(_("transaction id"), max_length=100)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    delivery = models.ForeignKey(
        BankFeedDelivery,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("delivery"),
    )
    raw = models.JSONField(_("transaction as received"), default=dict, blank=True)
    payment_code = models.CharField(
        _("payment code"),
        max_length=100,
        blank=True,
        help_text=_("The reference the aggregator itself found in the transfer, if any."),
    )
    bank_code = models.CharField(_("bank"), max_length=50, blank=True)
    account_number = models.CharField(_("account number"), max_length=30, blank=True)
    sub_account = models.CharField(
        _("virtual account"),
        max_length=30,
        blank=True,
        help_text=_("The virtual account of a collection account the money went to, if any."),
    )
    amount = models.BigIntegerField(_("amount (VND)"), default=0)
    content = models.TextField(_("transfer content"), blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    transacted_at = models.DateTimeField(_("transaction time"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    payment_request = models.ForeignKey(
        PaymentRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_events",
        verbose_name=_("payment request"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copy of"),
    )
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "transaction_id"], name="bankfeed_unique_transaction"
            )
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="bankfeed_status"),
            # Finding the same bank transaction reported by another channel.
            models.Index(
                fields=["bank_reference"],
                name="bankfeed_bank_reference",
                condition=~models.Q(bank_reference=""),
            ),
            models.Index(fields=["amount", "transacted_at"], name="bankfeed_amount_time"),
        ]
        permissions = [
            ("resolve_bankfeedevent", _("Can decide what happens to a bank transfer")),
            ("import_bank_statement", _("Can import bank statements")),
        ]
        verbose_name = _("bank feed event")
        verbose_name_plural = _("bank feed events")

    def __str__(self) -> str:
        return f"{self.provider}:{self.transaction_id}"

    def set_status(self, status: str, note: str, actor=None) -> None:
        """Move to ``status`` and write the audit log entry saying why (and who)."""
        ReconciliationLog.objects.create(
            event=self, actor=actor, from_status=self.status, to_status=status, note=note
        )
        self.status = status
        self.processed_at = timezone.now()
        self.save(update_fields=["status", "processed_at", "payment_request", "duplicate_of"])


class BankFeedRejection(models.Model):
    """A webhook request (or one transaction of it) refused, kept for investigation.

    A delivery refused only because its timestamp was stale keeps its whole body and
    signature, so staff can check the signature again and let it through.
    """

    class Reason(models.TextChoices):
        NOT_CONFIGURED = "not_configured", _("No secret configured")
        TOO_LARGE = "too_large", _("Body too large")
        CONTENT_TYPE = "content_type", _("Not JSON")
        STALE = "stale", _("Timestamp too old or in the future")
        SIGNATURE = "signature", _("Bad signature")
        MALFORMED = "malformed", _("Malformed delivery")
        TRANSACTION = "transaction", _("Malformed transaction")

    provider = models.CharField(_("provider"), max_length=20)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    reason_code = models.CharField(
        _("kind"), max_length=20, choices=Reason.choices, default=Reason.MALFORMED
    )
    reason = models.CharField(_("reason"), max_length=200)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    raw_body = models.TextField(_("raw body"), blank=True)
    remote_addr = models.GenericIPAddressField(_("remote address"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("let through"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("let through by"),
    )
    delivery = models.ForeignKey(
        BankFeedDelivery,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery stored when let through"),
    )

    class Meta:
        ordering = ["-received_at"]
        permissions = [
            ("accept_bankfeedrejection", _("Can let a delayed bank delivery through")),
        ]
        verbose_name = _("rejected bank feed request")
        verbose_name_plural = _("rejected bank feed requests")

    def __str__(self) -> str:
        return f"{self.provider} {self.received_at:%Y-%m-%d %H:%M}: {self.reason}"


class ReconciliationLog(models.Model):
    """Audit trail: every status change of a bank event, by the system or by a person."""

    event = models.ForeignKey(
        BankFeedEvent, on_delete=models.CASCADE, related_name="log", verbose_name=_("event")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("reconciliation log entry")
        verbose_name_plural = _("reconciliation log")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.from_status or '-'} → {self.to_status}"


class StripeEvent(models.Model):
    """A verified Stripe webhook event, processed once by its event id."""

    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class CardPayment(models.Model):
    """A Stripe PaymentIntent for an order; paid only on the signed webhook."""

    class Status(models.TextChoices):
        REQUIRES_PAYMENT = "requires_payment", _("Waiting for card")
        REQUIRES_ACTION = "requires_action", _("Waiting for 3-D Secure")
        SUCCEEDED = "succeeded", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Cancelled")

    order_number = models.CharField(_("order number"), max_length=128, db_index=True)
    payment_intent_id = models.CharField(_("PaymentIntent id"), max_length=255, unique=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    amount_refunded = models.PositiveBigIntegerField(_("refunded (VND)"), default=0)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.REQUIRES_PAYMENT
    )
    refund_due = models.BooleanField(
        _("refund due"),
        default=False,
        help_text=_("Paid for an order that was already closed or paid: give the money back."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("refund_cardpayment", _("Can refund card payments"))]
        verbose_name = _("card payment")
        verbose_name_plural = _("card payments")

    def __str__(self) -> str:
        return f"{self.order_number} · {self.payment_intent_id} · {self.amount} ₫"


class CardRefund(models.Model):
    payment = models.ForeignKey(
        CardPayment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    stripe_refund_id = models.CharField(_("Stripe refund id"), max_length=255, unique=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("by")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("card refund")
        verbose_name_plural = _("card refunds")

    def __str__(self) -> str:
        return f"{self.stripe_refund_id} · {self.amount} ₫"
