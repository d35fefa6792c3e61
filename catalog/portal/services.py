"""State changes made from the producer portal: products, their stock record and photos.

Each function is one transaction. A product made here is an ordinary Oscar product with one
stock record for the producer's partner, so the shop, the dashboard and search see it at once.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.html import linebreaks, strip_tags
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer

from catalog import rules
from catalog.models import Producer
from core.text import slugify

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

MAX_PHOTOS = 8
# The sizes templates ask Oscar's thumbnailer for: shop product cards and the portal list.
THUMBNAIL_SIZES = ("360x360", "160x160")


def _partner_sku(*, producer: Producer, product) -> str:
    """SKU unique within the partner: "SP-<product id>", with a suffix if already taken."""
    base = f"SP-{product.pk}"
    candidate, n = base, 1
    while StockRecord.objects.filter(partner=producer.partner, partner_sku=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def description_html(text: str) -> str:
    """Oscar keeps descriptions as HTML (its stock templates print them unescaped), so the
    producer's plain text is escaped and given paragraphs here, never stored raw, and goes
    through the same sanitiser as the dashboard's rich text (catalog.rules)."""
    text = rules.clean_text(text).strip()
    return rules.sanitize_html(linebreaks(text, autoescape=True)) if text else ""


def _check_stock_record(*, price: int, num_in_stock: int) -> None:
    """The rules the forms apply, once more where the money is written."""
    rules.validate_price(price)
    rules.validate_stock(num_in_stock)


def description_text(html: str) -> str:
    """The plain text back from a stored description, for the edit form."""
    text = re.sub(r"<br\s*/?>", "\n", html or "", flags=re.IGNORECASE)
    text = re.sub(r"</p>\s*<p>", "\n\n", text, flags=re.IGNORECASE)
    return unescape(strip_tags(text)).strip()


def _set_attributes(product, attributes: dict) -> None:
    for code, value in attributes.items():
        setattr(product.attr, code, value)


def _set_category(product, category) -> None:
    ProductCategory.objects.filter(product=product).delete()
    if category is not None:
        ProductCategory.objects.create(product=product, category=category)


def _add_photos(product, photos: list[ContentFile]) -> list:
    start = (product.images.aggregate(m=Max("display_order"))["m"] or -1) + 1
    images = []
    for offset, photo in enumerate(photos):
        image = ProductImage(product=product, display_order=start + offset, caption="")
        image.original.save(f"{slugify(product.title)[:60] or 'anh'}.jpg", photo, save=False)
        image.save()
        images.append(image)
        make_thumbnails(image)
    return images


def make_thumbnails(image) -> None:
    """The thumbnails the shop's cards and the portal list show, made now rather than when
    the first shopper opens the page (the photo is at most 1600 px, so this is quick)."""
    thumbnailer = get_thumbnailer()
    for size in THUMBNAIL_SIZES:
        thumbnailer.generate_thumbnail(image.original, size=size, crop="center")


def _reindex(product) -> None:
    # Attribute values are bulk-saved by Oscar (no signals), so re-index explicitly.
    from catalog.services import product_search_reindex

    product_search_reindex(product_ids=[product.pk])


@transaction.atomic
def portal_product_create(
    *,
    producer: Producer,
    product_class,
    title: str,
    description: str,
    price: int,
    num_in_stock: int,
    attributes: dict,
    category=None,
    photos: list[ContentFile] = (),
    publish: bool = False,
):
    """A new product with its stock record for ``producer``; published only if asked."""
    _check_stock_record(price=price, num_in_stock=num_in_stock)
    product = Product(
        title=rules.clean_single_line(title),
        description=description_html(description),
        product_class=product_class,
        is_public=publish,
    )
    _set_attributes(product, attributes)
    product.save()
    StockRecord.objects.create(
        product=product,
        partner=producer.partner,
        partner_sku=_partner_sku(producer=producer, product=product),
        price=Decimal(price),
        price_currency=rules.CURRENCY,
        num_in_stock=num_in_stock,
    )
    _set_category(product, category)
    _add_photos(product, list(photos))
    _reindex(product)
    return product


@transaction.atomic
def portal_product_update(
    *,
    producer: Producer,
    product,
    title: str,
    description: str,
    price: int,
    num_in_stock: int,
    attributes: dict,
    category=None,
    photos: list[ContentFile] = (),
):
    """Change a product's details, its price and stock at the producer's partner."""
    _check_stock_record(price=price, num_in_stock=num_in_stock)
    product.title = rules.clean_single_line(title)
    product.description = description_html(description)
    _set_attributes(product, attributes)
    product.save()
    record = (
        StockRecord.objects.select_for_update()
        .filter(product=product, partner=producer.partner)
        .order_by("id")
        .first()
    )
    record.price = Decimal(price)
    record.price_currency = rules.CURRENCY
    record.num_in_stock = num_in_stock
    record.save()
    _set_category(product, category)
    _add_photos(product, list(photos))
    _reindex(product)
    return product


@transaction.atomic
def portal_product_set_public(*, product, is_public: bool):
    """Publish (shoppers can find and buy it) or unpublish (hidden from the shop)."""
    if product.is_public != is_public:
        product.is_public = is_public
        product.save(update_fields=["is_public", "date_updated"])
    return product


@transaction.atomic
def producer_set_phone_public(*, producer: Producer, show: bool) -> Producer:
    """The producer's choice: show their phone on their public page, or keep it for staff."""
    if producer.show_phone_publicly != show:
        producer.show_phone_publicly = show
        producer.save(update_fields=["show_phone_publicly"])
    return producer


@transaction.atomic
def portal_photo_delete(*, product, image_id: int) -> bool:
    """Remove one photo of ``product``; False if it is not one of its photos."""
    image = ProductImage.objects.filter(product=product, pk=image_id).first()
    if image is None:
        return False
    image.delete()
    return True
