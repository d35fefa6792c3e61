"""Demo places, markets and stall registers for Thái Nguyên (seed_demo); idempotent.

The units are the working list a migration makes on every install (market/units.py: names in
the post-2025 style, each with its former district, no official codes): load the official list
with ``manage.py load_admin_units`` or the Django admin upload, which adopts them by name.
Stalls get believable Vietnamese names, goods,
stallholders and bank accounts from the NAPAS registry; a realistic share of them (more in the
older Chợ 4.0 markets) has a registered QR, the others have no bank account on file yet.
``seed_market_sales`` adds 90 days of synthetic sales following each market's adoption curve
and computes the adoption figures of those days.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from core.text import slugify
from market import rollups, services
from market.models import Commune, Market, Province, Sale, Stall, StallQR
from market.units import PROVINCE, ensure_initial_units
from payments.banks import get_bank, normalize_holder_name
from payments.models import BankFeedEvent

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
    """Thái Nguyên and its communes (made by a migration; rebuilt after a flush)."""
    return ensure_initial_units()


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


# --- 90 days of sales and their adoption figures ---------------------------------------------
# Synthetic, bank-confirmed sales: each cashless one has its own BankFeedEvent from provider
# "demo" (the sales ledger's rule: no QR sale without a bank transfer behind it), so the demo
# never mixes with a real bank feed. Cash sales are the ones stallholders type into the app.

SALES_DAYS = 90
DEMO_PROVIDER = "demo"
DEMO_CASH = uuid.UUID("5b0e7c1e-2f7a-4c55-9a53-6f6d6f6b0001")
# Per market: share of stalls with a QR paid cashless on a day, at the window's start and end
# (a straight line between), cashless sales of a paying stall per day, and for a market that
# is still registering QRs, the share of its QRs already registered when the window opens.
ADOPTION = {
    "HS": {"pay": (0.80, 0.88), "sales": (1, 6), "qr_before": 1.0},  # Chợ 4.0 since 2022
    "LH": {"pay": (0.15, 0.70), "sales": (1, 4), "qr_before": 0.35},  # ramping up
    "DU": {"pay": (0.15, 0.30), "sales": (1, 4), "qr_before": 1.0},
    "CC": {"pay": (0.08, 0.20), "sales": (1, 3), "qr_before": 1.0},
    "US": {"pay": (0.04, 0.12), "sales": (1, 3), "qr_before": 1.0},
    "BL": {"pay": (0.02, 0.08), "sales": (1, 2), "qr_before": 1.0},
}
CASH_RECORDING = 0.35  # share of stallholders who type their cash sales in on a given day
# Hùng Sơn's last stalls without an account open one during the window: from that day the
# market meets the Chợ 4.0 criteria again (QR ≥ 90 %), as the board's figures will show.
LATE_QR = {"HS": 2}
LATE_QR_DAY = 55  # days into the window
PRICES = {  # (lowest, highest) sale in thousand đồng, by goods category
    "tea": (100, 600), "vegetables": (10, 60), "fruit": (20, 150), "meat": (50, 300),
    "poultry_eggs": (30, 250), "fish": (40, 250), "rice": (30, 200), "specialities": (50, 400),
    "food": (20, 60), "groceries": (10, 150), "clothing": (80, 400), "household": (30, 300),
    "other": (20, 200),
}  # fmt: skip


def _amount(rng: random.Random, category: str) -> int:
    low, high = PRICES.get(category, PRICES["other"])
    thousands = rng.randint(low, high)
    return (thousands // 5 * 5 or 5) * 1000 if thousands > 50 else thousands * 1000


def _registered_before(spec: dict, window_start: dt.date) -> dt.date:
    launch = spec["launch"] or dt.date(2024, 6, 1)
    return min(launch - dt.timedelta(days=30), window_start - dt.timedelta(days=1))


def _backdate_register(market: Market, spec: dict, window_start: dt.date) -> None:
    """Demo stalls registered (and their first QRs) before the window, as they would have
    been; a market still registering QRs gets most of them during the window."""
    before = rollups.day_start(_registered_before(spec, window_start))
    Stall.objects.filter(market=market, created_at__gt=before).filter(
        code__startswith=f"{spec['prefix']}-"
    ).update(created_at=before)
    share = ADOPTION[spec["prefix"]]["qr_before"]
    late = _late_qr_codes(spec)
    for qr in StallQR.objects.filter(stall__market=market, is_active=True).select_related("stall"):
        if StallQR.objects.filter(stall_id=qr.stall_id).count() != 1:
            continue  # replaced since: its history is real
        rng = random.Random(f"qr-{qr.stall.code}")
        if qr.stall.code in late:
            when = rollups.day_start(window_start) + dt.timedelta(days=LATE_QR_DAY, hours=9)
        elif rng.random() < share:
            when = before
        else:
            when = rollups.day_start(window_start) + dt.timedelta(
                days=rng.randrange(SALES_DAYS - 5), hours=rng.randint(7, 16)
            )
        if qr.registered_at > when:
            StallQR.objects.filter(pk=qr.pk).update(registered_at=when)


def _late_qr_codes(spec: dict) -> list[str]:
    """The first stalls of the market's register with no bank account (same every run)."""
    open_without_account = [
        stall["fields"]["code"]
        for stall in _stall_specs(spec)
        if not stall["closed"] and "bank_bin" not in stall["fields"]
    ]
    return open_without_account[: LATE_QR.get(spec["prefix"], 0)]


