"""Demo producers and products from Thái Nguyên (seed_demo); idempotent."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache

from django.core.files.base import ContentFile
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image, ImageDraw, ImageFont

from catalog.models import Producer
from catalog.text import slugify
from market.demo import commune

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

TEA, FARM = "Chè", "Nông sản"
PRODUCT_CLASSES = {
    TEA: [
        ("tea_type", "Loại chè", "option"),
        ("grade", "Hạng", "text"),
        ("harvest_season", "Vụ thu hái", "text"),
        ("net_weight_g", "Khối lượng tịnh (g)", "integer"),
        ("growing_area", "Vùng trồng", "text"),
        ("ocop_stars", "Sao OCOP", "integer"),
    ],
    FARM: [
        ("unit", "Đơn vị", "option"),
        ("ocop_stars", "Sao OCOP", "integer"),
    ],
}
OPTIONS = {
    "tea_type": ["Móc câu", "Nõn tôm", "Đinh", "Búp"],
    "unit": ["kg", "quả", "con", "hộp", "chai", "gói", "túi"],
}

# (sku, title, class, category, price VND, stock, attributes)
PRODUCERS = [
    {
        "slug": "htx-che-tan-cuong-hoang-binh",
        "name": "HTX Chè Tân Cương Hoàng Bình",
        "kind": Producer.Kind.COOPERATIVE,
        "district": "Thành phố Thái Nguyên",
        "commune": "Tân Cương",
        "phone": "0208 3855 123",
        "story": "Hợp tác xã của 45 hộ trồng chè ở vùng chè đặc sản Tân Cương, sao chè bằng tay "
        "theo cách truyền thống, đạt chứng nhận VietGAP và OCOP 4 sao.",
        "colour": (31, 111, 67),
        "products": [
            (
                "TC-MC-200",
                "Chè Tân Cương móc câu thượng hạng 200g",
                TEA,
                "Chè > Chè móc câu",
                250000,
                80,
                {
                    "tea_type": "Móc câu",
                    "grade": "Thượng hạng",
                    "net_weight_g": 200,
                    "harvest_season": "Xuân 2026",
                    "growing_area": "Tân Cương",
                    "ocop_stars": 4,
                },
            ),
            (
                "TC-NT-100",
                "Chè nõn tôm Tân Cương 100g",
                TEA,
                "Chè > Chè nõn tôm",
                300000,
                40,
                {
                    "tea_type": "Nõn tôm",
                    "grade": "Đặc biệt",
                    "net_weight_g": 100,
                    "growing_area": "Tân Cương",
                    "ocop_stars": 4,
                },
            ),
            (
                "TC-DI-100",
                "Chè đinh Tân Cương 100g",
                TEA,
                "Chè > Chè đinh",
                600000,
                20,
                {
                    "tea_type": "Đinh",
                    "grade": "Đặc biệt",
                    "net_weight_g": 100,
                    "growing_area": "Tân Cương",
                    "ocop_stars": 5,
                },
            ),
            (
                "TC-HQ-01",
                "Hộp quà chè Tân Cương",
                TEA,
                "Chè > Hộp quà",
                450000,
                30,
                {"tea_type": "Móc câu", "net_weight_g": 300, "ocop_stars": 4},
            ),
            (
                "TC-BK-500",
                "Chè búp khô Tân Cương 500g",
                TEA,
                "Chè > Chè búp khô",
                350000,
                60,
                {"tea_type": "Búp", "net_weight_g": 500, "growing_area": "Tân Cương"},
            ),
        ],
    },
    {
        "slug": "ho-che-la-bang-nguyen-van-thanh",
        "name": "Hộ chè La Bằng — Nguyễn Văn Thành",
        "kind": Producer.Kind.HOUSEHOLD,
        "district": "Huyện Đại Từ",
        "commune": "La Bằng",
        "phone": "0912 345 678",
        "story": "Gia đình ba thế hệ làm chè dưới chân núi Tam Đảo, đồi chè 1,2 ha.",
        "colour": (64, 128, 48),
        "products": [
            (
                "LB-MC-500",
                "Chè La Bằng móc câu 500g",
                TEA,
                "Chè > Chè móc câu",
                220000,
                50,
                {
                    "tea_type": "Móc câu",
                    "net_weight_g": 500,
                    "growing_area": "La Bằng",
                    "ocop_stars": 4,
                },
            ),
            (
                "LB-BK-1000",
                "Chè búp khô La Bằng 1kg",
                TEA,
                "Chè > Chè búp khô",
                400000,
                25,
                {"tea_type": "Búp", "net_weight_g": 1000, "growing_area": "La Bằng"},
            ),
            (
                "LB-TL-25",
                "Chè xanh La Bằng túi lọc (25 túi)",
                TEA,
                "Chè > Chè túi lọc",
                80000,
                100,
                {"net_weight_g": 50, "growing_area": "La Bằng"},
            ),
            (
                "LB-NT-200",
                "Chè nõn tôm La Bằng 200g",
                TEA,
                "Chè > Chè nõn tôm",
                280000,
                30,
                {"tea_type": "Nõn tôm", "net_weight_g": 200, "ocop_stars": 4},
            ),
        ],
    },
    {
        "slug": "trang-trai-che-trai-cai",
        "name": "Trang trại chè Trại Cài",
        "kind": Producer.Kind.HOUSEHOLD,
        "district": "Huyện Đồng Hỷ",
        "commune": "Minh Lập",
        "phone": "0987 222 333",
        "story": "Chè Trại Cài nước xanh, vị đậm, trồng trên đất đồi Minh Lập.",
        "colour": (90, 120, 40),
        "products": [
            (
                "TRC-BK-500",
                "Chè Trại Cài búp khô 500g",
                TEA,
                "Chè > Chè búp khô",
                180000,
                70,
                {
                    "tea_type": "Búp",
                    "net_weight_g": 500,
                    "growing_area": "Trại Cài",
                    "ocop_stars": 3,
                },
            ),
            (
                "TRC-MC-200",
                "Chè Trại Cài móc câu 200g",
                TEA,
                "Chè > Chè móc câu",
                120000,
                90,
                {"tea_type": "Móc câu", "net_weight_g": 200, "ocop_stars": 3},
            ),
            (
                "TRC-HQ-01",
                "Hộp quà chè Trại Cài",
                TEA,
                "Chè > Hộp quà",
                320000,
                15,
                {"net_weight_g": 400, "ocop_stars": 3},
            ),
            (
                "TRC-SS-1000",
                "Chè Trại Cài sao suốt 1kg",
                TEA,
                "Chè > Chè búp khô",
                300000,
                20,
                {"tea_type": "Búp", "net_weight_g": 1000},
            ),
        ],
    },
    {
        "slug": "htx-mat-ong-dinh-hoa",
        "name": "HTX Mật ong Định Hóa",
        "kind": Producer.Kind.COOPERATIVE,
        "district": "Huyện Định Hóa",
        "commune": "Phú Đình",
        "phone": "0208 3878 456",
        "story": "Nuôi ong dưới tán rừng ATK Định Hóa, mật ong hoa nhãn và hoa rừng.",
        "colour": (200, 129, 26),
        "products": [
            (
                "MO-NH-500",
                "Mật ong hoa nhãn 500ml",
                FARM,
                "Mật ong",
                180000,
                60,
                {"unit": "chai", "ocop_stars": 3},
            ),
            (
                "MO-RU-1000",
                "Mật ong rừng Định Hóa 1 lít",
                FARM,
                "Mật ong",
                350000,
                25,
                {"unit": "chai", "ocop_stars": 3},
            ),
            (
                "MO-BH-500",
                "Mật ong hoa bạc hà 500ml",
                FARM,
                "Mật ong",
                250000,
                30,
                {"unit": "chai"},
            ),
            ("MO-SA-200", "Sáp ong nguyên chất 200g", FARM, "Mật ong", 90000, 40, {"unit": "hộp"}),
        ],
    },
    {
        "slug": "trang-trai-ga-doi-phu-binh",
        "name": "Trang trại gà đồi Phú Bình",
        "kind": Producer.Kind.ENTERPRISE,
        "district": "Huyện Phú Bình",
        "commune": "Hương Sơn",
        "phone": "0978 111 222",
        "story": "Gà đồi thả vườn, ăn ngô và thóc, nuôi trên 150 ngày.",
        "colour": (170, 70, 40),
        "products": [
            (
                "GA-DOI-1",
                "Gà đồi Phú Bình (con khoảng 1,8 kg)",
                FARM,
                "Gà và trứng",
                280000,
                40,
                {"unit": "con", "ocop_stars": 3},
            ),
            ("GA-TR-10", "Trứng gà ri (10 quả)", FARM, "Gà và trứng", 45000, 200, {"unit": "quả"}),
            (
                "GA-TR-30",
                "Trứng gà ta hộp 30 quả",
                FARM,
                "Gà và trứng",
                120000,
                80,
                {"unit": "hộp", "ocop_stars": 3},
            ),
            ("GA-LS-1", "Gà đồi làm sẵn 1kg", FARM, "Gà và trứng", 170000, 30, {"unit": "kg"}),
        ],
    },
    {
        "slug": "htx-nong-san-hung-son",
        "name": "HTX Nông sản Hùng Sơn",
        "kind": Producer.Kind.COOPERATIVE,
        "district": "Huyện Đại Từ",
        "commune": "Hùng Sơn",
        "phone": "0208 3824 789",
        "story": "Gom nông sản của bà con quanh chợ Hùng Sơn: gạo, miến dong, rau quả.",
        "colour": (60, 90, 150),
        "products": [
            (
                "NS-GAO-5",
                "Gạo Bao thai Định Hóa 5kg",
                FARM,
                "Gạo và miến",
                120000,
                100,
                {"unit": "túi", "ocop_stars": 3},
            ),
            (
                "NS-MIEN-500",
                "Miến dong Hùng Sơn 500g",
                FARM,
                "Gạo và miến",
                45000,
                150,
                {"unit": "gói", "ocop_stars": 4},
            ),
            ("NS-DUA-1", "Dưa chuột Hùng Sơn 1kg", FARM, "Rau quả", 20000, 80, {"unit": "kg"}),
            (
                "NS-NEP-2",
                "Gạo nếp vải Phú Lương 2kg",
                FARM,
                "Gạo và miến",
                70000,
                60,
                {"unit": "túi"},
            ),
            (
                "NS-BC-1",
                "Bánh chưng Bờ Đậu",
                FARM,
                "Đặc sản",
                35000,
                50,
                {"unit": "con", "ocop_stars": 3},
            ),
        ],
    },
]


@cache
def _font(size: int):
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def product_image(title: str, colour: tuple[int, int, int]) -> bytes:
    """A simple labelled JPEG: a coloured card with the product name, wrapped."""
    img = Image.new("RGB", (600, 600), colour)
    draw = ImageDraw.Draw(img)
    draw.ellipse((170, 90, 430, 350), fill=tuple(min(255, c + 60) for c in colour))
    words, lines, line = title.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=_font(40)) > 540 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = 390
    for text in lines[:4]:
        width = draw.textlength(text, font=_font(40))
        draw.text(((600 - width) / 2, y), text, fill="white", font=_font(40))
        y += 50
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def seed_product_classes() -> dict[str, object]:
    from oscar.apps.catalogue.models import AttributeOption, AttributeOptionGroup

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


def seed_producers(*, farmer_user=None) -> list[Producer]:
    classes = seed_product_classes()
    producers = []
    for spec in PRODUCERS:
        partner, _ = Partner.objects.get_or_create(
            code=spec["slug"], defaults={"name": spec["name"]}
        )
        place = commune(spec["district"], spec["commune"])
        producer, _ = Producer.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "partner": partner,
                "name": spec["name"],
                "kind": spec["kind"],
                "story": spec["story"],
                "district": place.district,
                "commune": place,
                "phone": spec["phone"],
                "is_verified": True,
            },
        )
        for sku, title, class_name, category, price, stock, attrs in spec["products"]:
            _seed_product(
                partner=partner,
                product_class=classes[class_name],
                sku=sku,
                title=title,
                category=category,
                price=price,
                stock=stock,
                attrs=attrs,
                colour=spec["colour"],
            )
        producers.append(producer)
    if farmer_user is not None:
        producers[0].partner.users.add(farmer_user)
    return producers


def _seed_product(*, partner, product_class, sku, title, category, price, stock, attrs, colour):
    if StockRecord.objects.filter(partner=partner, partner_sku=sku).exists():
        return
    product = Product(title=title, product_class=product_class, is_public=True)
    for code, value in attrs.items():
        if code in OPTIONS:
            value = product_class.attributes.get(code=code).option_group.options.get(option=value)
        setattr(product.attr, code, value)
    product.save()
    ProductCategory.objects.create(product=product, category=create_from_breadcrumbs(category))
    StockRecord.objects.create(
        product=product,
        partner=partner,
        partner_sku=sku,
        price=Decimal(price),
        price_currency="VND",
        num_in_stock=stock,
    )
    image = ProductImage(product=product, display_order=0, caption=title)
    image.original.save(
        f"{slugify(sku)}.jpg", ContentFile(product_image(title, colour)), save=False
    )
    image.save()
