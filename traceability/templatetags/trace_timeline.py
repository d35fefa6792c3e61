"""``{% product_trace product as trace %}``: the product's latest lot and its timeline, for the
shop's product page ("Truy xuất nguồn gốc"); None when the product has no lot."""

from __future__ import annotations

from django import template

from traceability import epcis_services, label_services
from traceability.models import Lot

register = template.Library()


@register.simple_tag
def product_trace(product) -> dict | None:
    lot = (
        Lot.objects.filter(product=product)
        .select_related("producer")
        .order_by("-created_at", "-pk")
        .first()
    )
    if lot is None:
        return None
    return {
        "lot": lot,
        "events": list(epcis_services.events_for_lots([lot])),
        "scan_url": label_services.code_uri(gtin=lot.gtin, lot=lot.code),
    }
