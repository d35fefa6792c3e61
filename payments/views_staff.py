"""Staff pages for order payments: cash-on-delivery orders waiting for the courier's cash."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from payments import order_payments, order_status

Order = get_model("order", "Order")


@staff_member_required(login_url="/accounts/login/")
def cod_orders(request):
    orders = (
        Order.objects.filter(
            sources__source_type__code=order_payments.COD,
            status__in=(order_status.CASH_ON_DELIVERY, order_status.SHIPPED),
        )
        .order_by("-date_placed")
        .distinct()
    )
    page = Paginator(orders, 25).get_page(request.GET.get("page"))
    return render(request, "payments/staff/cod_orders.html", {"page": page})


@staff_member_required(login_url="/accounts/login/")
@require_POST
def cod_cash_received(request, number: str):
    try:
        changed = order_payments.record_cash_received(order_number=number, actor=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(request, _("Order %(number)s is paid.") % {"number": number})
        else:
            messages.info(request, _("That cash was already recorded."))
    return redirect("cod-orders")
