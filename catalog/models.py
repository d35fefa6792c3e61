"""Producers, their certifications, and the product search index.

A ``Producer`` is one farmer household, cooperative (HTX) or enterprise, linked one-to-one to
an Oscar ``Partner``: products reach producers through Oscar stock records. Certifications
(OCOP stars, VietGAP, organic, geographical indication / collective mark) belong either to a
producer or to one product. ``ProductSearchEntry`` keeps an accent-free copy of each product's
text so search forgives missing diacritics on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime

import simple_history
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from catalog.validators import validate_certificate_document, validate_picture
from core.images import clean_image_file
from core.text import slugify, unique_slug
from payments.banks import BankAccountError, bank_choices, normalize_holder_name, validate_account

OCOP_VALID_MONTHS = 36


def today() -> datetime.date:
    """Today in Viet Nam (TIME_ZONE), the day certificates are judged against."""
    return timezone.localdate()


class Producer(models.Model):
    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Household")
        COOPERATIVE = "cooperative", _("Cooperative")
        ENTERPRISE = "enterprise", _("Enterprise")

    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.PROTECT, related_name="producer"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    # Made once from the name (ASCII, unique) and kept when the producer is renamed, so
    # printed links and QR codes keep working; an edited slug leaves a redirect behind.
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    story = models.TextField(_("story"), blank=True)
    photo = models.ImageField(
        _("photo"), upload_to="producers/", blank=True, validators=[validate_picture]
    )
    # Where the producer is, in today's two levels (province, commune/ward). The commune's
    # ``former_district`` says which district that was before 2025.
    province = models.ForeignKey(
        "market.Province",
        on_delete=models.PROTECT,
        related_name="producers",
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        "market.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("commune / ward"),
    )
    former_district = models.CharField(
        _("former district"),
        max_length=150,
        blank=True,
        help_text=_("Before 2025, when no commune is set (a commune carries its own)."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # A household's phone is often a farmer's own mobile: shown on the public producer page
    # only when the producer chose so.
    show_phone_publicly = models.BooleanField(
        _("show the phone on the public producer page"),
        default=False,
        help_text=_("Leave unticked to keep the phone number for the shop's staff only."),
    )
    is_verified = models.BooleanField(_("verified"), default=False)
    # Where the producer's payouts go: a NAPAS bank (BIN), account number and holder name.
    bank_bin = models.CharField(_("bank"), max_length=6, blank=True, choices=bank_choices)
    account_number = models.CharField(_("account number"), max_length=19, blank=True)
    account_holder = models.CharField(
        _("account holder"),
        max_length=100,
        blank=True,
        help_text=_("As the bank prints it: upper case, no accents."),
    )
    assistants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assisted_producers",
        verbose_name=_("community digital team members"),
        help_text=_("Community digital team members who may act for this producer."),
    )

    # Every change (the payout bank account above all) is kept with who made it and when:
    # django-simple-history, its request middleware and the admin's history page.
    history = HistoricalRecords(excluded_fields=["story", "photo"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        strip_image_metadata(self.photo)
        self.account_holder = normalize_holder_name(self.account_holder)
        if not self.slug:
            self.slug = unique_slug(
                slugify(self.name) or "producer",
                taken=lambda s: (
                    Producer.objects.filter(slug=s).exclude(pk=self.pk).exists()
                    or ProducerSlugRedirect.objects.filter(old_slug=s).exists()
                ),
                max_length=200,
            )
        previous = None
        if self.pk:
            previous = Producer.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        if previous and previous != self.slug:
            ProducerSlugRedirect.objects.update_or_create(
                old_slug=previous, defaults={"producer": self}
            )
            ProducerSlugRedirect.objects.filter(old_slug=self.slug).delete()

    def get_absolute_url(self) -> str:
        return reverse("catalog:producer-detail", kwargs={"slug": self.slug})

    @property
    def public_phone(self) -> str:
        """The phone as the public may see it: only when the producer chose to show it."""
        return self.phone if self.show_phone_publicly else ""

    @property
    def district_label(self) -> str:
        """The district before 2025 ("Huyện Đại Từ"), for history and pre-2025 figures."""
        if self.commune_id is not None and self.commune.former_district:
            return self.commune.former_district
        return self.former_district

    @property
    def place_label(self) -> str:
        """ "Xã La Bằng, Tỉnh Thái Nguyên": today's commune (if known) and province."""
        parts = [self.commune.name] if self.commune_id is not None else []
        return ", ".join([*parts, self.province.name])

    @property
    def has_bank_account(self) -> bool:
        return bool(self.bank_bin and self.account_number)

    def clean(self):
        super().clean()
        if self.commune_id is not None and self.province_id is not None:
            if self.commune.province_id != self.province_id:
                raise ValidationError(
                    {"commune": _("This commune is in another province.")}, code="commune_province"
                )
        self.account_holder = normalize_holder_name(self.account_holder)
        bank_fields = (self.bank_bin, self.account_number, self.account_holder)
        if any(bank_fields) and not all(bank_fields):
            raise ValidationError(
                _("Give the bank, the account number and the account holder together."),
                code="bank_incomplete",
            )
        if self.bank_bin:
            try:
                self.account_number = validate_account(self.bank_bin, self.account_number)
            except BankAccountError as exc:
                field = "bank_bin" if exc.code == "unknown_bank" else "account_number"
                message = (
                    _("This bank is not in the NAPAS registry.")
                    if exc.code == "unknown_bank"
                    else _("An account number is 1 to 19 letters or digits.")
                )
                raise ValidationError({field: message}) from exc


