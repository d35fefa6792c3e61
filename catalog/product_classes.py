"""The shop's product classes and their attributes: tea and farm produce, each with a GTIN.

Made by a data migration (catalog 0008), so a production install has them without demo data;
``seed_demo`` and tests that emptied the database call :func:`ensure_product_classes` again.
"""

from __future__ import annotations

from core.text import slugify

TEA, FARM = "Chè", "Nông sản"
GTIN_ATTRIBUTE = "gtin"
# Attribute names are data (Vietnamese, as producers see them), not interface strings.
PRODUCT_CLASSES = {
    TEA: [
        ("tea_type", "Loại chè", "option"),
        ("grade", "Hạng", "text"),
        ("harvest_season", "Vụ thu hái", "text"),
        ("net_weight_g", "Khối lượng tịnh (g)", "integer"),
        ("growing_area", "Vùng trồng", "text"),
        (GTIN_ATTRIBUTE, "Mã vạch GTIN", "text"),
    ],
    FARM: [
        ("unit", "Đơn vị", "option"),
        ("net_weight_g", "Khối lượng tịnh (g)", "integer"),
        (GTIN_ATTRIBUTE, "Mã vạch GTIN", "text"),
    ],
}
OPTIONS = {
    "tea_type": ["Móc câu", "Nõn tôm", "Đinh", "Búp"],
    "unit": ["kg", "quả", "con", "hộp", "chai", "gói", "túi", "lít"],
}


def ensure_product_classes(*, apps=None) -> dict[str, object]:
    """Every class of PRODUCT_CLASSES with its attributes and option lists, by class name.

    Idempotent: what exists is kept as it is (an edited name stays edited), what is missing
    is added. ``apps`` is a migration's state; without it, the current models.
    """
    from django.apps import apps as global_apps

    apps = apps or global_apps
    ProductClass = apps.get_model("catalogue", "ProductClass")
    ProductAttribute = apps.get_model("catalogue", "ProductAttribute")
    AttributeOptionGroup = apps.get_model("catalogue", "AttributeOptionGroup")
    AttributeOption = apps.get_model("catalogue", "AttributeOption")
    classes = {}
    for class_name, attributes in PRODUCT_CLASSES.items():
        product_class, _ = ProductClass.objects.get_or_create(
            slug=slugify(class_name),
            defaults={"name": class_name, "requires_shipping": True, "track_stock": True},
        )
        for code, name, kind in attributes:
            group = None
            if kind == "option":
                group, _ = AttributeOptionGroup.objects.get_or_create(name=name)
                for option in OPTIONS[code]:
                    AttributeOption.objects.get_or_create(group=group, option=option)
            ProductAttribute.objects.get_or_create(
                product_class=product_class,
                code=code,
                defaults={"name": name, "type": kind, "option_group": group},
            )
        classes[class_name] = product_class
    return classes
