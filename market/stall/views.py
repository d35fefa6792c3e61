"""The stall app's pages: keypad → per-sale QR (full screen, turns to "received" by itself),
cash sales, today's takings and the payment speaker. Phone first; every page works without
JavaScript (meta refresh and plain forms), a small script makes the keypad and polling nicer."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.money import format_vnd
from market import services
from market.models import Stall, StallCharge
from market.stall import selectors, speech
from market.stall.access import stallholder_view
from market.stall.forms import QUICK_AMOUNTS, AmountForm, CashSaleForm
from payments import qr, vietqr
from payments.banks import get_bank
from payments.models import PaymentRequest
from payments.settle import services as settle
from payments.words import amount_in_words_vi

PER_PAGE = 30
#: How often the pages ask the server. The speaker must speak within 3 s of the bank's
#: webhook: 1 s between polls leaves 2 s for the settle task and a slow phone network.
POLL_MS = 1500
SPEAKER_POLL_MS = 1000
Request = PaymentRequest.Status


def _stall_url(name: str, stall: Stall, **kwargs) -> str:
    kwargs.update(slug=stall.market.slug, code=stall.code)
    return reverse(f"stall:{name}", kwargs=kwargs)


def _choose_or_go(request, target: str):
    """The one stall's page, a chooser for several, a clear 403 page for none."""
    stalls = list(selectors.stallholder_stalls(request.user)[:100])
    if len(stalls) == 1:
        return redirect(_stall_url(target, stalls[0]))
    if not stalls:
        return render(request, "market/stall/no_stall.html", status=403)
    choices = [(stall, _stall_url(target, stall)) for stall in stalls]
    return render(request, "market/stall/choose.html", {"choices": choices, "target": target})


@login_required
def home(request):
    return _choose_or_go(request, "keypad")


@login_required
def speaker_home(request):
    return _choose_or_go(request, "speaker")


def _page_context(request, stall: Stall, section: str, **extra) -> dict:
    return {
        "stall": stall,
        "section": section,
        "several_stalls": selectors.stallholder_stalls(request.user)[:2].count() > 1,
        "quick_amounts": QUICK_AMOUNTS,
        **extra,
    }


