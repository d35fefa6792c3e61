"""Viet Nam's administrative units, Chợ 4.0 markets and their stalls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("province")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    class Meta:
        ordering = ["province__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "slug"], name="district_unique_slug")
        ]
        verbose_name = _("district")
        verbose_name_plural = _("district")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="communes", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    class Meta:
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="commune_unique_slug")
        ]
        verbose_name = _("commune")
        verbose_name_plural = _("commune")

    def __str__(self) -> str:
        return self.name


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

    class Meta:
        ordering = ["name"]
        verbose_name = _("market")
        verbose_name_plural = _("market")

    def __str__(self) -> str:
        return self.name


class Stall(models.Model):
    market = models.ForeignKey(
        Market, on_delete=models.PROTECT, related_name="stalls", verbose_name=_("market")
    )
    code = models.CharField(_("stall code"), max_length=20)
    name = models.CharField(_("stall name"), max_length=150)
    goods_category = models.CharField(_("goods category"), max_length=100, blank=True)
    stallholder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stalls",
        verbose_name=_("stallholder"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["market__name", "code"]
        constraints = [models.UniqueConstraint(fields=["market", "code"], name="stall_unique_code")]
        verbose_name = _("stall")
        verbose_name_plural = _("stall")

    def __str__(self) -> str:
        return f"{self.market.name} · {self.code}"
