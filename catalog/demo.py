"""Demo producers and products from Thái Nguyên (seed_demo); idempotent."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from functools import cache

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer
from PIL import Image, ImageDraw, ImageFont

from catalog.illustrations import illustration, kind_for
from catalog.models import Certification, Producer
from catalog.product_classes import FARM, OPTIONS, PRODUCT_CLASSES, TEA, ensure_product_classes
from catalog.services import certification_create, product_search_rebuild
from core.text import slugify
from market.demo import commune
from traceability.gs1 import gtin_check_digit

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

# Attributes an older seed created and that are now certifications (OCOP stars).
RETIRED_ATTRIBUTES = ("ocop_stars",)

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
                # The OCOP certificate of this product ran out: shown as expired, not counted.
                {"tea_type": "Búp", "net_weight_g": 1000, "ocop_expired": 3},
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

# Where each producer is paid, and its own certificates (product OCOP stars are in the specs).
# Dates are relative to the day the demo is first loaded, so "valid" stays valid.
PRODUCER_EXTRAS = {
    "htx-che-tan-cuong-hoang-binh": {
        "bank": ("970436", "0281000456789", "HTX Che Tan Cuong Hoang Binh"),
        "lat_lng": ("21.5608", "105.7703"),
        "certs": [
            ("vietgap", "", "VietGAP-TT-1125", "Trung tâm Chứng nhận VietGAP", 8, 24),
            ("gi", "Tân Cương", "CDĐL-00037", "Cục Sở hữu trí tuệ", 60, None),
            ("gi", "Chè Thái Nguyên", "NHTT-4-0123456", "Cục Sở hữu trí tuệ", 48, None),
        ],
    },
    "ho-che-la-bang-nguyen-van-thanh": {
        "bank": ("970405", "8600205123456", "Nguyễn Văn Thành"),
        "lat_lng": ("21.6270", "105.5470"),
        "certs": [("gi", "Chè Thái Nguyên", "NHTT-4-0123457", "Cục Sở hữu trí tuệ", 30, None)],
    },
    "trang-trai-che-trai-cai": {
        "bank": ("970418", "39010000123456", "Đỗ Thị Mai"),
        "lat_lng": ("21.7360", "105.8790"),
        "certs": [("vietgap", "", "VietGAP-TT-0934", "Trung tâm Chứng nhận VietGAP", 14, 24)],
    },
    "htx-mat-ong-dinh-hoa": {
        "bank": ("970415", "106001234567", "HTX Mat Ong Dinh Hoa"),
        "lat_lng": ("21.9000", "105.6330"),
        "certs": [("organic", "", "ORG-VN-2207", "Tổ chức chứng nhận hữu cơ", 3, 12)],
    },
    "trang-trai-ga-doi-phu-binh": {
        "bank": ("970407", "19036123456789", "Trần Văn Hùng"),
        "lat_lng": ("21.4880", "105.9810"),
        "certs": [("vietgap", "", "VietGAP-CN-0412", "Chi cục Chăn nuôi và Thú y", 6, 24)],
    },
    "htx-nong-san-hung-son": {
        "bank": ("970422", "0801234567890", "HTX Nong San Hung Son"),
        "lat_lng": ("21.6373", "105.6398"),
        "certs": [],
    },
}

DESCRIPTIONS = {
    "TC-MC-200": "Búp chè một tôm hai lá hái tay ở Tân Cương, sao chảo gang; nước xanh, "
    "hương cốm, vị chát dịu, hậu ngọt.",
    "TC-HQ-01": "Hộp quà gồm ba gói chè móc câu, thích hợp biếu tặng dịp Tết.",
    "MO-SA-200": "Sáp lấy từ tổ ong nuôi dưới tán rừng, dùng làm nến hoặc dưỡng da.",
    "NS-BC-1": "Bánh chưng gói lá dong, nhân đậu xanh thịt lợn, gạo nếp nương.",
    "GA-DOI-1": "Gà đồi thả vườn, thịt chắc, da vàng; giao trong ngày ở thành phố Thái Nguyên.",
}

# Products with a barcode (GS1 Viet Nam prefix 893; a made-up company number).
GTIN_PRODUCERS = ("htx-che-tan-cuong-hoang-binh", "htx-mat-ong-dinh-hoa")


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


def product_image(title: str, category: str = "", variant: int = 0) -> bytes:
    """The demo photo of a product: a text-free illustration chosen by its title (then
    category), as a JPEG."""
    return illustration_jpeg(kind_for(title, category), variant)


@cache
def illustration_jpeg(kind: str, variant: int = 0) -> bytes:
    """An illustration as a JPEG; drawn once per kind and variant, so seeding stays fast."""
    buffer = io.BytesIO()
    illustration(kind, variant).save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _illustration_variants() -> dict[str, int]:
    """Each demo SKU's variant: the second product of a kind gets its picture mirrored, the
    third warmer colours..., so a shelf of honey is not one picture three times."""
    seen: dict[str, int] = {}
    variants = {}
    for spec in PRODUCERS:
        for sku, title, _class, category, *_ in spec["products"]:
            kind = kind_for(title, category)
            variants[sku] = seen.get(kind, 0)
            seen[kind] = variants[sku] + 1
    return variants


ILLUSTRATION_VARIANTS = _illustration_variants()


def producer_photo(name: str, colour: tuple[int, int, int]) -> bytes:
    """A landscape JPEG: sky, terraced hills in the producer's colour, and the name."""
    width, height = 720, 400
    img = Image.new("RGB", (width, height), (214, 234, 244))
    draw = ImageDraw.Draw(img)
    draw.ellipse((560, 40, 640, 120), fill=(250, 214, 120))
    for n, top in enumerate((170, 220, 270)):
        shade = tuple(max(0, c - 25 * n) for c in colour)
        draw.polygon(
            [
                (0, height),
                (0, top + 40),
                (width * 0.35, top),
                (width * 0.7, top + 50),
                (width, top + 10),
                (width, height),
            ],
            fill=shade,
        )
        for x in range(0, width, 36):  # rows of tea bushes
            draw.arc(
                (x, top + 60 + 30 * n, x + 34, top + 90 + 30 * n), 180, 360, fill=(255, 255, 255)
            )
    font = _font(34)
    text = name if draw.textlength(name, font=font) <= width - 40 else name[:32] + "…"
    draw.rectangle((0, height - 70, width, height), fill=(0, 0, 0))
    draw.text((20, height - 56), text, fill="white", font=font)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def certificate_document(*, title: str, lines: list[str], pdf: bool) -> bytes:
    """A one-page certificate drawn with Pillow: a PDF (Pillow writes it) or a PNG image."""
    img = Image.new("RGB", (840, 595), (255, 253, 245))
    draw = ImageDraw.Draw(img)
    draw.rectangle((16, 16, 824, 579), outline=(160, 30, 30), width=6)
    draw.text((60, 60), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill=(0, 0, 0), font=_font(24))
    draw.text((60, 130), title, fill=(160, 30, 30), font=_font(40))
    y = 210
    for line in lines:
        draw.text((60, y), line, fill=(20, 20, 20), font=_font(26))
        y += 46
    draw.text((60, 520), "Bản mẫu cho dữ liệu demo Chợ Số", fill=(120, 120, 120), font=_font(20))
    buffer = io.BytesIO()
    if pdf:
        img.save(buffer, "PDF", resolution=100.0)
    else:
        img.save(buffer, "PNG")
    return buffer.getvalue()


