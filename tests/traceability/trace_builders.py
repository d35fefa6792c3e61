"""Lots and events for the EPCIS, label and portal tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tests import factories
from traceability.gs1 import gtin_check_digit
from traceability.models import Lot, TraceEvent

TZ = dt.timezone(dt.timedelta(hours=7))


def gtin(body: str = "0893850597001") -> str:
    return body + str(gtin_check_digit(body))


def lot(
    *,
    producer=None,
    product=None,
    code: str = "TC2026-05A",
    gtin_body: str = "0893850597001",
    **extra,
) -> Lot:
    producer = producer or factories.producer()
    product = product or factories.product(owner=producer)
    values = {
        "harvest_date": dt.date(2026, 5, 12),
        "production_date": dt.date(2026, 5, 14),
        "best_before": dt.date(2027, 5, 14),
        "quantity": Decimal("120"),
        "unit": Lot.Unit.KG,
        "growing_area": "Đồi chè Hoàng Bình, xã Tân Cương",
        **extra,
    }
    return Lot.objects.create(
        product=product, producer=producer, gtin=gtin(gtin_body), code=code, **values
    )


def event(
    lots=(),
    *,
    biz_step: str = TraceEvent.BizStep.COMMISSIONING,
    when: dt.datetime | None = None,
    inputs=(),
    outputs=(),
    **extra,
) -> TraceEvent:
    transformation = bool(inputs or outputs)
    extra.setdefault("action", "" if transformation else TraceEvent.Action.ADD)
    row = TraceEvent.objects.create(
        event_type=TraceEvent.Type.TRANSFORMATION if transformation else TraceEvent.Type.OBJECT,
        biz_step=biz_step,
        event_time=when or timezone.now(),
        **extra,
    )
    row.lots.set(lots)
    row.input_lots.set(inputs)
    row.output_lots.set(outputs)
    return row


def timeline(fresh: Lot, dried: Lot) -> list[TraceEvent]:
    """Harvest → processing (fresh leaves → dried tea) → packing → shipping."""
    return [
        event(
            [fresh],
            when=dt.datetime(2026, 5, 12, 6, 30, tzinfo=TZ),
            quantity=Decimal("120"),
            unit="kg",
            location_name="Đồi chè Hoàng Bình",
        ),
        event(
            biz_step=TraceEvent.BizStep.TRANSFORMING,
            inputs=[fresh],
            outputs=[dried],
            when=dt.datetime(2026, 5, 13, 8, 0, tzinfo=TZ),
            note="Sao chè bằng tôn quay",
        ),
        event(
            [dried],
            biz_step=TraceEvent.BizStep.PACKING,
            when=dt.datetime(2026, 5, 14, 9, 0, tzinfo=TZ),
        ),
        event(
            [dried],
            biz_step=TraceEvent.BizStep.SHIPPING,
            action=TraceEvent.Action.OBSERVE,
            when=dt.datetime(2026, 5, 15, 7, 0, tzinfo=TZ),
            location_id="urn:epc:id:sgln:8938505.00001.0",
        ),
    ]
