"""Read-only queries of order payments."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from oscar.core.loading import get_model

from payments import methods, order_status

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")


def cod_orders_waiting_for_cash() -> QuerySet:
    """Cash-on-delivery orders, not cancelled, whose cash nobody has recorded yet."""
    paid = PaymentEvent.objects.filter(order=OuterRef("pk"), event_type__code="paid")
    return (
        Order.objects.filter(
            sources__source_type__code=methods.COD,
            status__in=(order_status.CASH_ON_DELIVERY, order_status.SHIPPED),
        )
        .exclude(Exists(paid))
        .select_related("shipping_address")
        .order_by("-date_placed", "-pk")
        .distinct()
    )
