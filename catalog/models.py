"""Producers: the farmers, cooperatives and enterprises who sell in the shop."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    story = models.TextField(_("story"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="producers/", blank=True)
    commune = models.ForeignKey(
        "market.Commune", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("commune")
    )
    district = models.ForeignKey(
        "market.District", on_delete=models.PROTECT, verbose_name=_("district")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producer")

    def __str__(self) -> str:
        return self.name

    @property
    def province(self):
        return self.district.province
