"""How an online order is paid: the three checkout methods and their Oscar payment sources."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from payments.references import new_reference

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

TRANSFER, CARD, COD = "vietqr", "card", "cod"
SOURCE_NAMES = {TRANSFER: "VietQR", CARD: "Card (Stripe)", COD: "Cash on delivery"}
LABELS = {
    TRANSFER: _("Bank transfer by VietQR (any Vietnamese banking app)"),
    CARD: _("Card (Visa, Mastercard, JCB)"),
    COD: _("Cash on delivery"),
}


def source_type(method: str):
    source_type, _created = SourceType.objects.get_or_create(
        code=method, defaults={"name": SOURCE_NAMES[method]}
    )
    return source_type


def order_payment_method(order) -> str | None:
    source = order.sources.select_related("source_type").first()
    return source.source_type.code if source else None


def new_order_number() -> str:
    """A transfer reference that is not yet an order number (collisions are ~1 in 33 M)."""
    while True:
        number = new_reference()
        if not Order.objects.filter(number=number).exists():
            return number
