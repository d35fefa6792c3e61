"""Demo traceability data (traceability.demo via seed_demo): full journeys, scans, one copy."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from traceability.demo import COUNTERFEIT_SERIAL, GENUINE_SERIAL
from traceability.models import Lot, Scan, TraceCode, TraceEvent
from traceability.selectors import lot_timeline

pytestmark = pytest.mark.django_db


def test_each_tea_producer_gets_a_lot_with_its_whole_journey_once(client):
    call_command("seed_demo", verbosity=0)
    counts = (Lot.objects.count(), TraceCode.objects.count(), TraceEvent.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Lot.objects.count(), TraceCode.objects.count(), TraceEvent.objects.count()) == counts

    dried = Lot.objects.exclude(code__endswith="-T")
    assert dried.values("producer").distinct().count() == 3
    for lot in dried:
        steps = [event.biz_step for event in lot_timeline(lot)]
        assert steps == ["commissioning", "transforming", "packing", "shipping", "receiving"]
        assert lot.codes.exclude(serial="").count() == 40

    flagged = TraceCode.objects.get(flagged=True)
    assert flagged.serial == COUNTERFEIT_SERIAL and flagged.scan_count > 20
    assert Scan.objects.filter(code=flagged).values("latitude").distinct().count() == 3
    genuine = TraceCode.objects.get(serial=GENUINE_SERIAL)
    response = client.get(f"/01/{genuine.gtin}/10/{genuine.lot_code}/21/{genuine.serial}?lang=en")
    html = response.content.decode()
    assert response.status_code == 200 and "Genuine code" in html and "Chợ Hùng Sơn" in html
    assert "HS-08" in html  # the cooperative's own stall at the market
