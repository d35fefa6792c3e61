"""Small builders for test data, so tests state only what matters to them."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from oscar.core.loading import get_model

from catalog.demo import product_image
from catalog.models import Producer
from market.models import Commune, Province

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def province(name: str = "Thái Nguyên", slug: str = "thai-nguyen") -> Province:
    obj, _ = Province.objects.get_or_create(slug=slug, defaults={"name": name})
    return obj


def commune(name: str = "Xã Đại Từ", former_district: str = "Huyện Đại Từ") -> Commune:
    """A commune/ward of Thái Nguyên (two levels since 2025), with its former district."""
    from core.text import slugify

    obj, _ = Commune.objects.get_or_create(
        province=province(),
        slug=slugify(name),
        defaults={"name": name, "former_district": former_district},
    )
    return obj


def producer(name: str = "HTX Chè Thử Nghiệm", slug: str = "htx-che-thu-nghiem") -> Producer:
    partner, _ = Partner.objects.get_or_create(code=slug, defaults={"name": name})
    obj, _ = Producer.objects.get_or_create(
        slug=slug,
        defaults={
            "partner": partner,
            "name": name,
            "kind": "cooperative",
            "province": province(),
            "commune": commune(),
        },
    )
    return obj


def product(
    title: str = "Chè Tân Cương móc câu 200g",
    price: int = 150000,
    stock: int = 10,
    owner: Producer | None = None,
    image: bool = False,
):
    owner = owner or producer()
    product_class, _ = ProductClass.objects.get_or_create(
        slug="che", defaults={"name": "Chè", "track_stock": True}
    )
    item = Product.objects.create(title=title, product_class=product_class, is_public=True)
    StockRecord.objects.create(
        product=item,
        partner=owner.partner,
        partner_sku=f"SKU-{item.pk}",
        price=Decimal(price),
        price_currency="VND",
        num_in_stock=stock,
    )
    if image:
        img = ProductImage(product=item, display_order=0)
        img.original.save("p.jpg", ContentFile(product_image(title)), save=False)
        img.save()
    return item


def certification(
    *,
    producer: Producer | None = None,
    product=None,
    kind: str = "ocop",
    stars: int | None = 4,
    issued_on=None,
    valid_until=None,
    name: str = "",
    number: str | None = None,
):
    """A certificate with a tiny PDF document; OCOP by default, issued a month ago."""
    import datetime

    from django.utils import timezone

    from catalog.models import Certification

    issued_on = issued_on or timezone.localdate() - datetime.timedelta(days=30)
    cert = Certification(
        producer=producer,
        product=product,
        kind=kind,
        ocop_stars=stars if kind == "ocop" else None,
        name=name,
        certificate_number=number or f"CERT-{Certification.objects.count() + 1}",
        issued_on=issued_on,
        valid_until=valid_until,
    )
    cert.document.save("cert.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    cert.save()
    return cert


def finance_user(username: str = "ketoan"):
    """Shop staff in the Finance group: may refund, pay out, decide on transfers, take cash."""
    from django.contrib.auth.models import User

    from core.permissions import ensure_finance_group

    user = User.objects.create_user(username, f"{username}@example.vn", "demo12345", is_staff=True)
    user.groups.add(ensure_finance_group())
    return user
