"""Payout ledger pages: the producer's own (in the portal) and staff's (every producer)."""

from __future__ import annotations

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Producer
from catalog.portal.access import portal_view
from fulfilment import selectors, services
from fulfilment.forms import PayoutForm, RefundForm
from fulfilment.models import PayoutEntry

PER_PAGE = 25
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _ledger_context(request, producer) -> dict:
    entries = selectors.payout_entries(producer=producer)
    return {
        "producer": producer,
        "totals": selectors.ledger_totals(producer=producer),
        "page": Paginator(entries, PER_PAGE).get_page(request.GET.get("page")),
    }


def _text_cell(value: str) -> str:
    """Text a spreadsheet will show as text, never evaluate (CSV formula injection)."""
    value = value or ""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def ledger_csv(producer) -> HttpResponse:
    """The producer's whole ledger, oldest first with a running balance, for Excel (UTF-8 BOM)."""
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payouts-{producer.slug}-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [_("Date"), _("Kind"), _("Order number"), _("Amount (VND)"), _("Balance (VND)"), _("Note")]
    )
    balance = 0
    entries = PayoutEntry.objects.filter(producer=producer).order_by("created_at", "id")
    for entry in entries.iterator(chunk_size=2000):
        balance += entry.amount
        writer.writerow(
            [
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
                entry.get_kind_display(),
                _text_cell(entry.order_number),
                entry.amount,
                balance,
                _text_cell(entry.note),
            ]
        )
    return response


# --- Producer (portal) --------------------------------------------------------------------


@portal_view
def producer_payouts(request, producer):
    context = _ledger_context(request, producer)
    context["section"] = "payouts"
    return render(request, "fulfilment/producer_payouts.html", context)


@portal_view
def producer_payouts_csv(request, producer):
    return ledger_csv(producer)


# --- Staff --------------------------------------------------------------------------------


def staff_view(view):
    """Signed-in shop staff only: others are sent to sign in, or refused (403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_view
def staff_overview(request):
    producers = selectors.producers_with_balances()
    return render(
        request,
        "fulfilment/staff_overview.html",
        {"page": Paginator(producers, 50).get_page(request.GET.get("page"))},
    )


@staff_view
def staff_ledger(request, producer_slug: str):
    producer = get_object_or_404(Producer, slug=producer_slug)
    payout_form = PayoutForm(prefix="payout")
    refund_form = RefundForm(prefix="refund")
    if request.method == "POST":
        action = request.POST.get("action")
        form = None
        if action == "payout":
            form = payout_form = PayoutForm(request.POST, prefix="payout")
        elif action == "refund":
            form = refund_form = RefundForm(request.POST, prefix="refund")
        if form is None:
            messages.error(request, _("That action is not available here."))
        elif form.is_valid():
            try:
                if action == "payout":
                    services.record_payout(
                        producer=producer,
                        amount=form.cleaned_data["amount"],
                        note=form.cleaned_data["note"],
                        actor=request.user,
                    )
                else:
                    services.record_refund(
                        producer=producer,
                        order_number=form.cleaned_data["order_number"],
                        amount=form.cleaned_data["amount"],
                        note=form.cleaned_data["note"],
                        actor=request.user,
                    )
            except services.FulfilmentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Ledger entry recorded."))
                return redirect("fulfilment:staff-ledger", producer_slug=producer.slug)
    context = _ledger_context(request, producer)
    context.update({"payout_form": payout_form, "refund_form": refund_form})
    return render(request, "fulfilment/staff_ledger.html", context)


@staff_view
def staff_ledger_csv(request, producer_slug: str):
    return ledger_csv(get_object_or_404(Producer, slug=producer_slug))
