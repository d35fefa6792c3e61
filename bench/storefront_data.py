"""The same products in both sites of bench/bench_storefront.py: the project and vanilla Oscar.

Run by the benchmark in a process of the site it fills (``DJANGO_SETTINGS_MODULE``,
``DATABASE_URL`` and ``MEDIA_ROOT`` already set, the database migrated)::

    python -m bench.storefront_data project <products.json> <synthetic count>
    python -m bench.storefront_data vanilla <products.json> <synthetic count>

- project: the project's own seeding (``manage.py seed_demo``: its 26 demo products with
  photos, producers, certificates, pages…), written to ``products.json`` (title, category,
  class, price, stock, description, photo, attribute values) for the vanilla site; then the
  synthetic products under the demo producers' partners and the project's search entries
  rebuilt;
- vanilla: the 26 products of ``products.json`` (same photo files, the attribute values as
  text attributes of the same names), the same synthetic
  products, and Haystack's Whoosh index rebuilt (``rebuild_index``).

Synthetic product ``k`` copies demo product ``k mod 26``'s class, category and partner, with
the title "<demo title> · lô <k>" and the price plus ``k`` × 1,000 VND; a stock record each
(buyable), no photo.
"""

from __future__ import annotations

import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path

BATCH = 1_000


def synthetic(demo: list[dict], count: int) -> list[dict]:
    """``count`` products made from the demo ones, the same in both sites."""
    return [
        {
            **demo[k % len(demo)],
            "title": f"{demo[k % len(demo)]['title']} · lô {k + 1}",
            "sku": f"SYN-{k + 1:05d}",
            "price": demo[k % len(demo)]["price"] + (k + 1) * 1_000,
            "description": "",
            "image": "",
            "attributes": [],
        }
        for k in range(count)
    ]


def _bulk_products(specs: list[dict], *, partners: dict, classes: dict, categories: dict):
    """Products, their category and stock record, ``BATCH`` at a time (no per-row save())."""
    from django.utils.text import slugify
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    StockRecord = get_model("partner", "StockRecord")
    for start in range(0, len(specs), BATCH):
        chunk = specs[start : start + BATCH]
        products = Product.objects.bulk_create(
            [
                Product(
                    title=spec["title"],
                    slug=slugify(spec["title"], allow_unicode=False)[:200] or "product",
                    product_class=classes[spec["product_class"]],
                    structure=Product.STANDALONE,
                    is_public=True,
                    description=spec["description"],
                )
                for spec in chunk
            ]
        )
        ProductCategory.objects.bulk_create(
            [
                ProductCategory(product=product, category=categories[spec["category"]])
                for product, spec in zip(products, chunk, strict=True)
            ]
        )
        StockRecord.objects.bulk_create(
            [
                StockRecord(
                    product=product,
                    partner=partners[spec["partner"]],
                    partner_sku=spec["sku"],
                    price=Decimal(spec["price"]),
                    price_currency="VND",
                    num_in_stock=spec["stock"],
                )
                for product, spec in zip(products, chunk, strict=True)
            ]
        )


def fill_project(out: Path, count: int) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from oscar.core.loading import get_model

    from catalog.models import Producer
    from catalog.services import product_search_rebuild

    StockRecord = get_model("partner", "StockRecord")
    call_command("seed_demo", verbosity=0)
    demo = []
    records = (
        StockRecord.objects.filter(partner__producer__isnull=False)
        .select_related("product__product_class", "partner")
        .prefetch_related(
            "product__categories", "product__images", "product__attribute_values__attribute"
        )
        .order_by("product_id")
    )
    for record in records:
        product = record.product
        image = product.images.all()[0].original.name if product.images.all() else ""
        demo.append(
            {
                "title": product.title,
                "sku": record.partner_sku,
                "product_class": product.product_class.name,
                "category": product.categories.all()[0].full_name,
                "price": int(record.price),
                "stock": record.num_in_stock,
                "description": product.description,
                "partner": record.partner.name,
                "image": image,
                "media_root": str(settings.MEDIA_ROOT),
                # As the product page shows them: name and value (a text in the vanilla shop).
                "attributes": [
                    [value.attribute.code, value.attribute.name, str(value.value)]
                    for value in product.attribute_values.all()
                ],
            }
        )
    out.write_text(json.dumps(demo, ensure_ascii=False, indent=1))
    if not count:
        return
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    ProductClass = get_model("catalogue", "ProductClass")
    producers = Producer.objects.select_related("partner")
    partners = {producer.partner.name: producer.partner for producer in producers}
    classes = {c.name: c for c in ProductClass.objects.all()}
    categories = {c.full_name: c for c in Category.objects.all()}
    with transaction.atomic():
        _bulk_products(
            synthetic(demo, count), partners=partners, classes=classes, categories=categories
        )
    product_search_rebuild()


def fill_vanilla(products_json: Path, count: int) -> None:
    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command
    from django.db import transaction
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model

    Partner = get_model("partner", "Partner")
    ProductClass = get_model("catalogue", "ProductClass")
    ProductImage = get_model("catalogue", "ProductImage")
    Product = get_model("catalogue", "Product")
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")

    demo = json.loads(products_json.read_text())
    with transaction.atomic():
        partners = {
            name: Partner.objects.get_or_create(name=name)[0]
            for name in {d["partner"] for d in demo}
        }
        classes = {
            name: ProductClass.objects.get_or_create(
                name=name, defaults={"requires_shipping": True, "track_stock": True}
            )[0]
            for name in {d["product_class"] for d in demo}
        }
        categories = {name: create_from_breadcrumbs(name) for name in {d["category"] for d in demo}}
        _bulk_products(demo, partners=partners, classes=classes, categories=categories)
        for spec in demo:  # the same photo files and attribute values as the project's
            product = Product.objects.get(stockrecords__partner_sku=spec["sku"])
            for code, name, value in spec["attributes"]:
                attribute, _ = ProductAttribute.objects.get_or_create(
                    product_class=product.product_class,
                    code=code,
                    defaults={"name": name, "type": ProductAttribute.TEXT},
                )
                ProductAttributeValue.objects.create(
                    attribute=attribute, product=product, value_text=value
                )
            if not spec["image"]:
                continue
            source = Path(spec["media_root"]) / spec["image"]
            image = ProductImage(product=product, display_order=0, caption=spec["title"])
            with source.open("rb") as file:
                image.original.save(source.name, File(file), save=False)
            image.save()
        if count:
            _bulk_products(
                synthetic(demo, count), partners=partners, classes=classes, categories=categories
            )
    index = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    shutil.rmtree(index, ignore_errors=True)
    index.mkdir(parents=True)
    call_command("rebuild_index", interactive=False, verbosity=0)


def main(argv: list[str]) -> int:
    import django

    site, products_json, count = argv[0], Path(argv[1]), int(argv[2])
    django.setup()
    if site == "project":
        fill_project(products_json, count)
    else:
        fill_vanilla(products_json, count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
