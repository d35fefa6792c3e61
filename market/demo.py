"""Demo places, markets and stall registers for Thái Nguyên (seed_demo); idempotent.

The unit list here is illustrative (names in the post-2025 style, each with its former district;
no official codes): load the official list with ``manage.py load_admin_units`` or the Django
admin upload, which adopts these units by name. Stalls get believable Vietnamese names, goods,
stallholders and bank accounts from the NAPAS registry; a realistic share of them (more in the
older Chợ 4.0 markets) has a registered QR, the others have no bank account on file yet.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from core.text import slugify
from market import services
from market.models import Commune, Market, Province, Stall, StallQR
from payments.banks import get_bank, normalize_holder_name

PROVINCE = {
    "code": "19",
    "name": "Tỉnh Thái Nguyên",
    "slug": "thai-nguyen",
    "former_names": "Tỉnh Thái Nguyên, Tỉnh Bắc Kạn",
}

# (name, kind, former district, former province if not Thái Nguyên)
COMMUNES = [
    ("Phường Phan Đình Phùng", "ward", "Thành phố Thái Nguyên", ""),
    ("Xã Tân Cương", "commune", "Thành phố Thái Nguyên", ""),
    ("Phường Phổ Yên", "ward", "Thành phố Phổ Yên", ""),
    ("Xã Đại Từ", "commune", "Huyện Đại Từ", ""),
    ("Xã La Bằng", "commune", "Huyện Đại Từ", ""),
    ("Xã Hoàng Nông", "commune", "Huyện Đại Từ", ""),
    ("Xã Định Hóa", "commune", "Huyện Định Hóa", ""),
    ("Xã Phú Đình", "commune", "Huyện Định Hóa", ""),
    ("Xã Phú Lương", "commune", "Huyện Phú Lương", ""),
    ("Xã Đồng Hỷ", "commune", "Huyện Đồng Hỷ", ""),
    ("Xã Minh Lập", "commune", "Huyện Đồng Hỷ", ""),
    ("Xã La Hiên", "commune", "Huyện Võ Nhai", ""),
    ("Xã Võ Nhai", "commune", "Huyện Võ Nhai", ""),
    ("Xã Phú Bình", "commune", "Huyện Phú Bình", ""),
    ("Phường Đức Xuân", "ward", "Thành phố Bắc Kạn", "Tỉnh Bắc Kạn"),
    ("Xã Chợ Đồn", "commune", "Huyện Chợ Đồn", "Tỉnh Bắc Kạn"),
]

# Catalog demo producers name their place the pre-2025 way: (former district, old commune).
OLD_PLACES = {
    ("Thành phố Thái Nguyên", "Tân Cương"): "Xã Tân Cương",
    ("Huyện Đại Từ", "La Bằng"): "Xã La Bằng",
    ("Huyện Đại Từ", "Hùng Sơn"): "Xã Đại Từ",
    ("Huyện Đại Từ", "Hoàng Nông"): "Xã Hoàng Nông",
    ("Huyện Đồng Hỷ", "Minh Lập"): "Xã Minh Lập",
    ("Huyện Định Hóa", "Phú Đình"): "Xã Phú Đình",
    ("Huyện Phú Bình", "Hương Sơn"): "Xã Phú Bình",
    ("Huyện Võ Nhai", "La Hiên"): "Xã La Hiên",
}

MARKETS = [
    {
        "name": "Chợ Hùng Sơn",
        "prefix": "HS",
        "commune": "Xã Đại Từ",
        "address": "Tổ dân phố Sơn Tập, trung tâm xã Đại Từ (thị trấn Hùng Sơn cũ)",
        "lat": "21.6373",
        "lng": "105.6398",
        "opening_days": "Hằng ngày, 5h–18h",
        "launch": dt.date(2022, 4, 26),
        "stalls": 48,
        "qr_share": 0.92,
        "fixed": [
            ("HS-01", "Quầy chè Thành Hương", "tea", "Trần Thị Hương"),
            ("HS-02", "Quầy rau Bà Lan", "vegetables", "Nguyễn Thị Lan"),
            ("HS-03", "Quầy thịt Hùng Cường", "meat", "Lương Văn Cường"),
            ("HS-04", "Quầy hoa quả Mai Anh", "fruit", "Đỗ Thị Mai Anh"),
            ("HS-05", "Quầy tạp hóa Minh Tâm", "groceries", "Vũ Minh Tâm"),
        ],
    },
    {
        "name": "Chợ La Hiên",
        "prefix": "LH",
        "commune": "Xã La Hiên",
        "address": "Xóm La Hiên, xã La Hiên",
        "lat": "21.7226",
        "lng": "105.9148",
        "opening_days": "Hằng ngày, phiên chính ngày 5, 10",
        "launch": dt.date(2022, 6, 1),
        "stalls": 34,
        "qr_share": 0.82,
        "fixed": [
            ("LH-01", "Quầy măng khô Thu Hà", "specialities", "Hoàng Thu Hà"),
            ("LH-02", "Quầy cá suối Văn Tú", "fish", "Ma Văn Tú"),
            ("LH-03", "Quầy gạo nếp Hoa Sen", "rice", "Triệu Thị Sen"),
        ],
    },
    {
        "name": "Chợ Đu",
        "prefix": "DU",
        "commune": "Xã Phú Lương",
        "address": "Tiểu khu Thái An, xã Phú Lương (thị trấn Đu cũ)",
        "lat": "21.7338",
        "lng": "105.7126",
        "opening_days": "Hằng ngày, 5h–17h30",
        "launch": dt.date(2022, 9, 15),
        "stalls": 40,
        "qr_share": 0.7,
        "fixed": [],
    },
    {
        "name": "Chợ Chu",
        "prefix": "CC",
        "commune": "Xã Định Hóa",
        "address": "Phố Trung Kiên, xã Định Hóa (thị trấn Chợ Chu cũ)",
        "lat": "21.9072",
        "lng": "105.6460",
        "opening_days": "Hằng ngày; phiên lớn ngày 1, 6",
        "launch": dt.date(2022, 11, 10),
        "stalls": 30,
        "qr_share": 0.6,
        "fixed": [],
    },
    {
        "name": "Chợ Úc Sơn",
        "prefix": "US",
        "commune": "Xã Phú Bình",
        "address": "Tổ dân phố Úc Sơn, xã Phú Bình",
        "lat": "21.4891",
        "lng": "105.9732",
        "opening_days": "Hằng ngày, 5h–18h",
        "launch": None,
        "stalls": 24,
        "qr_share": 0.25,
        "fixed": [],
    },
    {
        "name": "Chợ Bằng Lũng",
        "prefix": "BL",
        "commune": "Xã Chợ Đồn",
        "address": "Tổ 5, xã Chợ Đồn (thị trấn Bằng Lũng cũ, tỉnh Bắc Kạn cũ)",
        "lat": "22.1497",
        "lng": "105.5838",
        "opening_days": "Phiên chợ ngày 4, 9, 14, 19, 24, 29",
        "launch": None,
        "stalls": 22,
        "qr_share": 0.12,
        "fixed": [],
    },
]

# Stall names by category: "{kind} {given name}" reads like a real market sign.
STALL_KINDS = {
    "tea": ["Quầy chè", "Chè búp"],
    "vegetables": ["Quầy rau", "Rau sạch"],
    "fruit": ["Hoa quả", "Quầy trái cây"],
    "meat": ["Thịt lợn", "Quầy thịt"],
    "poultry_eggs": ["Gà ta", "Trứng gà vịt"],
    "fish": ["Cá tươi", "Thủy sản"],
    "rice": ["Gạo nếp", "Gạo Bao Thai"],
    "specialities": ["Đặc sản", "Măng khô"],
    "food": ["Bún phở", "Bánh cuốn"],
    "groceries": ["Tạp hóa", "Đồ khô"],
    "clothing": ["Quần áo", "Vải vóc"],
    "household": ["Đồ gia dụng", "Nồi niêu"],
}
CATEGORY_WEIGHTS = {
    "vegetables": 7, "meat": 5, "fruit": 4, "fish": 3, "poultry_eggs": 3, "tea": 3,
    "rice": 2, "food": 3, "groceries": 4, "clothing": 3, "household": 2, "specialities": 2,
}  # fmt: skip
FAMILY = ["Nguyễn", "Trần", "Hoàng", "Lương", "Đỗ", "Vũ", "Phạm", "Ma", "Triệu", "Dương",
          "Đặng", "Nông", "Lê", "Bùi", "Hà"]  # fmt: skip
MIDDLE_F, MIDDLE_M = ["Thị", "Thị", "Thu", "Minh"], ["Văn", "Văn", "Đức", "Quang"]
GIVEN_F = ["Hoa", "Lan", "Hương", "Mai", "Hạnh", "Thảo", "Nga", "Yến", "Hằng", "Loan", "Tuyết",
           "Dung", "Phương", "Liên", "Nhung"]  # fmt: skip
GIVEN_M = ["Hùng", "Tuấn", "Cường", "Dũng", "Sơn", "Thắng", "Bình", "Hải", "Long", "Toàn"]
# BIN, share among stallholders, account number length (as these banks issue them).
BANKS = [("970405", 30, 13), ("970436", 18, 10), ("970415", 14, 12), ("970418", 12, 14),
         ("970422", 14, 12), ("970407", 7, 14), ("970432", 5, 10)]  # fmt: skip


def seed_places() -> Province:
    province, _ = Province.objects.get_or_create(
        slug=PROVINCE["slug"],
        defaults={
            "name": PROVINCE["name"],
            "code": PROVINCE["code"],
            "former_names": PROVINCE["former_names"],
        },
    )
    for name, kind, district, former_province in COMMUNES:
        Commune.objects.get_or_create(
            province=province,
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": kind,
                "former_district": district,
                "former_province": former_province,
            },
        )
    return province


def commune(former_district: str, old_commune: str) -> Commune:
    """Today's unit for a pre-2025 (district, commune) pair, e.g. ("Huyện Đại Từ", "Hùng Sơn")."""
    name = OLD_PLACES.get((former_district, old_commune), old_commune)
    return Commune.objects.get(province__slug=PROVINCE["slug"], slug=slugify(name))


