"""Reusable content editors keep in one place and use on many pages: FAQ entries and the list
of banking apps that can pay a VietQR code. Both are translatable (one row per language)."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import RevisionMixin, TranslatableMixin
from wagtail.search import index


class FAQEntry(TranslatableMixin, RevisionMixin, index.Indexed, models.Model):
    class Topic(models.TextChoices):
        PAYING = "paying", _("Paying by QR")
        SELLING = "selling", _("Selling at a stall")
        TRACEABILITY = "traceability", _("Traceability codes")
        SHOP = "shop", _("Online shop")

    question = models.CharField(_("question"), max_length=255)
    answer = RichTextField(_("answer"), features=["bold", "italic", "link", "ol", "ul"])
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="faq_entry")

    panels = [
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("topic"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("question"),
        index.SearchField("answer"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["topic", "sort_order", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return self.question

    @property
    def revisions(self):
        return self._revisions


class BankApp(TranslatableMixin, index.Indexed, models.Model):
    """A banking app shoppers can scan a VietQR code with (shown on the campaign page)."""

    name = models.CharField(_("app name"), max_length=100)
    bank_bin = models.CharField(
        _("bank BIN"),
        max_length=6,
        blank=True,
        help_text=_("The bank's six-digit NAPAS code, if the app belongs to one bank."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("bank_bin"),
        FieldPanel("note"),
        FieldPanel("logo"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("banking app")
        verbose_name_plural = _("banking apps")

    def __str__(self) -> str:
        return self.name
