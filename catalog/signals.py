"""Keep product slugs unique and the search index in step with Oscar's catalogue models."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.models import Producer
from catalog.services import GTIN_ATTRIBUTE, product_search_reindex
from core.text import slugify, unique_slug
from traceability.gs1 import is_valid_gtin

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


@receiver(pre_save, sender=Product, dispatch_uid="catalog_product_unique_slug")
def product_unique_slug(sender, instance, raw=False, **kwargs):
    """ASCII and unique; made once, so renaming a product keeps its address."""
    if raw:
        return
    if not instance.slug:
        instance.slug = slugify(instance.get_title())
    if not instance._state.adding:
        stored = Product.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if stored == instance.slug:
            return
    instance.slug = unique_slug(
        instance.slug or "san-pham",
        taken=lambda s: Product.objects.filter(slug=s).exclude(pk=instance.pk).exists(),
        max_length=255,
    )


@receiver(pre_save, sender=Product, dispatch_uid="catalog_product_gtin_guard")
def product_gtin_guard(sender, instance, raw=False, **kwargs):
    """Oscar saves ``product.attr`` values in bulk (no signals): check the GTIN beforehand."""
    if raw:
        return
    unsaved = _unsaved_attributes(instance)
    if unsaved.get(GTIN_ATTRIBUTE):
        instance.attr.__dict__[GTIN_ATTRIBUTE] = _check_gtin(unsaved[GTIN_ATTRIBUTE])


@receiver(pre_save, sender=ProductAttributeValue, dispatch_uid="catalog_gtin_guard")
def gtin_guard(sender, instance, raw=False, **kwargs):
    """The last line of defence: no invalid GTIN reaches the database, whatever the path.

    Forms validate first (catalog.validators.validate_gtin) to show a friendly message.
    """
    if raw or instance.attribute.code != GTIN_ATTRIBUTE:
        return
    instance.value_text = _check_gtin(instance.value_text)


def _check_gtin(value) -> str:
    """The GTIN without grouping spaces/dashes; ValidationError if it is not a valid GTIN."""
    cleaned = "".join(str(value or "").split()).replace("-", "")
    if cleaned and not is_valid_gtin(cleaned):
        raise ValidationError(_("This is not a valid GTIN (barcode number): check the digits."))
    return cleaned


def _reindex(*product_ids):
    product_search_reindex(product_ids=product_ids)


def _unsaved_attributes(product) -> dict:
    """Attribute values set on ``product.attr`` that Oscar will save after post_save."""
    container = product.__dict__.get("attr")
    if container is None:
        return {}
    return {code: container.__dict__.get(code) for code in container.__dict__.get("_dirty", ())}


@receiver(post_save, sender=Product, dispatch_uid="catalog_index_product")
def index_product(sender, instance, raw=False, **kwargs):
    if not raw:
        product_search_reindex(
            product_ids=[instance.pk],
            attribute_overrides={instance.pk: _unsaved_attributes(instance)},
        )


@receiver(post_save, sender=ProductAttributeValue, dispatch_uid="catalog_index_attr")
@receiver(post_delete, sender=ProductAttributeValue, dispatch_uid="catalog_index_attr_del")
@receiver(post_save, sender=ProductCategory, dispatch_uid="catalog_index_category")
@receiver(post_delete, sender=ProductCategory, dispatch_uid="catalog_index_category_del")
@receiver(post_save, sender=StockRecord, dispatch_uid="catalog_index_stock")
@receiver(post_delete, sender=StockRecord, dispatch_uid="catalog_index_stock_del")
def index_related(sender, instance, raw=False, origin=None, **kwargs):
    if raw or _deleting_products(origin):
        return
    _reindex(instance.product_id)


def _deleting_products(origin) -> bool:
    """True while a product itself is being deleted (its entry goes with it)."""
    if origin is None:
        return False
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, Product)


@receiver(post_save, sender=Producer, dispatch_uid="catalog_index_producer")
def index_producer_products(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (
        update_fields is not None
        and not {"name", "province", "commune", "former_district"} & set(update_fields)
    ):
        return
    ids = StockRecord.objects.filter(partner_id=instance.partner_id).values_list(
        "product_id", flat=True
    )
    _reindex(*ids)


@receiver(post_save, sender=Category, dispatch_uid="catalog_index_category_rename")
def index_category_products(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    _reindex(
        *ProductCategory.objects.filter(category=instance).values_list("product_id", flat=True)
    )
