"""Small builders for market tests: places, two markets, one user per role, stalls with QRs."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from config import roles
from core.text import slugify
from market import services
from market.models import Commune, Market, Province, Stall

User = get_user_model()
VCB, AGRI, MB = "970436", "970405", "970422"


def user(username: str, group: str | None = None, **extra) -> User:
    obj = User.objects.create_user(username, f"{username}@example.com", "demo12345", **extra)
    if group:
        obj.groups.add(Group.objects.get_or_create(name=group)[0])
    return obj


def place(
    name: str = "Xã Đại Từ",
    former_district: str = "Huyện Đại Từ",
    province: tuple[str, str, str] = ("thai-nguyen", "Tỉnh Thái Nguyên", "19"),
) -> Commune:
    province, _ = Province.objects.get_or_create(
        slug=province[0], defaults={"name": province[1], "code": province[2]}
    )
    commune, _ = Commune.objects.get_or_create(
        province=province,
        slug=slugify(name),
        defaults={"name": name, "former_district": former_district},
    )
    return commune


def market(name: str = "Chợ Hùng Sơn", slug: str = "cho-hung-son", **extra) -> Market:
    return Market.objects.create(
        name=name, slug=slug, commune=extra.pop("commune", None) or place(), **extra
    )


def stall(market: Market, code: str = "HS-01", *, bank: bool = True, actor=None, **fields):
    values = {
        "code": code,
        "name": fields.pop("name", f"Quầy {code}"),
        "goods_category": fields.pop("goods_category", "vegetables"),
        "stallholder_name": fields.pop("stallholder_name", "Nguyễn Thị Hoa"),
    }
    if bank:
        values.update(bank_bin=VCB, account_number="1023456789", account_holder="NGUYEN THI HOA")
    values.update(fields)
    return services.stall_create(market=market, actor=actor, fields=values)


@dataclass
class World:
    market_a: Market
    market_b: Market
    users: dict
    stalls: dict = field(default_factory=dict)


def world() -> World:
    """Market A (Thái Nguyên) and market B (another province); a user per role (the official
    is Thái Nguyên's); stalls A-01 (own account, QR), A-02 (no bank account) and B-01."""
    a = market("Chợ Hùng Sơn", "cho-hung-son", cashless_launch_date="2022-04-26")
    tuyen_quang = ("tuyen-quang", "Tỉnh Tuyên Quang", "08")
    b = market(
        "Chợ Na Hang", "cho-na-hang", commune=place("Xã Na Hang", "Huyện Na Hang", tuyen_quang)
    )
    users = {
        "anonymous": None,
        "shopper": user("shopper"),
        "board_a": user("board.a", roles.BOARD_GROUP),
        "board_b": user("board.b", roles.BOARD_GROUP),
        "stallholder": user(
            "stall.a01", roles.STALLHOLDER_GROUP, first_name="Hoa", last_name="Nguyễn Thị"
        ),  # fmt: skip
        "official": user("official", roles.OFFICIAL_GROUP),
        "digital_a": user("digital.a", roles.DIGITAL_TEAM_GROUP),
        "staff": user("staff", is_staff=True, is_superuser=True),  # an operator
    }
    a.board_members.add(users["board_a"])
    b.board_members.add(users["board_b"])
    a.digital_team.add(users["digital_a"])
    a.commune.province.officials.add(users["official"])
    stalls = {
        "a1": stall(a, "A-01", stallholder=users["stallholder"], actor=users["board_a"]),
        "a2": stall(a, "A-02", bank=False, actor=users["board_a"]),
        "b1": stall(b, "B-01", account_number="9704220001", bank_bin=MB, actor=users["board_b"]),
    }
    return World(a, b, users, stalls)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def csv_upload(text: str, name: str = "stalls.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows: list[list], name: str = "stalls.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def pdf_pages_png(pdf: bytes, tmp_path, *, dpi: int = 150) -> list[bytes]:
    """Each PDF page rendered to PNG with poppler's pdftoppm, as a printer would."""
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    return [path.read_bytes() for path in sorted(tmp_path.glob("page-*.png"))]


def active_stalls(market: Market):
    return Stall.objects.filter(market=market, is_active=True)