def demo_gtin(n: int) -> str:
    data = f"893805600{n:03d}"
    return data + str(gtin_check_digit(data))


def seed_product_classes() -> dict[str, object]:
    """The shop's product classes (made by a migration; rebuilt after a flush), without the
    attributes an older demo seed created."""
    ProductAttribute.objects.filter(code__in=RETIRED_ATTRIBUTES).delete()
    return ensure_product_classes()


def seed_producers(*, farmer_user=None, digital_team_user=None) -> list[Producer]:
    classes = seed_product_classes()
    producers = []
    gtin_counter = 0
    for spec in PRODUCERS:
        extras = PRODUCER_EXTRAS.get(spec["slug"], {})
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
                "province": place.province,
                "commune": place,
                "phone": spec["phone"],
                # Cooperatives and enterprises publish their office phone; households keep
                # their mobiles for the shop's staff.
                "show_phone_publicly": spec["kind"] != Producer.Kind.HOUSEHOLD,
                "is_verified": True,
            },
        )
        _complete_producer(producer, spec, extras)
        for sku, title, class_name, category, price, stock, attrs in spec["products"]:
            gtin = None
            if spec["slug"] in GTIN_PRODUCERS:
                gtin_counter += 1
                gtin = demo_gtin(gtin_counter)
            product = _seed_product(
                partner=partner,
                product_class=classes[class_name],
                sku=sku,
                title=title,
                category=category,
                price=price,
                stock=stock,
                attrs={**attrs, **({"gtin": gtin} if gtin else {})},
            )
            _seed_product_ocop(product, sku=sku, attrs=attrs)
        producers.append(producer)
    if farmer_user is not None:
        producers[0].partner.users.add(farmer_user)
    if digital_team_user is not None:
        # A community digital team member helps the two Đại Từ / Đồng Hỷ tea households.
        for producer in producers[1:3]:
            producer.assistants.add(digital_team_user)
    product_search_rebuild()
    return producers