def _open_late_accounts(market: Market, spec: dict) -> None:
    bins = [b for b, _w, _n in BANKS]
    lengths = {b: n for b, _w, n in BANKS}
    for code in _late_qr_codes(spec):
        stall = Stall.objects.filter(market=market, code=code, bank_bin="").first()
        if stall is None:
            continue  # done by an earlier run (or by the board)
        rng = random.Random(f"late-{code}")
        bank_bin = rng.choice(bins)
        services.stall_update(
            stall=stall,
            actor=None,
            fields={
                "bank_bin": bank_bin,
                "account_number": _account(rng, lengths[bank_bin]),
                "account_holder": normalize_holder_name(stall.stallholder_name),
            },
        )


def _seeded_days(prefix: str) -> set[str]:
    """Days (YYYYMMDD) that already have this market's demo bank transfers."""
    ids = BankFeedEvent.objects.filter(
        provider=DEMO_PROVIDER, transaction_id__startswith=f"demo-{prefix}-"
    ).values_list("transaction_id", flat=True)
    return {transaction_id.split("-")[2] for transaction_id in ids}


def _market_sales(market: Market, spec: dict, days: list[dt.date], now: dt.datetime):
    """The market's synthetic bank transfers and cash sales for ``days`` (same every run)."""
    profile = ADOPTION[spec["prefix"]]
    stalls = list(
        Stall.objects.filter(market=market, is_active=True, code__startswith=f"{spec['prefix']}-")
        .order_by("code")
        .values("pk", "code", "goods_category", "account_number")
    )
    qr_since = {
        stall_id: rollups.local_day(at)
        for stall_id, at in StallQR.objects.filter(
            stall__market=market, is_active=True
        ).values_list("stall_id", "registered_at")
    }
    # The last two days may have been cut short by an earlier run ("later today: not yet"):
    # written again, their rows already there are skipped (unique transfer and cash ids).
    seeded = _seeded_days(spec["prefix"]) - {f"{day:%Y%m%d}" for day in days[-2:]}
    events, cashless, cash = [], [], []
    for day in days:
        stamp = f"{day:%Y%m%d}"
        rng = random.Random(f"{spec['prefix']}-{stamp}")
        progress = (day - days[0]).days / max(len(days) - 1, 1)
        pay = profile["pay"][0] + (profile["pay"][1] - profile["pay"][0]) * progress
        opens = rollups.day_start(day) + dt.timedelta(hours=5)
        number = 0
        for stall in stalls:
            has_qr = stall["pk"] in qr_since and qr_since[stall["pk"]] <= day
            kinds = []
            if has_qr and rng.random() < pay:
                kinds += ["qr"] * rng.randint(*profile["sales"])
            if rng.random() < CASH_RECORDING:
                kinds += ["cash"] * rng.randint(1, 4)
            for kind in kinds:
                number += 1
                at = opens + dt.timedelta(seconds=rng.randint(0, 12 * 3600))
                amount = _amount(rng, stall["goods_category"])
                if at >= now or stamp in seeded:
                    continue  # later today (not yet), or written by an earlier run
                key = f"{spec['prefix']}-{stamp}-{number:04d}"
                sale = {"stall_id": stall["pk"], "amount": amount, "at": at}
                if kind == "cash":
                    token = uuid.uuid5(DEMO_CASH, key)
                    cash.append({**sale, "source": "cash", "cash_token": token})
                    continue
                cashless.append(
                    {**sale, "source": "static_qr", "bank_reference": f"DEMO-{key}", "key": key}
                )
                events.append(
                    {
                        "provider": DEMO_PROVIDER,
                        "transaction_id": f"demo-{key}",
                        "raw": {"demo": True},
                        "account_number": stall["account_number"],
                        "amount": amount,
                        "content": f"CHUYEN TIEN MUA HANG {stall['code']}",
                        "bank_reference": f"DEMO-{key}",
                        "transacted_at": at,
                        "status": BankFeedEvent.Status.MATCHED.value,
                        "processed_at": at,
                    }
                )
    return events, cashless, cash


