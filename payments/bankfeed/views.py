"""Staff pages of the bank feed: the queue of transfers, decisions, statement import, and
the rejected requests."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from payments.bankfeed import reconcile, selectors, statement
from payments.bankfeed.forms import (
    BankEventFilterForm,
    BankStatementUploadForm,
    ResolveBankEventForm,
)
from payments.bankfeed.tasks import enqueue_reconciliation
from payments.models import BankFeedEvent
from payments.references import find_references

# --- Staff pages ----------------------------------------------------------------------------


def staff_required(view):
    """Signed-out visitors go to the sign-in page; signed-in non-staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


PAGE_SIZE = 50


@staff_required
def bank_event_list(request):
    form = BankEventFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        if form.is_valid():
            filters = {
                "status": form.cleaned_data["status"],
                "provider": form.cleaned_data["provider"],
                "query": form.cleaned_data["q"],
            }
        else:
            messages.error(request, _("That filter is not valid; showing all transfers."))
    page = Paginator(selectors.bank_events(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/bankfeed/event_list.html",
        {
            "form": form,
            "page": page,
            "counts": selectors.bank_event_status_counts(),
            "active_status": filters.get("status", ""),
            "open_statuses": selectors.OPEN_STATUSES,
        },
    )


@staff_required
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
        status=400 if request.method == "POST" else 200,
    )


@staff_required
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
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def bank_feed_rejections(request):
    page = Paginator(selectors.bank_feed_rejections(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "payments/bankfeed/rejections.html", {"page": page})