def _person(rng: random.Random) -> str:
    if rng.random() < 0.72:  # most stallholders at these markets are women
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _account(rng: random.Random, length: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(length - 1))


def _stall_specs(spec: dict) -> list[dict]:
    """The market's stalls: the fixed ones, then generated ones (same every run)."""
    rng = random.Random(spec["prefix"])
    categories = [c for c, w in CATEGORY_WEIGHTS.items() for _ in range(w)]
    bins = [b for b, w, _ in BANKS for _ in range(w)]
    lengths = {b: n for b, _, n in BANKS}
    stalls = []
    fixed = {code: (name, category, person) for code, name, category, person in spec["fixed"]}
    for number in range(1, spec["stalls"] + 1):
        code = f"{spec['prefix']}-{number:02d}"
        if code in fixed:
            name, category, person = fixed[code]
        else:
            category = rng.choice(categories)
            person = _person(rng)
            name = f"{rng.choice(STALL_KINDS[category])} {person.split()[-1]}"
        bank_bin = rng.choice(bins)
        has_qr = code == "HS-01" or rng.random() < spec["qr_share"]
        fields = {
            "code": code,
            "name": name,
            "goods_category": category,
            "stallholder_name": person,
            "stallholder_phone": "09" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
        }
        if has_qr:
            fields.update(
                bank_bin=bank_bin,
                account_number=_account(rng, lengths[bank_bin]),
                account_holder=normalize_holder_name(person),
            )
            assert get_bank(bank_bin) is not None
        closed = code != "HS-01" and rng.random() < 0.04
        stalls.append({"fields": fields, "closed": closed})
    return stalls


