"""Viet Nam's two levels of local government, Chợ 4.0 markets, their stalls, the stall QR
registry, the stall audit trail, fake-QR alerts and standee print jobs.

Since 1 July 2025 Viet Nam has provinces and communes/wards (districts were abolished and many
units merged). Each unit keeps the names it had before as plain labels (``former_district``,
``former_province``) so pre-2025 figures ("Hùng Sơn market, Đại Từ district") still read right.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from payments.banks import (
    BankAccountError,
    bank_choices,
    get_bank,
    normalize_holder_name,
    validate_account,
)

# --- Places --------------------------------------------------------------------------------


class Province(models.Model):
    """A province or centrally-run city (tỉnh / thành phố), as of the current unit list."""

    code = models.CharField(
        _("official code"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The statistics office's code; unit lists are loaded by this code."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    former_names = models.CharField(
        _("formerly"),
        max_length=255,
        blank=True,
        help_text=_("Provinces merged into this one, e.g. “Tỉnh Thái Nguyên, Tỉnh Bắc Kạn”."),
    )
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="official_provinces",
        verbose_name=_("provincial officials"),
        help_text=_("They see every market of the province, read only."),
    )
    cho40_target = models.PositiveIntegerField(
        _("Chợ 4.0 market target"),
        null=True,
        blank=True,
        help_text=_("How many Chợ 4.0 markets the province aims for, e.g. 60."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune, ward or special zone: the level right under the province since 2025."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        SPECIAL_ZONE = "special_zone", _("Special zone")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    code = models.CharField(_("official code"), max_length=10, unique=True, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    former_district = models.CharField(
        _("former district"),
        max_length=150,
        blank=True,
        help_text=_("The district it belonged to before 1 July 2025, e.g. “Huyện Đại Từ”."),
    )
    former_province = models.CharField(
        _("former province"),
        max_length=100,
        blank=True,
        help_text=_("The province it belonged to before 1 July 2025, if different."),
    )

    class Meta:
        ordering = ["province__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "slug"], name="commune_unique_slug_2025")
        ]
        verbose_name = _("commune / ward")
        verbose_name_plural = _("communes / wards")

    def __str__(self) -> str:
        return self.name

    @property
    def former_label(self) -> str:
        """ "Huyện Đại Từ" or "Huyện Pác Nặm, Tỉnh Bắc Kạn": where it was before 2025."""
        return ", ".join(part for part in (self.former_district, self.former_province) if part)


# --- Markets and stalls -----------------------------------------------------------------------


class Market(models.Model):
    name = models.CharField(_("market name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="markets", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_days = models.CharField(
        _("opening days"), max_length=150, blank=True, help_text=_("For example: daily, 5am–6pm")
    )
    cashless_launch_date = models.DateField(_("Chợ 4.0 launch date"), null=True, blank=True)
    board_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="boarded_markets",
        verbose_name=_("board members"),
    )
    digital_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supported_markets",
        verbose_name=_("community digital team members"),
        help_text=_("They register and edit stalls for this market."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("market")
        verbose_name_plural = _("markets")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("market:detail", kwargs={"slug": self.slug})


class GoodsCategory(models.TextChoices):
    """What a stall sells; the public market page groups stalls by it."""

    TEA = "tea", _("Tea")
    VEGETABLES = "vegetables", _("Vegetables")
    FRUIT = "fruit", _("Fruit")
    MEAT = "meat", _("Meat")
    POULTRY_EGGS = "poultry_eggs", _("Poultry and eggs")
    FISH = "fish", _("Fish and seafood")
    RICE = "rice", _("Rice and grains")
    SPECIALITIES = "specialities", _("Local specialities")
    FOOD = "food", _("Cooked food and drinks")
    GROCERIES = "groceries", _("Groceries")
    CLOTHING = "clothing", _("Clothing and fabric")
    HOUSEHOLD = "household", _("Household goods")
    OTHER = "other", _("Other")


STALL_CODE_HELP = _("Letters, digits and dashes, e.g. HS-01.")


class Stall(models.Model):
    market = models.ForeignKey(
        Market, on_delete=models.PROTECT, related_name="stalls", verbose_name=_("market")
    )
    code = models.CharField(_("stall code"), max_length=20, help_text=STALL_CODE_HELP)
    name = models.CharField(_("stall name"), max_length=150)
    goods_category = models.CharField(
        _("goods category"),
        max_length=20,
        choices=GoodsCategory.choices,
        default=GoodsCategory.OTHER,
    )
    stallholder_name = models.CharField(
        _("stallholder's name"),
        max_length=100,
        blank=True,
        help_text=_("Family name first, as on the ID card: Nguyễn Thị Hoa."),
    )
    stallholder_phone = models.CharField(_("stallholder's phone"), max_length=20, blank=True)
    stallholder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stalls",
        verbose_name=_("stallholder's account"),
        help_text=_("The sign-in account the stallholder uses on their phone, if any."),
    )
    # Where shoppers' transfers go: a NAPAS bank (BIN), account number and holder name.
    bank_bin = models.CharField(_("bank"), max_length=6, blank=True, choices=bank_choices)
    account_number = models.CharField(_("account number"), max_length=19, blank=True)
    account_holder = models.CharField(
        _("account holder"),
        max_length=70,
        blank=True,
        help_text=_("As the bank prints it: upper case, no accents."),
    )
    virtual_account = models.CharField(
        _("virtual account"),
        max_length=19,
        blank=True,
        help_text=_(
            "Only for markets with one collection account and a virtual account per stall: "
            "the stall's QR then carries this number."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["market__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["market", "code"], name="stall_unique_code"),
            models.CheckConstraint(
                condition=Q(is_active=True, closed_on__isnull=True)
                | Q(is_active=False, closed_on__isnull=False),
                name="stall_closed_has_date",
            ),
        ]
        verbose_name = _("stall")
        verbose_name_plural = _("stalls")

    def __str__(self) -> str:
        return f"{self.market.name} · {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("market:stall", kwargs={"slug": self.market.slug, "code": self.code})

    @property
    def has_bank_account(self) -> bool:
        return bool(self.bank_bin and self.account_number)

    @property
    def qr_account(self) -> str:
        """The account number a shopper's transfer goes to: the virtual one when set."""
        return self.virtual_account or self.account_number

    @property
    def bank(self):
        return get_bank(self.bank_bin) if self.bank_bin else None

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip().upper()
        self.account_holder = normalize_holder_name(self.account_holder)
        bank_fields = (self.bank_bin, self.account_number, self.account_holder)
        if any(bank_fields) and not all(bank_fields):
            raise ValidationError(
                _("Give the bank, the account number and the account holder together."),
                code="bank_incomplete",
            )
        if self.virtual_account and not self.bank_bin:
            raise ValidationError(
                {"virtual_account": _("A virtual account needs the bank account it belongs to.")}
            )
        if self.bank_bin:
            for field in ("account_number", "virtual_account"):
                value = getattr(self, field)
                if not value:
                    continue
                try:
                    setattr(self, field, validate_account(self.bank_bin, value))
                except BankAccountError as exc:
                    key = "bank_bin" if exc.code == "unknown_bank" else field
                    message = (
                        _("This bank is not in the NAPAS registry.")
                        if exc.code == "unknown_bank"
                        else _("An account number is 1 to 19 letters or digits.")
                    )
                    raise ValidationError({key: message}) from exc