def strip_image_metadata(field_file) -> None:
    """Replace a just-uploaded picture (not a PDF) by its clean copy: upright, no EXIF or GPS
    (core.images). Files already stored are left alone."""
    if not field_file or getattr(field_file, "_committed", True):
        return
    name = field_file.name or ""
    if name.lower().endswith(".pdf"):
        return
    cleaned = clean_image_file(field_file.file)
    field_file.save(name.rsplit("/", 1)[-1], cleaned, save=False)


class ProducerSlugRedirect(models.Model):
    """An old producer address that now redirects to the producer's current page."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="slug_redirects")
    old_slug = models.SlugField(_("old slug"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("producer address redirect")
        verbose_name_plural = _("producer address redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.producer.slug}"


class CertificationQuerySet(models.QuerySet):
    def valid(self, on: datetime.date | None = None):
        """Certificates in force on ``on`` (today by default): issued, and not expired."""
        on = on or today()
        return self.filter(issued_on__lte=on).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on)
        )

    def expired(self, on: datetime.date | None = None):
        return self.filter(valid_until__lt=on or today())


class Certification(models.Model):
    """A certificate held by a producer or by one product, with its document."""

    class Kind(models.TextChoices):
        OCOP = "ocop", _("OCOP")
        VIETGAP = "vietgap", _("VietGAP")
        ORGANIC = "organic", _("Organic")
        GI = "gi", _("Geographical indication / collective mark")

    producer = models.ForeignKey(
        Producer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name=_("producer"),
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name=_("product"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ocop_stars = models.PositiveSmallIntegerField(
        _("OCOP stars"), null=True, blank=True, choices=[(n, f"{n}★") for n in (3, 4, 5)]
    )
    name = models.CharField(
        _("name or mark"),
        max_length=200,
        blank=True,
        help_text=_('For example "Tân Cương" or "Chè Thái Nguyên".'),
    )
    certificate_number = models.CharField(_("certificate number"), max_length=100)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"))
    # Last day the certificate is in force. OCOP: computed, 36 months after issue. Others:
    # the expiry printed on the certificate, or empty when it has none.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="certifications/%Y/",
        validators=[validate_certificate_document],
        help_text=_("PDF or image (JPEG, PNG, WebP), at most 10 MB."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-issued_on"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(producer__isnull=False, product__isnull=True)
                    | models.Q(producer__isnull=True, product__isnull=False)
                ),
                name="certification_one_holder",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="ocop",
                        ocop_stars__isnull=False,
                        ocop_stars__gte=3,
                        ocop_stars__lte=5,
                    )
                    | (~models.Q(kind="ocop") & models.Q(ocop_stars__isnull=True))
                ),
                name="certification_ocop_stars",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("issued_on")),
                name="certification_expiry_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["kind", "valid_until"], name="cert_kind_valid")]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.kind == self.Kind.OCOP and self.ocop_stars:
            label = f"OCOP {self.ocop_stars}★"
        return f"{label} {self.name}".strip()

    def save(self, *args, **kwargs):
        self._compute_expiry()
        strip_image_metadata(self.document)
        super().save(*args, **kwargs)

    @staticmethod
    def ocop_expiry(issued_on: datetime.date) -> datetime.date:
        """An OCOP certificate is in force for 36 months: through the day before that."""
        return issued_on + relativedelta(months=OCOP_VALID_MONTHS) - datetime.timedelta(days=1)

    def is_valid(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        if self.issued_on and self.issued_on > on:
            return False
        return self.valid_until is None or self.valid_until >= on

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < today()

    def _compute_expiry(self) -> None:
        if self.kind == self.Kind.OCOP and self.issued_on:
            self.valid_until = self.ocop_expiry(self.issued_on)

    def clean(self):
        super().clean()
        errors = {}
        if bool(self.producer_id) == bool(self.product_id):
            errors["__all__"] = _("A certificate belongs to a producer or to one product.")
        if self.kind == self.Kind.OCOP:
            if self.ocop_stars not in (3, 4, 5):
                errors["ocop_stars"] = _("An OCOP certificate has 3, 4 or 5 stars.")
        elif self.ocop_stars is not None:
            errors["ocop_stars"] = _("Only OCOP certificates have stars.")
        self._compute_expiry()
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            errors["valid_until"] = _("The expiry date is before the issue date.")
        if errors:
            raise ValidationError(errors)


class ProductSearchEntry(models.Model):
    """Lower-case text of one product, kept in step by catalog.signals, twice: accent-free
    (for words typed without diacritics) and with its diacritics (for words typed with them).

    ``title_text`` is the folded title; ``body_text`` the rest (producer, place, attributes,
    categories, description). ``title_marked`` and ``body_marked`` are the same texts with
    their diacritics (``core.text.marked``). All start and end with a space so " word" matches
    a word start. ``producer`` is the producer of the product's first stock record, for
    filters and facets.
    """

    product = models.OneToOneField(
        "catalogue.Product",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    producer = models.ForeignKey(
        Producer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="search_entries",
    )
    title_text = models.TextField(default="")
    body_text = models.TextField(default="")
    title_marked = models.TextField(default="")
    body_marked = models.TextField(default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product search entry")
        verbose_name_plural = _("product search entries")

    def __str__(self) -> str:
        return self.title_text.strip()


# --- Producer staff membership: who linked or unlinked whom, when -----------------------------


class PartnerMembershipChange(models.Model):
    """Extra columns of an Oscar partner's history row: the user linked to or unlinked from
    the partner (its producer's staff), if that is what the row records."""

    class Change(models.TextChoices):
        LINK = "link", _("Linked")
        UNLINK = "unlink", _("Unlinked")

    membership_change = models.CharField(
        _("staff change"), max_length=6, choices=Change.choices, blank=True
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user linked or unlinked"),
    )

    class Meta:
        abstract = True


class PartnerHistoricalRecords(HistoricalRecords):
    """django-simple-history for Oscar's ``Partner``, plus one row per user linked or unlinked
    (``partner.users``, from either side, by any path: dashboard, admin, shell), carrying the
    request's user as ``history_user`` through simple-history's request middleware."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            through = sender.users.through
            m2m_changed.connect(self._membership_changed, sender=through, weak=False)
            pre_create_historical_record.connect(
                _fill_membership_change, sender=sender.history.model, weak=False
            )

    def _membership_changed(self, instance, action, reverse, pk_set, **kwargs):
        if action == "pre_clear":
            related = instance.partners if reverse else instance.users
            instance._membership_cleared = set(related.values_list("pk", flat=True))
            return
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_membership_cleared", set())
        elif action not in ("post_add", "post_remove"):
            return
        change = (
            PartnerMembershipChange.Change.LINK
            if action == "post_add"
            else PartnerMembershipChange.Change.UNLINK
        )
        if reverse:  # user.partners.add(…): instance is the user
            pairs = [(p, instance.pk) for p in self.cls.objects.filter(pk__in=pk_set)]
        else:
            pairs = [(instance, pk) for pk in sorted(pk_set)]
        for partner, user_pk in pairs:
            partner._membership_change = (change, user_pk)
            try:
                self.create_historical_record(partner, "~")
            finally:
                del partner._membership_change


def _fill_membership_change(sender, instance, history_instance, **kwargs):
    change = getattr(instance, "_membership_change", None)
    if change is not None:
        history_instance.membership_change, history_instance.member_id = change


simple_history.register(
    get_model("partner", "Partner"),
    app="catalog",
    records_class=PartnerHistoricalRecords,
    bases=[PartnerMembershipChange],
)