def bulk_insert_rows(model, rows: list[dict], now: dt.datetime, batch: int = 500) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` of many rows in few statements: tens of thousands
    of demo rows through the ORM's ``bulk_create`` cost seconds of per-value preparation.
    Columns not given take their default (``now`` for the recorded-at times)."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    given = {name for row in rows for name in row}
    constant = {}
    for field in fields:
        if field.attname not in given:
            default = now if getattr(field, "auto_now_add", False) else field.get_default()
            constant[field.attname] = field.get_db_prep_save(default, connection)

    def prepare(field, value):
        if value is None or isinstance(value, (int, str)) and not isinstance(value, bool):
            return value
        return field.get_db_prep_save(value, connection)

    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    for first in range(0, len(rows), batch):
        chunk = rows[first : first + batch]
        values, params = [], []
        for row in chunk:
            values.append("(" + ", ".join(["%s"] * len(fields)) + ")")
            for field in fields:
                if field.attname in constant:
                    params.append(constant[field.attname])
                else:
                    params.append(prepare(field, row.get(field.attname)))
        # Table and column names come from the model, quoted; every value is a parameter.
        table, rows_sql = quote(model._meta.db_table), ", ".join(values)
        sql = f"INSERT INTO {table} ({columns}) VALUES {rows_sql} ON CONFLICT DO NOTHING"  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def seed_market_sales(*, now: dt.datetime | None = None) -> dict:
    """90 days of believable sales for the demo markets, then their adoption figures.

    Idempotent: a day that has its demo transfers is left alone, cash entries are keyed by a
    fixed id; run on a later day it adds only the days since. Returns what it did."""
    now = now or timezone.now()
    today = rollups.local_today(now)
    window_start = today - dt.timedelta(days=SALES_DAYS - 1)
    days = [window_start + dt.timedelta(days=n) for n in range(SALES_DAYS)]
    before = Sale.objects.count()
    for spec in MARKETS:
        market = Market.objects.get(slug=slugify(spec["name"]))
        _open_late_accounts(market, spec)
        _backdate_register(market, spec, window_start)
        events, cashless, cash = _market_sales(market, spec, days, now)
        bulk_insert_rows(BankFeedEvent, events, now)
        event_ids = dict(
            BankFeedEvent.objects.filter(
                provider=DEMO_PROVIDER, transaction_id__startswith=f"demo-{spec['prefix']}-"
            ).values_list("transaction_id", "pk")
        )
        for sale in cashless:
            sale["bank_event_id"] = event_ids[f"demo-{sale.pop('key')}"]
        bulk_insert_rows(Sale, cashless, now)
        bulk_insert_rows(Sale, cash, now)
    added = Sale.objects.count() - before
    computed = rollups.compute_range(window_start, today) if added else 0
    return {"sales": added, "days": computed}
