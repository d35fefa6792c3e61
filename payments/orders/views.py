"""Order payment pages: QR images of payment requests, an order's payment status (the
thank-you page polls it), and the finance page of cash-on-delivery orders waiting for cash."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_GET, require_POST
from oscar.core.loading import get_model

from core.permissions import permission_required
from core.tables import configure_table
from payments import order_status, qr, vietqr
from payments.banks import get_bank
from payments.models import PaymentRequest
from payments.orders import selectors
from payments.orders.access import may_see_order
from payments.orders.filters import CodOrderFilter
from payments.orders.services import order_expire_if_overdue
from payments.orders.tables import CodOrderTable
from payments.settle import services as settle

Order = get_model("order", "Order")
QR_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "card.png": "image/png"}


def payment_request_payload(request: PaymentRequest) -> str:
    return vietqr.encode(
        vietqr.VietQR(
            bank_bin=request.bank_bin,
            account=request.account_number,
            amount=request.amount,
            purpose=request.reference,
            dynamic=True,
        )
    )


def may_see_payment_request(request, payment: PaymentRequest) -> bool:
    """An order's QR shows its amount and the account holder: who may see the order may see
    it. A stall sale's QR (the stall app shows it inline): staff and that stall's holder."""
    if payment.kind == PaymentRequest.Kind.ORDER:
        return bool(payment.order_number) and may_see_order(request, payment.order_number)
    if request.user.is_staff:
        return True
    charge = getattr(payment, "stall_charge", None)  # market.StallCharge, one-to-one
    return (
        charge is not None
        and request.user.is_authenticated
        and charge.stall.stallholder_id == request.user.pk
    )


def _qr_etag(request, reference: str, fmt: str) -> str | None:
    payment = request.qr_payment_request
    return hashlib.sha256(f"{fmt}:{payment_request_payload(payment)}".encode()).hexdigest()[:32]


@condition(etag_func=_qr_etag)
def _qr_image(request, reference: str, fmt: str):
    payment = request.qr_payment_request
    payload = payment_request_payload(payment)
    if fmt == "png":
        body = qr.render_png(payload)
    elif fmt == "svg":
        body = qr.render_svg(payload).encode()
    else:  # a labelled card to show or print: QR, bank, holder, amount in figures and words
        bank = get_bank(payment.bank_bin)
        body = qr.render_labelled_png(
            payload,
            bank_name=bank.short_name if bank else payment.bank_bin,
            holder=payment.account_holder,
            amount=payment.amount,
            caption=payment.reference,
        )
    response = HttpResponse(body, content_type=QR_FORMATS[fmt])
    # A request's payload never changes (amount and reference are fixed), so the browser may
    # keep it; "private": it shows an amount and a name, so shared caches must not.
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response


@require_GET
def payment_request_qr(request, reference: str, fmt: str):
    """404 (not 403, not 304) for whoever may not see it: nothing confirms that it exists."""
    payment = PaymentRequest.objects.filter(reference=reference).first()
    if fmt not in QR_FORMATS or payment is None or not may_see_payment_request(request, payment):
        raise Http404
    request.qr_payment_request = payment
    response = _qr_image(request, reference, fmt)
    patch_vary_headers(response, ["Cookie"])
    return response


@never_cache
@require_GET
def order_payment_status(request, number: str):
    order = Order.objects.filter(number=number).first()
    if order is None or not may_see_order(request, number, owner_id=order.user_id):
        raise Http404
    order_expire_if_overdue(order=order)
    final = order.status != order_status.PENDING_PAYMENT
    return JsonResponse(
        {
            "status": order.status,
            "label": order_status.label(order.status),
            "paid": order.status in order_status.PAID_STATUSES,
            "final": final,
        }
    )


# --- Finance: cash on delivery ----------------------------------------------------------------

CASH_PERMISSION = "payments.record_cash_payment"


@permission_required(CASH_PERMISSION)
@require_GET
def cod_orders(request):
    filters = CodOrderFilter(request.GET or None, queryset=selectors.cod_orders_waiting_for_cash())
    table = configure_table(request, CodOrderTable(filters.qs), per_page=25)
    return render(request, "payments/staff/cod_orders.html", {"filter": filters, "table": table})


@permission_required(CASH_PERMISSION)
@require_POST
def cod_cash_received(request, number: str):
    try:
        changed = settle.cash_received(order_number=number, actor=request.user)
    except settle.SettleError as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(request, _("Order %(number)s is paid.") % {"number": number})
        else:
            messages.info(request, _("That cash was already recorded."))
    return redirect("cod-orders")
