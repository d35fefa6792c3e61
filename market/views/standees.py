"""Standee PDFs: one stall's (A6/A5) at once, a whole market's built in the background with a
progress page that refreshes itself (meta refresh; a small script makes it smoother)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from market import access, selectors, services, standee, tasks
from market.forms import StandeeBatchForm
from market.models import StandeeBatch, StandeeSize
from payments import qr as qr_images


@access.stall_view(access.can_view_stall)
def stall_standee_pdf(request, stall, size: str):
    if size not in StandeeSize.values:
        raise Http404
    qr = selectors.active_qr(stall)
    if qr is None:
        raise Http404
    pdf = standee.render_standees([selectors.standee_data(stall, qr)], size=size)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"standee-{stall.market.slug}-{stall.code}-{size}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@access.stall_view(access.can_view_stall)
def stall_qr_png(request, stall):
    qr = selectors.active_qr(stall)
    if qr is None:
        raise Http404
    response = HttpResponse(qr_images.render_png_cached(qr.payload, scale=8), "image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@access.market_view(access.can_view_register)
def standee_batches(request, market):
    can_manage = access.can_manage_stalls(request.user, market)
    form = StandeeBatchForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            return HttpResponse(status=403)
        if form.is_valid():
            batch = services.standee_batch_request(
                market=market, size=form.cleaned_data["size"], actor=request.user
            )
            tasks.enqueue_standee_batch(batch.pk)
            return redirect("market:standee-batch", slug=market.slug, pk=batch.pk)
    figures = selectors.market_by_slug(market.slug)
    return render(
        request,
        "market/standees/batches.html",
        {
            "market": market,
            "form": form,
            "batches": selectors.standee_batches(market=market),
            "can_manage": can_manage,
            "figures": figures,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@access.market_view(access.can_view_register)
def standee_batch(request, market, pk: int):
    batch = get_object_or_404(StandeeBatch, market=market, pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": batch.status,
                "status_label": batch.get_status_display(),
                "done": batch.done,
                "total": batch.total,
                "percent": batch.percent,
                "finished": batch.is_finished,
                "download": (
                    request.build_absolute_uri(
                        f"/markets/{market.slug}/standees/{batch.pk}/download/"
                    )
                    if batch.status == StandeeBatch.Status.DONE
                    else None
                ),
            }
        )
    return render(request, "market/standees/batch.html", {"market": market, "batch": batch})


@access.market_view(access.can_view_register)
def standee_batch_download(request, market, pk: int):
    batch = get_object_or_404(StandeeBatch, market=market, pk=pk, status=StandeeBatch.Status.DONE)
    if not batch.file:
        raise Http404
    try:
        handle = batch.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"standees-{market.slug}-{batch.size}.pdf",
    )
