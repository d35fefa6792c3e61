"""The producer portal's order and payout pages, and staff's payout ledger of every producer.

The staff pages need model permissions (the Finance group): seeing the ledger
(``fulfilment.view_payoutentry``) and recording a payout or refund (``fulfilment.record_payout``).
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Producer
from catalog.portal.access import portal_view
from core.csvsafe import safe_cell
from core.http import safe_next_url
from core.permissions import permission_required
from core.tables import configure_table
from fulfilment import selectors, services
from fulfilment.filters import ProducerBalanceFilter
from fulfilment.forms import PayoutForm, RefundForm
from fulfilment.models import FulfilmentGroup, PayoutEntry
from fulfilment.tables import ProducerBalanceTable

PER_PAGE = 25
ORDER_FILTERS = {
    "todo": (FulfilmentGroup.Status.NEW, FulfilmentGroup.Status.PACKED),
    "shipped": (FulfilmentGroup.Status.SHIPPED,),
    "delivered": (FulfilmentGroup.Status.DELIVERED,),
    "cancelled": (FulfilmentGroup.Status.CANCELLED,),
    "all": (),
}
# What a producer may do to their part of an order from the portal.
PRODUCER_ACTIONS = (FulfilmentGroup.Status.PACKED, FulfilmentGroup.Status.SHIPPED)


def _ledger_context(request, producer) -> dict:
    entries = selectors.payout_entries(producer=producer)
    return {
        "producer": producer,
        "totals": selectors.ledger_totals(producer=producer),
        "page": Paginator(entries, PER_PAGE).get_page(request.GET.get("page")),
    }


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
                safe_cell(entry.order_number),
                entry.amount,
                balance,
                safe_cell(entry.note),
            ]
        )
    return response


# --- Producer (portal) --------------------------------------------------------------------


def _page(request, queryset):
    return Paginator(queryset, 20).get_page(request.GET.get("page"))


def _address_text(address) -> str:
    """Street to province on one line; the name and phone are shown beside it."""
    if address is None:
        return ""
    parts = (address.line1, address.line2, address.line3, address.line4, address.state)
    return ", ".join(part for part in parts if part)


@portal_view
def order_list(request, producer):
    show = request.GET.get("show", "todo")
    if show not in ORDER_FILTERS:
        show = "todo"
    groups = selectors.fulfilment_groups_for_partner(partner=producer.partner)
    if ORDER_FILTERS[show]:
        groups = groups.filter(status__in=ORDER_FILTERS[show])
    page = _page(request, groups)
    for group in page.object_list:
        group.next_action = next((s for s in PRODUCER_ACTIONS if group.can_become(s)), None)
        group.ready = services.order_ready_to_fulfil(group.order)
        group.address_text = _address_text(group.order.shipping_address)
    return render(
        request,
        "catalog/portal/order_list.html",
        {
            "producer": producer,
            "section": "orders",
            "show": show,
            "todo_count": sum(
                n
                for status, n in selectors.fulfilment_group_counts(partner=producer.partner).items()
                if status in ORDER_FILTERS["todo"]
            ),
            "page": page,
        },
    )


@require_POST
@portal_view
def order_set_status(request, producer, group_pk: int):
    group = get_object_or_404(FulfilmentGroup, pk=group_pk, partner=producer.partner)
    status = request.POST.get("status", "")
    if status not in PRODUCER_ACTIONS:
        messages.error(request, _("That action is not available here."))
    else:
        try:
            group = services.fulfilment_group_set_status(
                group=group, status=status, actor=request.user
            )
        except services.FulfilmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Order %(number)s: %(status)s.")
                % {"number": group.order.number, "status": group.get_status_display()},
            )
    return redirect(safe_next_url(request, reverse("portal:orders", args=[producer.slug])))


@portal_view
def producer_payouts(request, producer):
    context = _ledger_context(request, producer)
    context["section"] = "payouts"
    return render(request, "fulfilment/producer_payouts.html", context)


@portal_view
def producer_payouts_csv(request, producer):
    return ledger_csv(producer)


# --- Staff --------------------------------------------------------------------------------


VIEW_LEDGER = "fulfilment.view_payoutentry"
RECORD_PAYOUT = "fulfilment.record_payout"


@permission_required(VIEW_LEDGER)
def staff_overview(request):
    filters = ProducerBalanceFilter(
        request.GET or None, queryset=selectors.producers_with_balances()
    )
    table = configure_table(request, ProducerBalanceTable(filters.qs), per_page=50)
    return render(request, "fulfilment/staff_overview.html", {"filter": filters, "table": table})


@permission_required(VIEW_LEDGER, to_post=RECORD_PAYOUT)
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


@permission_required(VIEW_LEDGER)
def staff_ledger_csv(request, producer_slug: str):
    return ledger_csv(get_object_or_404(Producer, slug=producer_slug))
