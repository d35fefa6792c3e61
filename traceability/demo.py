"""Demo lots, events and codes for the tea producers (seed_demo); idempotent.

Each tea producer gets one spring lot with its whole journey: fresh leaves picked
(commissioning) → withered, rolled and pan-fired (transformation) → packed → shipped →
received at Chợ Hùng Sơn. Some codes have been scanned; one serial shows the pattern of a
copied label (scanned far too often, far apart) and is flagged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from catalog.models import Producer
from catalog.services import product_set_gtin
from market.models import GoodsCategory, Market, Stall
from traceability.gs1 import gtin_check_digit, normalize_gtin
from traceability.models import Lot, Scan, TraceCode, TraceEvent
from traceability.services import FLAG_MANY_SCANS, issue_trace_codes, lot_code_issue

StockRecord = get_model("partner", "StockRecord")

TEA_CLASS_SLUG = "che"
CODES_PER_LOT = 40
# Fixed serials, so the README can point at them (the others come from ``secrets``).
GENUINE_SERIAL = "HB3F8N2R6T"
COUNTERFEIT_SERIAL = "HB7K2M9QX4"
# (producer slug, lot prefix, tea garden, workshop)
TEA_LOTS = [
    (
        "htx-che-tan-cuong-hoang-binh",
        "TCHB",
        "Đồi chè xóm Hồng Thái 2, Tân Cương",
        "Xưởng sao chè HTX Hoàng Bình, Tân Cương",
    ),
    (
        "ho-che-la-bang-nguyen-van-thanh",
        "LBNT",
        "Đồi chè chân núi Tam Đảo, xóm Lục Liêu, La Bằng",
        "Lò sao chè gia đình Nguyễn Văn Thành, La Bằng",
    ),
    (
        "trang-trai-che-trai-cai",
        "TRCA",
        "Đồi chè Trại Cài, Minh Lập",
        "Xưởng chè Trại Cài, Minh Lập",
    ),
]
# Places the counterfeit serial was scanned (coarse lat/lng): Thái Nguyên, Hà Nội, TP HCM.
FAR_PLACES = [("21.59", "105.85"), ("21.03", "105.85"), ("10.78", "106.70")]


def _tea_product(producer: Producer):
    record = (
        StockRecord.objects.filter(
            partner=producer.partner, product__product_class__slug=TEA_CLASS_SLUG
        )
        .select_related("product__product_class")
        .order_by("pk")
        .first()
    )
    return record.product if record else None


def _gtin_of(product, fallback_number: int) -> str:
    """The product's GTIN; tea without one gets a demo number (893 is Viet Nam's prefix)."""
    value = getattr(product.attr, "gtin", None)
    if not value:
        data = f"893805610{fallback_number:03d}"
        value = data + str(gtin_check_digit(data))
        product_set_gtin(product=product, gtin=value)
    return normalize_gtin(str(value))


def seed_traceability() -> list[Lot]:
    """Lots with full timelines for each tea producer, codes, scans and a flagged serial."""
    hung_son = Market.objects.filter(name="Chợ Hùng Sơn").select_related("commune").first()
    lots = []
    for number, (slug, prefix, garden, workshop) in enumerate(TEA_LOTS, start=1):
        producer = Producer.objects.filter(slug=slug).select_related("partner").first()
        product = _tea_product(producer) if producer else None
        if product is None:
            continue
        gtin = _gtin_of(product, number)
        lot = Lot.objects.filter(gtin=gtin, code=f"{prefix}-X26").first()
        if lot is None:
            lot = _seed_lot(
                producer=producer,
                product=product,
                gtin=gtin,
                prefix=prefix,
                garden=garden,
                workshop=workshop,
                market=hung_son,
            )
        lots.append(lot)
        _link_stall(producer=producer, market=hung_son)
    return lots


def _link_stall(*, producer: Producer, market: Market | None) -> None:
    """The producer sells at a Hùng Sơn tea stall under its own account (one identity)."""
    user = producer.partner.users.order_by("pk").first()
    if market is None or user is None or Stall.objects.filter(stallholder=user).exists():
        return
    stall = (
        Stall.objects.filter(
            market=market,
            goods_category=GoodsCategory.TEA,
            is_active=True,
            stallholder__isnull=True,
        )
        .order_by("code")
        .first()
    )
    if stall is not None:
        Stall.objects.filter(pk=stall.pk).update(stallholder=user)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _seed_lot(*, producer, product, gtin, prefix, garden, workshop, market) -> Lot:
    today = timezone.localdate()
    harvest = today - dt.timedelta(days=45)
    fresh = Lot.objects.create(
        product=product,
        producer=producer,
        gtin=gtin,
        code=f"{prefix}-X26-T",
        growing_area=garden,
        harvest_date=harvest,
        quantity=Decimal("120"),
        unit=Lot.Unit.KG,
    )
    dried = Lot.objects.create(
        product=product,
        producer=producer,
        gtin=gtin,
        code=f"{prefix}-X26",
        growing_area=garden,
        harvest_date=harvest,
        production_date=harvest + dt.timedelta(days=1),
        best_before=harvest + dt.timedelta(days=365),
        quantity=Decimal("24"),
        unit=Lot.Unit.KG,
    )
    market_name = f"{market.name}, {market.commune.name}" if market else "Chợ Hùng Sơn"
    steps = [
        (TraceEvent.BizStep.COMMISSIONING, TraceEvent.Action.ADD, harvest, 6, garden,
         [fresh], "120", "kg", "Hái tay một tôm hai lá, buổi sáng."),
        (TraceEvent.BizStep.TRANSFORMING, "", harvest, 14, workshop,
         None, "24", "kg", "Làm héo, vò, sao chảo gang: 120 kg búp tươi thành 24 kg chè khô."),
        (TraceEvent.BizStep.PACKING, TraceEvent.Action.OBSERVE, harvest + dt.timedelta(days=3),
         9, workshop, [dried], "120", "gói", "Đóng gói 200 g, dán tem truy xuất."),
        (TraceEvent.BizStep.SHIPPING, TraceEvent.Action.OBSERVE, harvest + dt.timedelta(days=5),
         5, workshop, [dried], "40", "gói", ""),
        (TraceEvent.BizStep.RECEIVING, TraceEvent.Action.OBSERVE, harvest + dt.timedelta(days=5),
         7, market_name, [dried], "40", "gói", "Nhận tại quầy chè của chợ."),
    ]  # fmt: skip
    for number, (step, action, day, hour, place, lots, qty, unit, note) in enumerate(steps):
        event = TraceEvent.objects.create(
            event_type=(
                TraceEvent.Type.OBJECT if lots is not None else TraceEvent.Type.TRANSFORMATION
            ),
            action=action,
            biz_step=step,
            disposition="in_progress",
            event_time=_at(day, hour),
            location_name=place,
            quantity=Decimal(qty),
            unit=unit,
            note=note,
            source="seed_demo",
            event_id=f"demo:{prefix}-X26:{number}",
        )
        if lots is None:
            event.input_lots.add(fresh)
            event.output_lots.add(dried)
        else:
            event.lots.add(*lots)
    lot_code_issue(lot=fresh)
    issue_trace_codes(lot=dried, count=CODES_PER_LOT)
    _seed_scans(lot=dried, prefix=prefix, harvest=harvest)
    return dried


def _scan(code: TraceCode, at: dt.datetime, client: str, place=None) -> None:
    lat, lng = (Decimal(v) for v in place) if place else (None, None)
    scan = Scan.objects.create(
        code=code,
        gtin=code.gtin,
        lot_code=code.lot_code,
        serial=code.serial,
        client_hash=client,
        latitude=lat,
        longitude=lng,
    )
    Scan.objects.filter(pk=scan.pk).update(at=at)  # auto_now_add: backdate after the insert


def _seed_scans(*, lot: Lot, prefix: str, harvest: dt.date) -> None:
    start = _at(harvest + dt.timedelta(days=8), 10)
    codes = list(lot.codes.exclude(serial="").order_by("pk")[:4])
    if prefix == "TCHB":
        codes[0].serial, codes[1].serial = GENUINE_SERIAL, COUNTERFEIT_SERIAL
        TraceCode.objects.bulk_update(codes[:2], ["serial"])
    for index, code in enumerate(codes[:3]):
        scans = 2 if index == 0 else 1
        if code.serial == COUNTERFEIT_SERIAL:
            continue
        for n in range(scans):
            _scan(code, start + dt.timedelta(days=index, hours=n * 5), f"demo-{prefix}-{index}")
        TraceCode.objects.filter(pk=code.pk).update(
            scan_count=scans, first_scanned_at=start + dt.timedelta(days=index), status="active"
        )
    counterfeit = next((c for c in codes if c.serial == COUNTERFEIT_SERIAL), None)
    if counterfeit is None:
        return
    count = 57
    for n in range(count):
        _scan(
            counterfeit,
            start + dt.timedelta(hours=3 * n),
            f"demo-copy-{n}",
            FAR_PLACES[n % len(FAR_PLACES)],
        )
    TraceCode.objects.filter(pk=counterfeit.pk).update(
        scan_count=count,
        first_scanned_at=start,
        status="active",
        flagged=True,
        flag_reason=FLAG_MANY_SCANS,
    )