@stallholder_view
@require_http_methods(["GET", "POST"])
def keypad(request, stall):
    """Type an amount, "Show QR": a new per-sale QR each time the form is sent."""
    form = AmountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            charge = services.stall_charge_create(
                stall=stall, amount=form.cleaned_data["amount"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_stall_url("charge", stall, reference=charge.payment_request.reference))
    context = _page_context(
        request, stall, "keypad", form=form, takings=selectors.today_takings(stall=stall)
    )
    return render(request, "market/stall/keypad.html", context, status=400 if form.errors else 200)


def _charge_payload(payment: PaymentRequest) -> str:
    """The same dynamic VietQR as ``/pay/qr/<reference>.png``: amount and reference fixed."""
    return vietqr.encode(
        vietqr.VietQR(
            bank_bin=payment.bank_bin,
            account=payment.account_number,
            amount=payment.amount,
            purpose=payment.reference,
            dynamic=True,
        )
    )


def charge_state(charge: StallCharge, *, now=None) -> dict:
    """Where a per-sale QR stands, for its page and its status JSON."""
    payment = charge.payment_request
    now = now or timezone.now()
    seconds_left = 0
    if payment.expires_at:
        seconds_left = max(0, int((payment.expires_at - now).total_seconds()))
    paid = payment.status in (Request.PAID, Request.OVERPAID)
    received = payment.amount_received
    if paid:
        label = _("Received %(amount)s") % {"amount": format_vnd(received)}
    elif payment.status == Request.UNDERPAID:
        label = _("Received %(got)s of %(due)s: %(missing)s missing") % {
            "got": format_vnd(received),
            "due": format_vnd(payment.amount),
            "missing": format_vnd(payment.amount - received),
        }
    elif seconds_left == 0:
        label = _("This QR has expired: make a new one.")
    else:
        label = _("Waiting for the transfer…")
    return {
        "status": payment.status,
        "paid": paid,
        "expired": not paid and seconds_left == 0,
        "seconds_left": seconds_left,
        "received": received,
        "label": label,
    }


@never_cache
@stallholder_view
@require_GET
def charge(request, stall, reference: str):
    """The per-sale QR, full screen, until the bank confirms the transfer."""
    charge = selectors.stall_charge(stall=stall, reference=reference)
    if charge is None:
        raise Http404
    payment = charge.payment_request
    png = qr.render_png_cached(_charge_payload(payment), scale=8)
    bank = get_bank(payment.bank_bin)
    context = _page_context(
        request,
        stall,
        "keypad",
        charge=charge,
        payment=payment,
        state=charge_state(charge),
        words=amount_in_words_vi(payment.amount),
        bank_name=bank.short_name if bank else payment.bank_bin,
        qr_src="data:image/png;base64," + base64.b64encode(png).decode("ascii"),
        poll_ms=POLL_MS,
    )
    return render(request, "market/stall/charge.html", context)


@never_cache
@require_GET
@stallholder_view(json=True)
def charge_status(request, stall, reference: str):
    charge = selectors.stall_charge(stall=stall, reference=reference)
    if charge is None:
        return JsonResponse({"error": "not_found"}, status=404)
    return JsonResponse(charge_state(charge))


@stallholder_view
@require_http_methods(["GET", "POST"])
def cash_sale(request, stall):
    """Record a cash sale, so the stall's cashless share stays honest; once per page token."""
    form = CashSaleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        amount = form.cleaned_data["amount"]
        try:
            sale = settle.stall_cash_sale(
                stall=stall, amount=amount, token=form.cleaned_data["token"], actor=request.user
            )
        except settle.SettleError as error:
            form.add_error("amount", str(error))
        else:
            if sale is None:
                messages.info(request, _("That cash sale was already recorded."))
            else:
                messages.success(
                    request, _("Cash sale of %(amount)s recorded.") % {"amount": format_vnd(amount)}
                )
            return redirect(_stall_url("cash", stall))
    context = _page_context(
        request, stall, "cash", form=form, takings=selectors.today_takings(stall=stall)
    )
    return render(request, "market/stall/cash.html", context, status=400 if form.errors else 200)


@stallholder_view
@require_GET
def today(request, stall):
    """Today's confirmed sales (Viet Nam day): count and total, QR and cash, newest first."""
    page = Paginator(selectors.today_sales(stall=stall), PER_PAGE).get_page(request.GET.get("page"))
    context = _page_context(
        request, stall, "today", takings=selectors.today_takings(stall=stall), page=page
    )
    return render(request, "market/stall/today.html", context)


def _sale_json(sale) -> dict:
    return {
        "id": sale.pk,
        "amount": sale.amount,
        "display": format_vnd(sale.amount),
        "source": sale.source,
        "source_label": sale.get_source_display(),
        "time": timezone.localtime(sale.at, selectors.MARKET_TZ).strftime("%H:%M"),
        "speech": speech.announcement_text(sale.amount),
        "clips": speech.announcement_clips(sale.amount),
    }


@never_cache
@stallholder_view
@require_GET
def speaker(request, stall):
    """The payment speaker: left open on the stall's phone, it shows and says each
    bank-confirmed payment into the stall."""
    after, seen = selectors.speaker_start(stall=stall)
    context = _page_context(
        request,
        stall,
        "speaker",
        after=after,
        seen=seen,
        history=selectors.speaker_history(stall=stall),
        clips=sorted(set(speech.CLIPS.values())),
        sample=_sale_json_sample(),
        poll_ms=SPEAKER_POLL_MS,
    )
    return render(request, "market/stall/speaker.html", context)


def _sale_json_sample() -> dict:
    amount = 10_000
    return {"speech": speech.announcement_text(amount), "clips": speech.announcement_clips(amount)}


@never_cache
@require_GET
@stallholder_view(json=True)
def speaker_sales(request, stall):
    """Bank-confirmed sales after ``?after=<sale id>`` (and the last two minutes' again)."""
    raw = request.GET.get("after", "")
    after = int(raw) if raw.isdigit() and len(raw) < 19 else 0
    sales = selectors.speaker_sales(stall=stall, after=after)
    newest = max([after, *(sale.pk for sale in sales)])
    return JsonResponse(
        {
            "sales": [_sale_json(sale) for sale in sales],
            "last_id": newest,
            "more": sum(1 for sale in sales if sale.pk > after) >= selectors.SPEAKER_BATCH,
        }
    )