def _complete_producer(producer: Producer, spec: dict, extras: dict) -> None:
    """Fill in what older demo data lacks (bank account, place, photo, certificates)."""
    changed = []
    if extras.get("bank") and not producer.has_bank_account:
        producer.bank_bin, producer.account_number, producer.account_holder = extras["bank"]
        changed += ["bank_bin", "account_number", "account_holder"]
    if extras.get("lat_lng") and producer.latitude is None:
        producer.latitude, producer.longitude = (Decimal(v) for v in extras["lat_lng"])
        changed += ["latitude", "longitude"]
    if not producer.photo:
        producer.photo.save(
            f"{producer.slug}.jpg",
            ContentFile(producer_photo(producer.name, spec["colour"])),
            save=False,
        )
        changed.append("photo")
    if changed:
        producer.full_clean()
        producer.save(update_fields=changed)
    for kind, name, number, issuer, months_ago, valid_months in extras.get("certs", []):
        if Certification.objects.filter(certificate_number=number, producer=producer).exists():
            continue
        issued = _months_ago(months_ago)
        label = dict(Certification.Kind.choices)[kind]
        document = certificate_document(
            title=f"GIẤY CHỨNG NHẬN {str(label).upper()}"[:40],
            lines=[
                producer.name,
                f"{name}".strip() or str(label),
                f"Số: {number}",
                f"Cấp ngày {issued:%d/%m/%Y}",
                issuer,
            ],
            pdf=kind != "gi",
        )
        certification_create(
            producer=producer,
            kind=kind,
            name=name,
            certificate_number=number,
            issuer=issuer,
            issued_on=issued,
            valid_until=(
                issued + relativedelta(months=valid_months) - dt.timedelta(days=1)
                if valid_months
                else None
            ),
            document=ContentFile(
                document, name=f"{slugify(number)}.{'png' if kind == 'gi' else 'pdf'}"
            ),
        )


def _months_ago(months: int) -> dt.date:
    return timezone.localdate() - relativedelta(months=months)


def _seed_product_ocop(product, *, sku: str, attrs: dict) -> None:
    """OCOP stars are product certificates; one demo product's has expired (40 months old)."""
    stars, months_ago = attrs.get("ocop_stars"), 10
    if attrs.get("ocop_expired"):
        stars, months_ago = attrs["ocop_expired"], 40
    number = f"OCOP-TN-{sku}"
    if not stars or Certification.objects.filter(certificate_number=number).exists():
        return
    issued = _months_ago(months_ago)
    document = certificate_document(
        title=f"CHỨNG NHẬN OCOP {stars} SAO",
        lines=[
            product.title[:40],
            f"Số: {number}",
            f"Cấp ngày {issued:%d/%m/%Y}",
            "UBND tỉnh Thái Nguyên",
        ],
        pdf=True,
    )
    certification_create(
        product=product,
        kind=Certification.Kind.OCOP,
        ocop_stars=stars,
        name="",
        certificate_number=number,
        issuer="UBND tỉnh Thái Nguyên",
        issued_on=issued,
        document=ContentFile(document, name=f"{slugify(number)}.pdf"),
    )


def _seed_product(*, partner, product_class, sku, title, category, price, stock, attrs):
    record = StockRecord.objects.filter(partner=partner, partner_sku=sku).select_related("product")
    if record.exists():
        product = record.first().product
        _replace_placeholder_photo(product, sku=sku, category=category)
        return product
    product = Product(
        title=title,
        product_class=product_class,
        is_public=True,
        description=DESCRIPTIONS.get(sku, ""),
    )
    for code, value in attrs.items():
        if code not in {a[0] for a in PRODUCT_CLASSES[product_class.name]}:
            continue  # ocop_stars and the like become certifications, not attributes
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
    _save_illustration(image, sku=sku, title=title, category=category)
    image.save()
    return product


def _save_illustration(image, *, sku: str, title: str, category: str) -> None:
    kind = kind_for(title, category)
    image.original.save(
        f"{slugify(sku)}-{kind.replace('_', '-')}.jpg",
        ContentFile(illustration_jpeg(kind, ILLUSTRATION_VARIANTS.get(sku, 0))),
        save=False,
    )


def _replace_placeholder_photo(product, *, sku: str, category: str) -> None:
    """Swap the coloured square an older seed drew (``<sku>.jpg``, or ``<sku>_abc1234.jpg`` when
    the name was taken) for the illustration; a photo anyone uploaded keeps its own name and
    is left alone. Once swapped the name no longer matches, so this runs once."""
    old_name = re.compile(rf"{re.escape(slugify(sku))}(_[A-Za-z0-9]{{7}})?\.jpg")
    for image in product.images.all():
        if not old_name.fullmatch(image.original.name.rsplit("/", 1)[-1]):
            continue
        old_file = image.original.name
        # Its thumbnails (and, with sorl, the file itself) would otherwise outlive it.
        get_thumbnailer().delete_thumbnails(image.original)
        _save_illustration(image, sku=sku, title=product.title, category=category)
        image.save(update_fields=["original"])
        image.original.storage.delete(old_file)
