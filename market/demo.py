"""Demo places and markets for Thái Nguyên (seed_demo); idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.text import slugify
from market.models import Commune, District, Market, Province, Stall

# District → communes used by the demo (the province's nine district-level units, 2022).
THAI_NGUYEN = {
    "Thành phố Thái Nguyên": ["Tân Cương", "Phúc Xuân", "Quyết Thắng"],
    "Thành phố Sông Công": ["Bình Sơn"],
    "Thành phố Phổ Yên": ["Minh Đức"],
    "Huyện Đại Từ": ["Hùng Sơn", "La Bằng", "Hoàng Nông"],
    "Huyện Định Hóa": ["Chợ Chu", "Phú Đình"],
    "Huyện Phú Lương": ["Đu", "Yên Ninh"],
    "Huyện Đồng Hỷ": ["Minh Lập", "Hóa Thượng"],
    "Huyện Võ Nhai": ["La Hiên", "Đình Cả"],
    "Huyện Phú Bình": ["Hương Sơn", "Úc Kỳ"],
}

MARKETS = [
    {
        "name": "Chợ Hùng Sơn",
        "district": "Huyện Đại Từ",
        "commune": "Hùng Sơn",
        "address": "Tổ dân phố Sơn Tập, thị trấn Hùng Sơn",
        "lat": "21.6373",
        "lng": "105.6398",
        "opening_days": "Hằng ngày, 5h–18h",
        "launch": dt.date(2022, 4, 26),
        "stalls": [
            ("HS-01", "Quầy chè Thành Hương", "Chè"),
            ("HS-02", "Quầy rau Bà Lan", "Rau củ"),
            ("HS-03", "Quầy thịt Hùng Cường", "Thịt"),
            ("HS-04", "Quầy hoa quả Mai Anh", "Hoa quả"),
            ("HS-05", "Quầy tạp hóa Minh Tâm", "Tạp hóa"),
        ],
    },
    {
        "name": "Chợ La Hiên",
        "district": "Huyện Võ Nhai",
        "commune": "La Hiên",
        "address": "Xóm La Hiên, xã La Hiên",
        "lat": "21.7226",
        "lng": "105.9148",
        "opening_days": "Hằng ngày, phiên chính ngày 5, 10",
        "launch": dt.date(2022, 6, 1),
        "stalls": [
            ("LH-01", "Quầy măng khô Thu Hà", "Đặc sản"),
            ("LH-02", "Quầy cá suối Văn Tú", "Thủy sản"),
            ("LH-03", "Quầy gạo nếp Hoa Sen", "Gạo"),
        ],
    },
]


def seed_places() -> Province:
    province, _ = Province.objects.get_or_create(
        slug="thai-nguyen", defaults={"name": "Tỉnh Thái Nguyên"}
    )
    for district_name, communes in THAI_NGUYEN.items():
        district, _ = District.objects.get_or_create(
            province=province, slug=slugify(district_name), defaults={"name": district_name}
        )
        for commune_name in communes:
            Commune.objects.get_or_create(
                district=district, slug=slugify(commune_name), defaults={"name": commune_name}
            )
    return province


def commune(district_name: str, commune_name: str) -> Commune:
    return Commune.objects.get(
        district__province__slug="thai-nguyen",
        district__slug=slugify(district_name),
        slug=slugify(commune_name),
    )


def seed_markets(*, board_user=None, stallholder=None) -> list[Market]:
    markets = []
    for spec in MARKETS:
        market, _ = Market.objects.get_or_create(
            slug=slugify(spec["name"]),
            defaults={
                "name": spec["name"],
                "commune": commune(spec["district"], spec["commune"]),
                "address": spec["address"],
                "latitude": Decimal(spec["lat"]),
                "longitude": Decimal(spec["lng"]),
                "opening_days": spec["opening_days"],
                "cashless_launch_date": spec["launch"],
            },
        )
        for code, name, category in spec["stalls"]:
            Stall.objects.get_or_create(
                market=market, code=code, defaults={"name": name, "goods_category": category}
            )
        markets.append(market)
    hung_son = markets[0]
    if board_user is not None:
        hung_son.board_members.add(board_user)
    if stallholder is not None:
        Stall.objects.filter(market=hung_son, code="HS-01", stallholder__isnull=True).update(
            stallholder=stallholder
        )
    return markets
