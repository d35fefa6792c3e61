"""The public fake-QR check (/qr/check/) and "report this sticker"; the board's alert list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from market import access, qrcheck, selectors, services
from market.forms import QRCheckForm, QRReportForm
from market.models import QRVerdict
from payments.banks import get_bank


def _check_context(check: qrcheck.QRCheck, *, code: str) -> dict:
    scanned_bank = get_bank(check.scanned.bank_bin) if check.scanned is not None else None
    registered = check.registered
    registered_bank = get_bank(registered.bank_bin) if registered is not None else None
    report_form = None
    if check.reportable:
        report_form = QRReportForm(
            initial={
                "payload": check.payload[:512],
                "stall": check.stall.pk if check.stall else None,
                "code": code,
                "market": check.market,
            }
        )
    return {
        "check": check,
        "scanned_bank": scanned_bank,
        "scanned_masked": selectors.mask_account(check.scanned.account) if check.scanned else "",
        "registered_bank": registered_bank,
        "registered_masked": (
            selectors.mask_account(check.registered.account_number) if check.registered else ""
        ),
        "stallholder": selectors.stallholder_label(check.stall) if check.stall else "",
        "report_form": report_form,
    }


def qr_check(request):
    """Anyone: paste a payload or upload a photo; optionally the standee's verification code."""
    posted = request.method == "POST"
    form = QRCheckForm(request.POST if posted else None, request.FILES if posted else None)
    context: dict = {"form": form}
    stall_id = None
    if request.method == "GET":
        raw = request.GET.get("stall", "")
        stall_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
        context["claimed"] = qrcheck.claimed_stall(stall_id=stall_id) if stall_id else None
        if context["claimed"] is not None:
            # Sent with the check, so the sticker is compared with this stall's registered QR.
            context["form"] = form = QRCheckForm(initial={"stall": context["claimed"].pk})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            payload = (form.cleaned_data.get("payload") or "").strip()
            photo = form.cleaned_data.get("photo")
            try:
                if photo is not None:
                    payload = qrcheck.decode_photo(photo)
            except ValidationError as error:
                form.add_error("photo", error)
            if not form.errors:
                code = form.cleaned_data["code"]
                stall_id = form.cleaned_data.get("stall")
                claimed = qrcheck.claimed_stall(code=code, stall_id=stall_id)
                if code and claimed is None:
                    form.add_error(
                        "code",
                        _("No standee has the verification code %(code)s.") % {"code": code[:8]},
                    )
                else:
                    check = qrcheck.check_payload(payload, claimed=claimed)
                    context.update(_check_context(check, code=code))
                    context["claimed"] = claimed
        if form.errors:
            status = 400
    return render(request, "market/qr/check.html", context, status=status)


@require_POST
def qr_report(request):
    """Report a suspicious sticker: an alert for that market's board."""
    form = QRReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The report could not be sent. Check the sticker again."))
        return redirect("market:qr-check")
    data = form.cleaned_data
    claimed = qrcheck.claimed_stall(code=data.get("code") or "", stall_id=data.get("stall"))
    check = qrcheck.check_payload(data["payload"], claimed=claimed)
    market = check.market or data.get("market")
    if market is None:
        context = {"form": QRCheckForm(), **_check_context(check, code="")}
        if context["report_form"] is not None:
            form.add_error("market", _("Choose the market where you saw it."))
            context["report_form"] = form
        return render(request, "market/qr/check.html", context, status=400)
    if check.verdict == QRVerdict.REGISTERED:
        messages.info(request, _("This QR is registered to the stall: nothing to report."))
        return redirect("market:qr-check")
    services.qr_alert_report(
        market=market,
        stall=check.stall,
        verdict=check.verdict,
        payload=check.payload,
        note=data.get("note") or "",
        reporter=request.user,
    )
    messages.success(
        request,
        _("Thank you. The board of %(market)s has been alerted.") % {"market": market.name},
    )
    return redirect("market:qr-check")


@access.market_view(access.can_see_alerts)
def market_alerts(request, market):
    page = Paginator(selectors.market_alerts(market=market), 30).get_page(request.GET.get("page"))
    return render(request, "market/qr/alerts.html", {"market": market, "page": page})
