"""State changes for producers, certifications and the product search index.

Keyword-only, typed, one transaction each (CONVENTIONS.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from catalog.models import Certification, Producer, ProductSearchEntry
from catalog.product_classes import GTIN_ATTRIBUTE
from catalog.validators import validate_gtin
from core.text import fold, marked

Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")

_REINDEX_CHUNK = 500
_INDEXED_TYPES = ("text", "option", "multi_option", "integer", "float")


# --- Search index -------------------------------------------------------------------------


def _attribute_text(value) -> str:
    if value is None or value is False:
        return ""
    if hasattr(value, "all") and callable(value.all):  # multi-option: a queryset of options
        return " ".join(str(option) for option in value.all())
    return str(value)


def _product_texts(product, overrides: dict | None = None) -> dict:
    """The search entry's fields (folded and marked title and other text, producer) for one
    product with its relations loaded.

    ``overrides`` are attribute values set on ``product.attr`` but not saved yet: Oscar saves
    attribute values in bulk (no signals) right after the product's own post_save.
    """
    producer = None
    for stockrecord in product.stockrecords.all():
        producer = getattr(stockrecord.partner, "producer", None)
        if producer is not None:
            break
    parts: list[str] = []
    if producer is not None:
        # Today's commune and province, and the former district people still say
        # ("chè Đại Từ"), so both the new and the old names find the product.
        parts += [producer.name, producer.province.name, producer.district_label]
        if producer.commune is not None:
            parts.append(producer.commune.name)
    if product.product_class is not None:
        parts.append(product.product_class.name)
    attributes = {
        value.attribute.code: str(value.value_as_text)
        for value in product.attribute_values.all()
        if value.attribute.type in _INDEXED_TYPES
    }
    for code, value in (overrides or {}).items():
        attributes[code] = _attribute_text(value)
    parts += attributes.values()
    for category in product.categories.all():
        parts.append(category.name)
    parts += [product.upc or "", strip_tags(product.description or "")]
    body = " ".join(parts)
    return {
        "producer": producer,
        "title_text": f" {fold(product.title)} ",
        "body_text": f" {fold(body)} ",
        "title_marked": f" {marked(product.title)} ",
        "body_marked": f" {marked(body)} ",
    }


def product_search_reindex(
    *, product_ids: Iterable[int], attribute_overrides: dict[int, dict] | None = None
) -> int:
    """Rebuild the search entries of these products (missing ids are skipped); returns count.

    ``attribute_overrides`` maps a product id to attribute values not saved yet.
    """
    attribute_overrides = attribute_overrides or {}
    ids = sorted({int(pk) for pk in product_ids if pk})
    done = 0
    for start in range(0, len(ids), _REINDEX_CHUNK):
        chunk = ids[start : start + _REINDEX_CHUNK]
        products = (
            Product.objects.filter(pk__in=chunk)
            .select_related("product_class")
            .prefetch_related(
                "attribute_values__attribute",
                "attribute_values__value_option",
                "attribute_values__value_multi_option",
                "categories",
                "stockrecords__partner__producer__province",
                "stockrecords__partner__producer__commune",
            )
        )
        entries = [
            ProductSearchEntry(
                product=product, **_product_texts(product, attribute_overrides.get(product.pk))
            )
            for product in products
        ]
        with transaction.atomic():
            ProductSearchEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["product"],
                update_fields=[
                    "producer",
                    "title_text",
                    "body_text",
                    "title_marked",
                    "body_marked",
                    "updated_at",
                ],
            )
        done += len(entries)
    return done


def product_search_rebuild() -> int:
    """Rebuild every product's search entry (after a migration or a bulk import)."""
    return product_search_reindex(product_ids=Product.objects.values_list("pk", flat=True))


# --- Producers ----------------------------------------------------------------------------


@transaction.atomic
def producer_set_bank_account(
    *, producer: Producer, bank_bin: str, account_number: str, account_holder: str
) -> Producer:
    """Set where payouts go; raises ValidationError (nothing saved) for a bad account."""
    producer.bank_bin = bank_bin
    producer.account_number = account_number
    producer.account_holder = account_holder
    producer.full_clean()
    producer.save(update_fields=["bank_bin", "account_number", "account_holder"])
    return producer


@transaction.atomic
def producer_rename(*, producer: Producer, name: str) -> Producer:
    """A new name; the slug (and so every printed link) stays the same."""
    producer.name = name
    producer.full_clean()
    producer.save(update_fields=["name"])
    return producer


# --- Certifications -----------------------------------------------------------------------


@transaction.atomic
def certification_create(
    *,
    kind: str,
    certificate_number: str,
    issued_on: datetime.date,
    document: File,
    producer: Producer | None = None,
    product=None,
    ocop_stars: int | None = None,
    name: str = "",
    issuer: str = "",
    valid_until: datetime.date | None = None,
) -> Certification:
    """Record a certificate for a producer or a product; ValidationError if anything is off."""
    certification = Certification(
        producer=producer,
        product=product,
        kind=kind,
        ocop_stars=ocop_stars,
        name=name,
        issuer=issuer,
        certificate_number=certificate_number,
        issued_on=issued_on,
        valid_until=None if kind == Certification.Kind.OCOP else valid_until,
        document=document,
    )
    certification.full_clean()
    certification.save()
    return certification


# --- GTIN ---------------------------------------------------------------------------------


@transaction.atomic
def product_set_gtin(*, product, gtin: str) -> None:
    """Set (or clear, with "") the product's GTIN attribute; ValidationError if invalid."""
    cleaned = "".join(gtin.split()).replace("-", "")
    validate_gtin(cleaned)
    attribute = product.get_product_class().attributes.filter(code=GTIN_ATTRIBUTE).first()
    if attribute is None:
        raise ValidationError("This product type has no GTIN attribute.", code="no_gtin")
    if cleaned:
        attribute.save_value(product, cleaned)
    else:
        ProductAttributeValue.objects.filter(product=product, attribute=attribute).delete()


# --- Back-in-stock alerts --------------------------------------------------------------------
#: One run at a time (beat may queue a run while the last one is still sending).
PRODUCT_ALERTS_LOCK = "catalog:product-alerts-send"
PRODUCT_ALERTS_LOCK_SECONDS = 15 * 60


def product_alerts_send() -> int | None:
    """E-mail (and notify) every shopper whose back-in-stock alert's product can be bought
    again, with Oscar's own alert machinery; returns how many alerts were answered, or None
    when another run holds the lock.

    Oscar closes each alert as it answers it, so running again sends nothing twice. Stock
    changes never send these inside the request (``OSCAR_EAGER_ALERTS = False``): the
    ``catalog.send_product_alerts`` task on beat calls this.
    """
    from django.core.cache import cache
    from oscar.core.loading import get_class

    if not cache.add(PRODUCT_ALERTS_LOCK, 1, timeout=PRODUCT_ALERTS_LOCK_SECONDS):
        return None
    try:
        ProductAlert = get_model("customer", "ProductAlert")
        active = ProductAlert.objects.filter(status=ProductAlert.ACTIVE)
        before = active.count()
        get_class("customer.alerts.utils", "AlertsDispatcher")().send_alerts()
        return before - active.count()
    finally:
        cache.delete(PRODUCT_ALERTS_LOCK)
