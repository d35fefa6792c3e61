"""Staff pages of the bank feed: the queue of transfers, decisions, statement import, and
the rejected requests (with letting a delayed delivery through).

Who may do what is a model permission (granted through the Finance group), checked by
``core.permissions.permission_required``: reading a page and acting on it are separate.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import permission_required
from core.tables import configure_table
from payments.bankfeed import intake, reconcile, selectors, statement
from payments.bankfeed.filters import BankEventFilter, BankRejectionFilter
from payments.bankfeed.forms import BankStatementUploadForm, ResolveBankEventForm
from payments.bankfeed.tables import BankEventTable, BankRejectionTable
from payments.bankfeed.tasks import enqueue_reconciliation
from payments.models import BankFeedEvent, BankFeedRejection
from payments.references import find_references

VIEW_EVENTS = "payments.view_bankfeedevent"
RESOLVE_EVENTS = "payments.resolve_bankfeedevent"
IMPORT_STATEMENT = "payments.import_bank_statement"
VIEW_REJECTIONS = "payments.view_bankfeedrejection"
ACCEPT_REJECTIONS = "payments.accept_bankfeedrejection"
PAGE_SIZE = 50


@permission_required(VIEW_EVENTS)
def bank_event_list(request):
    filters = BankEventFilter(request.GET or None, queryset=selectors.bank_events())
    table = configure_table(request, BankEventTable(filters.qs), per_page=PAGE_SIZE)
    filters.is_valid()  # a value that is not a choice is left out of the filtering
    return render(
        request,
        "payments/bankfeed/event_list.html",
        {
            "filter": filters,
            "table": table,
            "counts": selectors.bank_event_status_counts(),
            "active_status": filters.form.cleaned_data.get("status") if filters.is_bound else "",
        },
    )


@permission_required(VIEW_EVENTS, to_post=RESOLVE_EVENTS)
@require_http_methods(["GET", "POST"])
def bank_event_detail(request, event_id: int):
    try:
        event = selectors.bank_event_detail(event_id=event_id)
    except BankFeedEvent.DoesNotExist:
        raise Http404 from None
    posted = request.method == "POST"
    form = ResolveBankEventForm(request.POST if posted else None, event=event)
    if posted and form.is_valid():
        try:
            reconcile.resolve_bank_event(
                event_id=event.pk,
                actor=request.user,
                action=form.cleaned_data["action"],
                payment_request_reference=form.cleaned_data["reference"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. The decision is in the audit trail below."))
            return redirect("payments:bank-event-detail", event_id=event.pk)
    return render(
        request,
        "payments/bankfeed/event_detail.html",
        {
            "event": event,
            "log": selectors.bank_event_log(event=event),
            "references": find_references(event.content),
            "form": form,
        },
        status=400 if posted else 200,
    )


@permission_required(IMPORT_STATEMENT)
@require_http_methods(["GET", "POST"])
def bank_statement_upload(request):
    posted = request.method == "POST"
    form = BankStatementUploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    result = None
    if posted and form.is_valid():
        result = statement.import_bank_statement_csv(
            file=form.cleaned_data["file"], actor=request.user
        )
        if result.ok:
            enqueue_reconciliation(result.created_ids)
            messages.success(request, statement.statement_import_summary(result))
            return redirect(reverse("payments:bank-event-list"))
    return render(
        request,
        "payments/bankfeed/statement_upload.html",
        {"form": form, "result": result, "columns": statement.CSV_COLUMNS},
        status=400 if posted else 200,
    )


@permission_required(VIEW_REJECTIONS)
def bank_feed_rejections(request):
    filters = BankRejectionFilter(request.GET or None, queryset=selectors.bank_feed_rejections())
    table = configure_table(request, BankRejectionTable(filters.qs), per_page=PAGE_SIZE)
    return render(request, "payments/bankfeed/rejections.html", {"filter": filters, "table": table})


@permission_required(VIEW_REJECTIONS, ACCEPT_REJECTIONS)
@require_POST
def bank_rejection_let_through(request, rejection_id: int):
    """Check a delayed delivery's signature again and store it (see
    ``intake.let_through_bank_rejection``); its new transfers go to reconciliation."""
    try:
        result = intake.let_through_bank_rejection(rejection_id=rejection_id, actor=request.user)
    except BankFeedRejection.DoesNotExist:
        raise Http404 from None
    except intake.LetThroughError as error:
        messages.error(request, str(error))
    else:
        enqueue_reconciliation(result.created_ids)
        messages.success(request, let_through_summary(result))
    return redirect("payments:bank-feed-rejections")


def let_through_summary(result: intake.DeliveryResult) -> str:
    count = len(result.created_ids)
    return ngettext(
        "Let through: %(count)s transfer stored (%(duplicates)s already known, %(rejected)s "
        "unreadable). It is being reconciled.",
        "Let through: %(count)s transfers stored (%(duplicates)s already known, %(rejected)s "
        "unreadable). They are being reconciled.",
        count,
    ) % {"count": count, "duplicates": result.duplicates, "rejected": result.rejected}
