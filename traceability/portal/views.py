"""Producer portal pages for traceability: lots, events, codes and scans, label sheets and
EPCIS uploads. Thin views over the traceability services; every object is looked up within
the producer in the URL (``catalog.portal.access.portal_view``), so another producer's lot
is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.portal.access import portal_view
from catalog.portal.selectors import producer_products
from traceability import epcis, epcis_services, label_services, label_tasks, services, tasks
from traceability.models import IssueJob, LabelJob, Lot, TraceCode
from traceability.portal.forms import (
    EPCISUploadForm,
    EventForm,
    IssueCodesForm,
    LabelSheetForm,
    LotForm,
)

PER_PAGE = 20
SECTION = "trace"


def _page(request, queryset, per_page: int = PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _lot_or_404(producer, pk: int) -> Lot:
    return get_object_or_404(
        Lot.objects.select_related("product", "producer"), producer=producer, pk=pk
    )


def _context(producer, **extra) -> dict:
    return {"producer": producer, "section": SECTION, **extra}


@portal_view
def lot_list(request, producer):
    lots = (
        Lot.objects.filter(producer=producer)
        .select_related("product")
        .annotate(
            serials=Count("codes", filter=~Q(codes__serial=""), distinct=True),
            flags=Count("codes", filter=Q(codes__flagged=True), distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "traceability/portal/lot_list.html",
        _context(producer, page=_page(request, lots)),
    )


def _lot_form(request, producer, lot: Lot | None):
    products = producer_products(producer=producer).order_by("title")
    form = LotForm(request.POST or None, instance=lot, products=products)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.producer = producer
        saved.save()
        messages.success(request, _("Lot %(code)s saved.") % {"code": saved.code})
        return redirect("portal:trace-lot", producer_slug=producer.slug, pk=saved.pk)
    return render(
        request,
        "traceability/portal/lot_form.html",
        _context(producer, form=form, lot=lot),
        status=400 if form.errors else 200,
    )


@portal_view
def lot_create(request, producer):
    return _lot_form(request, producer, None)


@portal_view
def lot_edit(request, producer, pk: int):
    return _lot_form(request, producer, _lot_or_404(producer, pk))


@never_cache
@portal_view
def lot_detail(request, producer, pk: int):
    lot = _lot_or_404(producer, pk)
    codes = TraceCode.objects.filter(lot=lot)
    figures = codes.aggregate(
        serials=Count("pk", filter=~Q(serial="")),
        flagged=Count("pk", filter=Q(flagged=True)),
        scans=Sum("scan_count"),
        scanned=Count("pk", filter=Q(scan_count__gt=0)),
    )
    serials = figures["serials"]
    issue_jobs = list(IssueJob.objects.filter(lot=lot)[:5])
    label_jobs = list(LabelJob.objects.filter(lot=lot)[:5])
    running = any(job.status in ("queued", "running") for job in issue_jobs) or any(
        not job.is_finished for job in label_jobs
    )
    return render(
        request,
        "traceability/portal/lot_detail.html",
        _context(
            producer,
            lot=lot,
            lot_uri=label_services.code_uri(gtin=lot.gtin, lot=lot.code),
            events=epcis_services.events_for_lots([lot]),
            figures=figures,
            flagged=codes.filter(flagged=True).order_by("-scan_count")[:10],
            issue_jobs=issue_jobs,
            label_jobs=label_jobs,
            running=running,
            issue_form=IssueCodesForm(),
            label_form=LabelSheetForm(serials=serials),
        ),
    )


@portal_view
def lot_codes(request, producer, pk: int):
    lot = _lot_or_404(producer, pk)
    codes = TraceCode.objects.filter(lot=lot)
    show = request.GET.get("show", "")
    if show == "flagged":
        codes = codes.filter(flagged=True)
    elif show == "scanned":
        codes = codes.filter(scan_count__gt=0)
    else:
        show = ""
    codes = codes.order_by("-flagged", "-scan_count", "serial")
    return render(
        request,
        "traceability/portal/lot_codes.html",
        _context(producer, lot=lot, show=show, page=_page(request, codes, 50)),
    )


@portal_view
def event_create(request, producer, pk: int):
    lot = _lot_or_404(producer, pk)
    form = EventForm(request.POST or None, lot=lot)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        epcis_services.trace_event_record(
            lot=lot,
            biz_step=data["biz_step"],
            event_time=data["event_time"],
            location_name=data["location_name"],
            quantity=data["quantity"],
            note=data["note"],
            input_lots=data["input_lots"],
            source=_("Producer portal"),
        )
        messages.success(request, _("Event recorded."))
        return redirect("portal:trace-lot", producer_slug=producer.slug, pk=lot.pk)
    return render(
        request,
        "traceability/portal/event_form.html",
        _context(producer, lot=lot, form=form),
        status=400 if form.errors else 200,
    )


@require_POST
@portal_view
def issue_codes(request, producer, pk: int):
    lot = _lot_or_404(producer, pk)
    form = IssueCodesForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("count", []):
            messages.error(request, error)
        return redirect("portal:trace-lot", producer_slug=producer.slug, pk=lot.pk)
    try:
        job = services.issue_job_create(
            lot=lot, count=form.cleaned_data["count"], requested_by=request.user
        )
    except services.IssueError as exc:
        messages.error(request, str(exc))
        return redirect("portal:trace-lot", producer_slug=producer.slug, pk=lot.pk)
    tasks.enqueue_issue_job(job.pk)
    messages.success(
        request,
        _("Issuing %(n)s codes: the progress shows below.") % {"n": job.requested},
    )
    return redirect("portal:trace-lot", producer_slug=producer.slug, pk=lot.pk)


@require_POST
@portal_view
def label_request(request, producer, pk: int):
    lot = _lot_or_404(producer, pk)
    serials = label_services.label_serials(lot).count()
    form = LabelSheetForm(request.POST, serials=serials)
    if not form.is_valid():
        for error in form.non_field_errors() + sum(
            (form.errors.get(name, []) for name in ("layout", "copies")), []
        ):
            messages.error(request, error)
        return redirect("portal:trace-lot", producer_slug=producer.slug, pk=lot.pk)
    job = label_services.label_job_request(
        lot=lot,
        layout=form.cleaned_data["layout"],
        copies=form.cleaned_data["copies"],
        user=request.user,
    )
    label_tasks.enqueue_label_job(job.pk)
    return redirect("portal:trace-label-job", producer_slug=producer.slug, pk=job.pk)


@never_cache
@portal_view
def label_job(request, producer, pk: int):
    job = get_object_or_404(LabelJob.objects.select_related("lot"), lot__producer=producer, pk=pk)
    download = reverse("portal:trace-label-download", args=[producer.slug, job.pk])
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "finished": job.is_finished,
                "download": download if job.status == LabelJob.Status.DONE else None,
            }
        )
    return render(
        request,
        "traceability/portal/label_job.html",
        _context(producer, job=job, lot=job.lot, download=download),
    )


@portal_view
def label_download(request, producer, pk: int):
    job = get_object_or_404(
        LabelJob.objects.select_related("lot"),
        lot__producer=producer,
        pk=pk,
        status=LabelJob.Status.DONE,
    )
    if not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"tem-{job.lot.code}-{job.layout}.pdf",
    )


@portal_view
def epcis_upload(request, producer):
    form = EPCISUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = epcis_services.epcis_import(
                raw=upload.read(),
                lots=Lot.objects.filter(producer=producer),
                source=_("EPCIS upload: %(name)s") % {"name": upload.name[:60]},
            )
        except epcis.EPCISImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("%(created)s event(s) imported, %(skipped)s already recorded.") % counts,
            )
            return redirect("portal:trace-lots", producer_slug=producer.slug)
    return render(
        request,
        "traceability/portal/epcis_upload.html",
        _context(producer, form=form, errors=errors[:50], more=max(0, len(errors) - 50)),
        status=400 if errors or form.errors else 200,
    )
