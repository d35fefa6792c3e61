"""Lots, events and codes for traceability tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from catalog.services import product_set_gtin
from tests import factories
from traceability.models import Lot, TraceCode, TraceEvent

ProductAttribute = get_model("catalogue", "ProductAttribute")

GTIN = "08938056000014"  # Viet Nam's 893 prefix, valid check digit
OTHER_GTIN = "09520123456788"  # GS1's demo prefix: no product has it


def tea_product(gtin: str = GTIN, **kwargs):
    product = factories.product(image=kwargs.pop("image", False), **kwargs)
    ProductAttribute.objects.get_or_create(
        product_class=product.product_class, code="gtin", defaults={"name": "GTIN", "type": "text"}
    )
    product_set_gtin(product=product, gtin=gtin.lstrip("0"))
    return product


def lot(code: str = "TC-X26", *, product=None, gtin: str = GTIN, with_events: bool = True) -> Lot:
    product = product or tea_product(gtin)
    owner = product.stockrecords.first().partner.producer
    today = timezone.localdate()
    dried = Lot.objects.create(
        product=product,
        producer=owner,
        gtin=gtin,
        code=code,
        growing_area="Đồi chè Tân Cương",
        harvest_date=today - dt.timedelta(days=30),
        production_date=today - dt.timedelta(days=29),
        best_before=today + dt.timedelta(days=300),
        quantity=Decimal("24"),
    )
    if with_events:
        fresh = Lot.objects.create(
            product=product, producer=owner, gtin=gtin, code=f"{code}-T", quantity=Decimal(120)
        )
        now = timezone.now()
        picked = TraceEvent.objects.create(
            event_type=TraceEvent.Type.OBJECT,
            action=TraceEvent.Action.ADD,
            biz_step=TraceEvent.BizStep.COMMISSIONING,
            event_time=now - dt.timedelta(days=30),
            location_name="Đồi chè xóm Hồng Thái",
            note="Hái tay một tôm hai lá",
        )
        picked.lots.add(fresh)
        fired = TraceEvent.objects.create(
            event_type=TraceEvent.Type.TRANSFORMATION,
            biz_step=TraceEvent.BizStep.TRANSFORMING,
            event_time=now - dt.timedelta(days=29),
            location_name="Xưởng sao chè",
            note="Sao chảo gang",
        )
        fired.input_lots.add(fresh)
        fired.output_lots.add(dried)
        received = TraceEvent.objects.create(
            event_type=TraceEvent.Type.OBJECT,
            action=TraceEvent.Action.OBSERVE,
            biz_step=TraceEvent.BizStep.RECEIVING,
            event_time=now - dt.timedelta(days=20),
            location_name="Chợ Hùng Sơn",
        )
        received.lots.add(dried)
    return dried


def code(lot: Lot, serial: str = "ABCD2345", status: str = TraceCode.Status.ACTIVE) -> TraceCode:
    return TraceCode.objects.create(
        lot=lot, gtin=lot.gtin, lot_code=lot.code, serial=serial, status=status
    )
