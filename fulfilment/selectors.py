"""Read-side queries for fulfilment groups, producers' order lines and the payout ledger."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from oscar.core.loading import get_model

from catalog.models import Producer
from fulfilment.models import FulfilmentGroup, PayoutEntry

Line = get_model("order", "Line")
Order = get_model("order", "Order")


def fulfilment_groups_for_partner(*, partner, status: str | None = None):
    """A producer's order parts, newest first, with the order and lines they render."""
    groups = (
        FulfilmentGroup.objects.filter(partner=partner)
        .select_related("order", "order__shipping_address")
        .prefetch_related("lines")
        .order_by("-created_at", "-id")
    )
    if status:
        groups = groups.filter(status=status)
    return groups


def fulfilment_group_counts(*, partner) -> dict[str, int]:
    rows = FulfilmentGroup.objects.filter(partner=partner).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def producer_balance(*, producer) -> int:
    """What the platform owes the producer now (VND; negative if the producer owes)."""
    return PayoutEntry.objects.filter(producer=producer).aggregate(s=Sum("amount"))["s"] or 0


def ledger_totals(*, producer) -> dict[str, int]:
    """Sum of the ledger per kind, plus the balance."""
    rows = PayoutEntry.objects.filter(producer=producer).values("kind").annotate(s=Sum("amount"))
    totals = {kind: 0 for kind in PayoutEntry.Kind.values}
    totals.update({row["kind"]: row["s"] for row in rows})
    totals["balance"] = sum(totals[kind] for kind in PayoutEntry.Kind.values)
    return totals


def payout_entries(*, producer):
    return (
        PayoutEntry.objects.filter(producer=producer)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


def producers_with_balances():
    """Every producer with the balance owed and the counts staff need on the overview."""
    return (
        Producer.objects.annotate(
            balance=Sum("payout_entries__amount"),
            sales=Sum("payout_entries__amount", filter=Q(payout_entries__kind="sale")),
        )
        .select_related("partner")
        .order_by("name")
    )


# --- Oscar dashboard scoping ---------------------------------------------------------------


def partner_ids_for_user(user) -> list[int]:
    return list(user.partners.values_list("id", flat=True))


def order_lines_for_user(user, order):
    """The lines of ``order`` the user may see: all for staff, else their partners' lines."""
    lines = order.lines.all()
    if user.is_staff:
        return lines
    return lines.filter(partner_id__in=partner_ids_for_user(user))


def orders_for_user(user):
    """Orders holding at least one of the user's partners' lines (all orders for staff).

    Non-staff rows carry ``partner_total`` and ``partner_num_items``: the value and item
    count of the user's own lines, the only totals a producer may see on a shared order.
    """
    queryset = Order._default_manager.select_related(
        "billing_address",
        "billing_address__country",
        "shipping_address",
        "shipping_address__country",
        "user",
    )
    if user.is_staff:
        return queryset.prefetch_related("lines", "status_changes")
    own = Q(lines__partner_id__in=partner_ids_for_user(user))
    return queryset.filter(
        pk__in=Line.objects.filter(partner_id__in=partner_ids_for_user(user)).values("order_id")
    ).annotate(
        partner_total=Sum("lines__line_price_incl_tax", filter=own),
        partner_total_excl_tax=Sum("lines__line_price_excl_tax", filter=own),
        partner_num_items=Sum("lines__quantity", filter=own),
    )