class StallQR(models.Model):
    """One registered static VietQR of a stall (the QR registry).

    A stall has at most one active code; when its bank account changes a new code is
    registered and the old one is kept, inactive, so a sticker printed earlier can still be
    recognised as "this stall's old account".
    """

    stall = models.ForeignKey(
        Stall, on_delete=models.PROTECT, related_name="qr_codes", verbose_name=_("stall")
    )
    payload = models.CharField(_("VietQR payload"), max_length=512, db_index=True)
    bank_bin = models.CharField(_("bank"), max_length=6)
    account_number = models.CharField(_("account number"), max_length=19)
    verification_code = models.CharField(_("verification code"), max_length=8, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stall"], condition=Q(is_active=True), name="stallqr_one_active"
            )
        ]
        indexes = [models.Index(fields=["bank_bin", "account_number"], name="stallqr_account")]
        verbose_name = _("registered stall QR")
        verbose_name_plural = _("registered stall QRs")

    def __str__(self) -> str:
        return f"{self.stall} · {self.verification_code}"


class StallChange(models.Model):
    """The audit trail of a stall: who changed what, when (old → new). Append-only."""

    class Action(models.TextChoices):
        CREATED = "created", _("Registered")
        UPDATED = "updated", _("Edited")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        IMPORTED = "imported", _("Imported")
        QR_REGISTERED = "qr_registered", _("QR registered")

    stall = models.ForeignKey(
        Stall, on_delete=models.CASCADE, related_name="changes", verbose_name=_("stall")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    actor_name = models.CharField(_("changed by"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # {"field": [old, new], ...} with display values (bank names, not BINs).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("stall change")
        verbose_name_plural = _("stall changes")

    def __str__(self) -> str:
        return f"{self.stall} · {self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Stall changes are append-only.")
        super().save(*args, **kwargs)


# --- Fake-QR alerts ---------------------------------------------------------------------------


class QRVerdict(models.TextChoices):
    REGISTERED = "registered", _("Registered to a stall")
    OLD_ACCOUNT = "old_account", _("A stall's old, replaced QR")
    MISMATCH = "mismatch", _("Account differs from the stall's registered one")
    UNREGISTERED = "unregistered", _("Not a registered stall QR")
    NOT_VIETQR = "not_vietqr", _("Not a VietQR code")


class QRAlert(models.Model):
    """A sticker someone reported from the fake-QR check, for that market's board."""

    market = models.ForeignKey(
        Market, on_delete=models.CASCADE, related_name="qr_alerts", verbose_name=_("market")
    )
    stall = models.ForeignKey(
        Stall,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qr_alerts",
        verbose_name=_("stall"),
    )
    verdict = models.CharField(_("check result"), max_length=20, choices=QRVerdict.choices)
    payload = models.CharField(_("scanned payload"), max_length=512)
    note = models.CharField(_("note"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fake-QR alert")
        verbose_name_plural = _("fake-QR alerts")

    def __str__(self) -> str:
        return f"{self.market} · {self.get_verdict_display()}"


# --- Standee print jobs -----------------------------------------------------------------------


class StandeeSize(models.TextChoices):
    A6 = "A6", _("A6 (105 × 148 mm)")
    A5 = "A5", _("A5 (148 × 210 mm)")


class StandeeBatch(models.Model):
    """A whole-market standee PDF built in the background, with its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    market = models.ForeignKey(
        Market, on_delete=models.CASCADE, related_name="standee_batches", verbose_name=_("market")
    )
    size = models.CharField(_("page size"), max_length=2, choices=StandeeSize.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("stalls"), default=0)
    done = models.PositiveIntegerField(_("pages done"), default=0)
    file = models.FileField(_("PDF"), upload_to="standees/", blank=True)
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
        verbose_name = _("standee batch")
        verbose_name_plural = _("standee batches")

    def __str__(self) -> str:
        return f"{self.market} · {self.size} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


# --- Sales: what each stall took, confirmed by the bank feed or recorded as cash --------------


class StallCharge(models.Model):
    """A per-sale dynamic QR shown on the stallholder's phone: an amount with its own short
    reference (a payment request), valid for a few minutes."""

    stall = models.ForeignKey(
        Stall, on_delete=models.PROTECT, related_name="charges", verbose_name=_("stall")
    )
    payment_request = models.OneToOneField(
        "payments.PaymentRequest",
        on_delete=models.PROTECT,
        related_name="stall_charge",
        verbose_name=_("payment request"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shown by"),
    )
    created_at = models.DateTimeField(_("shown at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("stall QR charge")
        verbose_name_plural = _("stall QR charges")

    def __str__(self) -> str:
        return f"{self.stall} · {self.payment_request.reference}"


class Sale(models.Model):
    """Money a stall took: written exactly once per bank transfer (dynamic or static QR), by
    the settle service in the transaction that settles it, or per cash entry."""

    class Source(models.TextChoices):
        DYNAMIC_QR = "dynamic_qr", _("QR for this sale")
        STATIC_QR = "static_qr", _("Stall's printed QR")
        CASH = "cash", _("Cash")

    stall = models.ForeignKey(
        Stall, on_delete=models.PROTECT, related_name="sales", verbose_name=_("stall")
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    source = models.CharField(_("paid by"), max_length=12, choices=Source.choices)
    at = models.DateTimeField(_("time"), db_index=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    # Each transfer towards a per-sale QR is a sale of what it brought (an underpaid QR and
    # its top-up are two), so the speaker and the takings count money as it arrives.
    payment_request = models.ForeignKey(
        "payments.PaymentRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stall_sales",
        verbose_name=_("payment request"),
    )
    bank_event = models.OneToOneField(
        "payments.BankFeedEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stall_sale",
        verbose_name=_("bank transfer"),
    )
    # A cash sale carries the id the phone made for it, so a double tap records it once.
    cash_token = models.UUIDField(_("cash entry id"), null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="cash", bank_event__isnull=True, cash_token__isnull=False)
                | (~Q(source="cash") & Q(bank_event__isnull=False, cash_token__isnull=True)),
                name="sale_cash_or_bank_confirmed",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="sale_amount_positive"),
        ]
        indexes = [models.Index(fields=["stall", "at"], name="sale_stall_time")]
        verbose_name = _("stall sale")
        verbose_name_plural = _("stall sales")

    def __str__(self) -> str:
        return f"{self.stall} · {self.amount} ₫ · {self.get_source_display()}"

    @property
    def is_cashless(self) -> bool:
        return self.source != self.Source.CASH


# --- Adoption rollups ----------------------------------------------------------------------
# Dashboards read these rows only (never the sales), so they stay fast with millions of sales.
# ``market.rollups`` writes them: nightly and on demand for whole days, and today's row in the
# transaction that records each sale.


class AdoptionCriteria(models.Model):
    """When a market counts as a Chợ 4.0 market (one row, edited in the admin)."""

    min_qr_share = models.PositiveSmallIntegerField(
        _("stalls with a registered QR (%)"),
        default=90,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    min_paid_30d_share = models.PositiveSmallIntegerField(
        _("stalls with a cashless payment in the last 30 days (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("Chợ 4.0 criteria")
        verbose_name_plural = _("Chợ 4.0 criteria")

    def __str__(self) -> str:
        return _("QR ≥ %(qr)s%%, paid in 30 days ≥ %(paid)s%%") % {
            "qr": self.min_qr_share,
            "paid": self.min_paid_30d_share,
        }

    @classmethod
    def current(cls) -> AdoptionCriteria:
        criteria = cls.objects.order_by("pk").first()
        return criteria if criteria is not None else cls.objects.create()

    def is_met(self, *, stalls: int, stalls_with_qr: int, stalls_paid_30d: int) -> bool:
        if stalls == 0:
            return False
        return (
            stalls_with_qr * 100 >= self.min_qr_share * stalls
            and stalls_paid_30d * 100 >= self.min_paid_30d_share * stalls
        )


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


class AdoptionFigures(models.Model):
    """The figures of one day, shared by a market's and a province's rollup rows."""

    day = models.DateField(_("day"))
    stalls = models.PositiveIntegerField(_("active stalls"), default=0)
    stalls_with_qr = models.PositiveIntegerField(_("stalls with a registered QR"), default=0)
    stalls_paid_7d = models.PositiveIntegerField(
        _("stalls with a cashless payment in the last 7 days"), default=0
    )
    stalls_paid_30d = models.PositiveIntegerField(
        _("stalls with a cashless payment in the last 30 days"), default=0
    )
    cashless_count = models.PositiveIntegerField(_("cashless payments"), default=0)
    cashless_value = models.PositiveBigIntegerField(_("cashless value (VND)"), default=0)
    cash_count = models.PositiveIntegerField(_("cash sales"), default=0)
    cash_value = models.PositiveBigIntegerField(_("cash value (VND)"), default=0)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def cashless_share(self) -> float | None:
        """Share of the day's recorded takings paid cashless, in percent (None: no sales)."""
        return _percent(self.cashless_value, self.cashless_value + self.cash_value)

    @property
    def qr_share(self) -> float | None:
        return _percent(self.stalls_with_qr, self.stalls)

    @property
    def paid_7d_share(self) -> float | None:
        return _percent(self.stalls_paid_7d, self.stalls)

    @property
    def paid_30d_share(self) -> float | None:
        return _percent(self.stalls_paid_30d, self.stalls)


class MarketDay(AdoptionFigures):
    market = models.ForeignKey(
        Market, on_delete=models.CASCADE, related_name="days", verbose_name=_("market")
    )
    is_cho40 = models.BooleanField(_("Chợ 4.0 criteria met"), default=False)

    class Meta:
        ordering = ["market", "day"]
        constraints = [
            models.UniqueConstraint(fields=["market", "day"], name="market_day_unique"),
        ]
        indexes = [models.Index(fields=["day"], name="market_day_day")]
        verbose_name = _("market day figures")
        verbose_name_plural = _("market day figures")

    def __str__(self) -> str:
        return f"{self.market} · {self.day}"


class StallDay(models.Model):
    """One stall's cashless takings of one Viet Nam day, for the board's stall table.

    Written with its market's ``MarketDay`` row, under that row's lock (``market.rollups``):
    by each sale's transaction and by whole-day recomputes. The table sums these rows, one
    per stall and day, so its cost does not grow with the number of sales."""

    stall = models.ForeignKey(
        Stall, on_delete=models.CASCADE, related_name="days", verbose_name=_("stall")
    )
    day = models.DateField(_("day"))
    cashless_count = models.PositiveIntegerField(_("cashless payments"), default=0)
    cashless_value = models.PositiveBigIntegerField(_("cashless value (VND)"), default=0)
    last_cashless_at = models.DateTimeField(_("last cashless payment"), null=True, blank=True)

    class Meta:
        ordering = ["stall", "day"]
        constraints = [models.UniqueConstraint(fields=["stall", "day"], name="stall_day_unique")]
        verbose_name = _("stall day figures")
        verbose_name_plural = _("stall day figures")

    def __str__(self) -> str:
        return f"{self.stall} · {self.day}"


class ProvinceDay(AdoptionFigures):
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="days", verbose_name=_("province")
    )
    markets = models.PositiveIntegerField(_("markets"), default=0)
    cho40_markets = models.PositiveIntegerField(_("Chợ 4.0 markets"), default=0)

    class Meta:
        ordering = ["province", "day"]
        constraints = [
            models.UniqueConstraint(fields=["province", "day"], name="province_day_unique"),
        ]
        verbose_name = _("province day figures")
        verbose_name_plural = _("province day figures")

    def __str__(self) -> str:
        return f"{self.province} · {self.day}"
