"""Card payment pages: Stripe's webhook, the shopper's card page and return page, and the staff
list of card payments with refunds. Views stay thin; ``payments.cards.services`` does the work.

Who may open an order's card pages: staff, the signed-in owner of the Oscar order, or the
browser session that placed it (its number is in ``request.session["checkout_order_numbers"]``).
The staff pages need model permissions (the Finance group): seeing card payments, refunding.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from oscar.templatetags.currency_filters import currency

from core.http import permissions_policy
from core.permissions import permission_required
from core.tables import configure_table
from payments.cards import gateway
from payments.cards import services as card_services
from payments.cards.filters import CardPaymentFilter
from payments.cards.forms import RefundForm
from payments.cards.tables import REFUND_PERMISSION, CardPaymentTable
from payments.models import CardPayment
from payments.orders.access import may_see_order

Status = CardPayment.Status


# --- Webhook ----------------------------------------------------------------------------------


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        card_services.handle_stripe_event(
            payload=request.body, signature_header=request.headers.get("Stripe-Signature", "")
        )
    except card_services.InvalidStripeEvent as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"received": True})


# --- Shopper pages ----------------------------------------------------------------------------


def _order_card_payment(request: HttpRequest, order_number: str) -> CardPayment:
    """The order's current card payment (the newest one not cancelled, else the newest)."""
    if not may_see_order(request, order_number):
        raise Http404
    payments = CardPayment.objects.filter(order_number=order_number).order_by("-created_at", "-pk")
    card_payment = payments.exclude(status=Status.CANCELED).first() or payments.first()
    if card_payment is None:
        raise Http404
    return card_payment


# Stripe.js and its Payment Element (frames from Stripe's hosts): allowed on this page only, as
# Stripe documents for a Content-Security-Policy; wallets (Google Pay, Apple Pay) need the
# Payment Request API in Stripe's frame.
STRIPE_CSP = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
    "img-src": ["https://*.stripe.com"],
    "style-src-elem": ["'unsafe-inline'"],  # Stripe.js may add style elements of its own
}
STRIPE_PERMISSIONS = {"payment": ["self", '"https://js.stripe.com"']}


@never_cache
@require_GET
@csp_update(STRIPE_CSP)
def card_pay(request: HttpRequest, order_number: str) -> HttpResponse:
    card_payment = _order_card_payment(request, order_number)
    if card_payment.status == Status.SUCCEEDED:
        return redirect("card-return", order_number=order_number)
    context = {
        "card_payment": card_payment,
        "client_secret": "",
        "publishable_key": "",
        "return_url": request.build_absolute_uri(
            reverse("card-return", kwargs={"order_number": order_number})
        ),
        "problem": "",
    }
    status = 200
    if not gateway.card_enabled():
        context["problem"] = _("Card payments are not available right now.")
    elif card_payment.status == Status.CANCELED:
        context["problem"] = _(
            "This card payment was cancelled. Please place the order again or choose another "
            "payment method."
        )
    else:
        try:
            context["client_secret"] = card_services.client_secret(card_payment=card_payment)
        except card_services.CardPaymentError as exc:
            context["problem"] = str(exc)
            status = 503
        else:
            context["publishable_key"] = gateway.publishable_key()
    response = render(request, "payments/card_pay.html", context, status=status)
    response.headers["Permissions-Policy"] = permissions_policy(**STRIPE_PERMISSIONS)
    return response


@never_cache
@require_GET
def card_return(request: HttpRequest, order_number: str) -> HttpResponse:
    """Where Stripe sends the browser back. It shows the state; it never marks anything paid
    (the ``redirect_status`` Stripe adds to the address is ignored: only the webhook counts)."""
    card_payment = _order_card_payment(request, order_number)
    stripe_status = ""
    if card_payment.status not in (Status.SUCCEEDED, Status.CANCELED) and gateway.card_enabled():
        try:
            stripe_status = card_services.refresh_card_payment(card_payment_id=card_payment.pk)
        except card_services.CardPaymentError:
            stripe_status = ""
        card_payment.refresh_from_db()

    if card_payment.status == Status.SUCCEEDED:
        state = "paid"
    elif card_payment.status in (Status.FAILED, Status.CANCELED, Status.REQUIRES_ACTION):
        state = "failed"
    elif stripe_status in ("requires_payment_method", "requires_confirmation"):
        state = "failed"  # back without paying
    else:
        state = "processing"
    return render(
        request,
        "payments/card_return.html",
        {
            "card_payment": card_payment,
            "state": state,
            "can_retry": state == "failed" and card_payment.status != Status.CANCELED,
        },
    )


# --- Staff pages ------------------------------------------------------------------------------


VIEW_PERMISSION = "payments.view_cardpayment"
PAGE_SIZE = 50


@permission_required(VIEW_PERMISSION)
@require_GET
def card_payments(request: HttpRequest) -> HttpResponse:
    """Card payments, those whose money must go back (``refund_due``) first."""
    payments = CardPayment.objects.order_by("-refund_due", "-created_at", "-pk")
    filters = CardPaymentFilter(request.GET or None, queryset=payments)
    table = CardPaymentTable(filters.qs, may_refund=request.user.has_perm(REFUND_PERMISSION))
    configure_table(request, table, per_page=PAGE_SIZE)
    return render(
        request, "payments/dashboard/card_payments.html", {"filter": filters, "table": table}
    )


@permission_required(VIEW_PERMISSION, REFUND_PERMISSION)
@require_http_methods(["GET", "POST"])
def card_refund(request: HttpRequest, pk: int) -> HttpResponse:
    card_payment = get_object_or_404(CardPayment, pk=pk)
    refundable = card_services.refundable_amount(card_payment)
    context = {"card_payment": card_payment, "refundable": refundable, "confirming": False}
    if refundable == 0:
        return render(request, "payments/dashboard/card_refund.html", context)

    if request.method == "POST":
        form = RefundForm(request.POST, refundable=refundable)
        if form.is_valid():
            amount = form.cleaned_data["amount"]
            if request.POST.get("confirmed") != "1":
                context.update(form=form, amount=amount, confirming=True)
                return render(request, "payments/dashboard/card_refund.html", context)
            try:
                card_services.refund_card_payment(
                    card_payment_id=card_payment.pk, amount=amount, actor=request.user
                )
            except card_services.RefundError as exc:
                form.add_error(None, str(exc))
                card_payment.refresh_from_db()
                context.update(refundable=card_services.refundable_amount(card_payment))
            else:
                messages.success(
                    request,
                    _("Refunded %(amount)s for order %(order)s.")
                    % {"amount": currency(amount), "order": card_payment.order_number},
                )
                return redirect("card-payments")
    else:
        form = RefundForm(initial={"amount": refundable}, refundable=refundable)
    context["form"] = form
    return render(request, "payments/dashboard/card_refund.html", context)