def seed_markets(
    *, board_user=None, stallholder=None, official=None, digital_team_user=None
) -> list[Market]:
    province = seed_places()
    markets = []
    for spec in MARKETS:
        market, _ = Market.objects.get_or_create(
            slug=slugify(spec["name"]),
            defaults={
                "name": spec["name"],
                "commune": Commune.objects.get(province=province, slug=slugify(spec["commune"])),
                "address": spec["address"],
                "latitude": Decimal(spec["lat"]),
                "longitude": Decimal(spec["lng"]),
                "opening_days": spec["opening_days"],
                "cashless_launch_date": spec["launch"],
            },
        )
        existing = set(Stall.objects.filter(market=market).values_list("code", flat=True))
        for stall in _stall_specs(spec):
            if stall["fields"]["code"] in existing:
                continue
            created = services.stall_create(market=market, actor=board_user, fields=stall["fields"])
            if stall["closed"]:
                services.stall_close(
                    stall=created, actor=board_user, closed_on=dt.date(2025, 12, 31)
                )
        markets.append(market)
    hung_son = markets[0]
    if board_user is not None:
        hung_son.board_members.add(board_user)
    if digital_team_user is not None:
        hung_son.digital_team.add(digital_team_user)
    if official is not None:
        province.officials.add(official)
    if stallholder is not None:
        Stall.objects.filter(market=hung_son, code="HS-01", stallholder__isnull=True).update(
            stallholder=stallholder
        )
    # Old demo databases: stalls registered before the QR registry existed get theirs now.
    for stall in (
        Stall.objects.filter(is_active=True)
        .exclude(bank_bin="")
        .exclude(pk__in=StallQR.objects.filter(is_active=True).values("stall_id"))
    ):
        services.stall_qr_register(stall=stall, actor=board_user)
    return markets
