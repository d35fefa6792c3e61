"""Public payment endpoints: QR images for payment requests and an order's payment status."""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_GET
from oscar.core.loading import get_model

from payments import order_payments, order_status, qr, vietqr
from payments.banks import get_bank
from payments.models import PaymentRequest
from payments.order_access import may_see_order

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


def _qr_etag(request, reference: str, fmt: str) -> str | None:
    payment = (
        PaymentRequest.objects.filter(reference=reference)
        .only("reference", "bank_bin", "account_number", "amount")
        .first()
    )
    if payment is None or fmt not in QR_FORMATS:
        return None
    return hashlib.sha256(f"{fmt}:{payment_request_payload(payment)}".encode()).hexdigest()[:32]


@require_GET
@condition(etag_func=_qr_etag)
def payment_request_qr(request, reference: str, fmt: str):
    if fmt not in QR_FORMATS:
        raise Http404
    payment = get_object_or_404(PaymentRequest, reference=reference)
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
    # A request's payload never changes (amount and reference are fixed), so caches may keep it.
    response["Cache-Control"] = "public, max-age=86400, immutable"
    return response


@never_cache
@require_GET
def order_payment_status(request, number: str):
    order = Order.objects.filter(number=number).first()
    if order is None or not may_see_order(request, number, owner_id=order.user_id):
        raise Http404
    if order.status == order_status.PENDING_PAYMENT and order_payments.expire_order(
        order_number=number
    ):
        # Without a beat scheduler (the embedded default) the shopper's own page expires it.
        order.refresh_from_db(fields=["status"])
    final = order.status != order_status.PENDING_PAYMENT
    return JsonResponse(
        {
            "status": order.status,
            "label": order_status.label(order.status),
            "paid": order.status
            in (order_status.PAID, order_status.SHIPPED, order_status.COMPLETE),
            "final": final,
        }
    )
