"""Who may see an order's payment pages: staff, its signed-in owner, or the browser session
that placed it (shoppers may check out as guests)."""

from __future__ import annotations

from oscar.core.loading import get_model

SESSION_ORDERS = "checkout_order_numbers"
_KEPT = 10


def remember_order(request, number: str) -> None:
    """Orders placed in this browser session may show their payment page and status."""
    numbers = [n for n in request.session.get(SESSION_ORDERS, []) if n != number][-(_KEPT - 1) :]
    request.session[SESSION_ORDERS] = [*numbers, number]


def may_see_order(request, order_number: str, *, owner_id: int | None = None) -> bool:
    """``owner_id`` saves a query when the caller already loaded the order."""
    if request.user.is_staff:
        return True
    numbers = request.session.get(SESSION_ORDERS, [])
    if isinstance(numbers, list) and order_number in numbers:
        return True
    if not request.user.is_authenticated:
        return False
    if owner_id is not None:
        return owner_id == request.user.pk
    Order = get_model("order", "Order")
    return Order.objects.filter(number=order_number, user=request.user).exists()
