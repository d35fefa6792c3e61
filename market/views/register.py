"""The stall register: list, register, edit, close/reopen, import and export stalls, and each
stall's page with its QR and audit trail. Phone first; board and digital team may change,
officials read; stallholders see their own stall."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from market import access, selectors, services, tabular
from market.forms import StallCloseForm, StallForm, TableUploadForm

PER_PAGE = 30


@access.market_view(access.can_view_register)
def stall_register(request, market):
    status = request.GET.get("status", "active")
    if status not in selectors.REGISTER_FILTERS:
        status = "active"
    query = request.GET.get("q", "")[:100]
    stalls = selectors.register_stalls(market=market, status=status, query=query)
    page = Paginator(stalls, PER_PAGE).get_page(request.GET.get("page"))
    market_figures = selectors.market_by_slug(market.slug)
    market_figures.qr_percent = selectors.qr_share(market_figures)
    market_figures.paid_percent = selectors.paid_30d_share(market_figures)
    return render(
        request,
        "market/register/list.html",
        {
            "market": market,
            "figures": market_figures,
            "page": page,
            "status": status,
            "query": query,
            "filters": [
                ("active", _("Open")),
                ("no_qr", _("No QR yet")),
                ("closed", _("Closed")),
                ("all", _("All")),
            ],
            "can_manage": access.can_manage_stalls(request.user, market),
            "can_see_alerts": access.can_see_alerts(request.user, market),
        },
    )


@access.market_view(access.can_manage_stalls)
def stall_create(request, market):
    form = StallForm(request.POST or None, market=market)
    if request.method == "POST" and form.is_valid():
        stall = services.stall_create(market=market, actor=request.user, fields=form.stall_fields())
        messages.success(request, _("Stall %(code)s registered.") % {"code": stall.code})
        return redirect(stall.get_absolute_url())
    return render(request, "market/register/form.html", {"market": market, "form": form})


@access.stall_view(access.can_view_stall)
def stall_detail(request, stall):
    qr = selectors.active_qr(stall)
    return render(
        request,
        "market/register/stall.html",
        {
            "market": stall.market,
            "stall": stall,
            "qr": qr,
            "bank": stall.bank,
            "masked": selectors.mask_account(qr.account_number if qr else stall.qr_account),
            "stallholder": selectors.stallholder_label(stall),
            "history": selectors.stall_history(stall=stall),
            "can_manage": access.can_manage_stall(request.user, stall),
            "close_form": StallCloseForm(initial={"closed_on": timezone.localdate()}),
        },
    )


@access.stall_view(access.can_manage_stall)
def stall_edit(request, stall):
    form = StallForm(request.POST or None, market=stall.market, stall=stall)
    if request.method == "POST" and form.is_valid():
        stall = services.stall_update(stall=stall, actor=request.user, fields=form.stall_fields())
        messages.success(request, _("Stall %(code)s saved.") % {"code": stall.code})
        return redirect(stall.get_absolute_url())
    return render(
        request,
        "market/register/form.html",
        {"market": stall.market, "stall": stall, "form": form},
    )


@require_POST
@access.stall_view(access.can_manage_stall)
def stall_close(request, stall):
    if not stall.is_active:
        services.stall_reopen(stall=stall, actor=request.user)
        messages.success(request, _("Stall %(code)s reopened.") % {"code": stall.code})
        return redirect(stall.get_absolute_url())
    form = StallCloseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(stall.get_absolute_url())
    services.stall_close(stall=stall, actor=request.user, closed_on=form.cleaned_data["closed_on"])
    messages.success(request, _("Stall %(code)s closed.") % {"code": stall.code})
    return redirect(stall.get_absolute_url())


@access.market_view(access.can_manage_stalls)
def stall_import(request, market):
    form = TableUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.stalls_import(
            market=market, upload=form.cleaned_data["file"], actor=request.user
        )
        if report.ok:
            messages.success(
                request,
                _("Import done: %(created)s new, %(updated)s updated, %(same)s unchanged.")
                % {"created": report.created, "updated": report.updated, "same": report.unchanged},
            )
            return redirect("market:register", slug=market.slug)
    return render(
        request,
        "market/register/import.html",
        {
            "market": market,
            "form": form,
            "report": report,
            "columns": services.STALL_COLUMNS,
        },
        status=400 if form.errors or (report is not None and not report.ok) else 200,
    )


@access.market_view(access.can_view_register)
def stall_export(request, market):
    header, rows = services.stall_export_rows(market=market)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = HttpResponse(tabular.csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stalls-{market.slug}-{stamp}.csv"'
    return response


@require_POST
@access.stall_view(access.can_manage_stall)
def stall_qr_reregister(request, stall):
    """A fresh verification code for the same account (a copied or lost sticker)."""
    if not stall.is_active or not stall.has_bank_account:
        messages.error(request, _("Only an open stall with a bank account has a QR."))
        return redirect(stall.get_absolute_url())
    qr = services.stall_qr_register(stall=stall, actor=request.user)
    messages.success(
        request,
        _("New QR registered, verification code %(code)s. Print the new standee.")
        % {"code": qr.verification_code},
    )
    return redirect(stall.get_absolute_url())
