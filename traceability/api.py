"""``GET /api/epcis/events``: EPCIS 2.0 JSON-LD for machine clients (partners, auditors);
``GET /tra-cuu/``: a code typed by hand, sent on to its scan page.

Who sees what: the events of one lot (``?lot=…``) are public, because the lot's code is
printed on public labels and the scan page already shows its timeline to anyone; the full
list (no ``lot``) is only for a producer's own lots, or every lot for staff.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.portal.selectors import producers_for_user
from traceability import epcis_services
from traceability.gs1 import (
    DigitalLinkError,
    build_digital_link,
    is_valid_gtin,
    normalize_gtin,
    parse_digital_link,
)
from traceability.models import Lot

JSON_LD = "application/ld+json; charset=utf-8"


def _problem(status: int, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def epcis_events(request):
    code = request.GET.get("lot", "").strip()
    gtin = request.GET.get("gtin", "").strip()
    if gtin and not is_valid_gtin(gtin):
        return _problem(400, _("“gtin” must be a GTIN with a correct check digit."))
    if code:
        if len(code) > 20:
            return _problem(400, _("“lot” is a lot code of at most 20 characters."))
        try:
            lot = epcis_services.lots_by_code(code=code, gtin=normalize_gtin(gtin) if gtin else "")
        except epcis_services.LotLookupError as exc:
            return _problem(400 if exc.ambiguous else 404, str(exc))
        lots = Lot.objects.filter(pk=lot.pk)
    elif request.user.is_authenticated and request.user.is_staff:
        lots = None
    else:
        producers = producers_for_user(request.user)
        if not producers.exists():
            return _problem(
                400,
                _(
                    "Add ?lot=LOT_CODE: one lot's events are public; the full list is for "
                    "producers and staff."
                ),
            )
        lots = Lot.objects.filter(producer__in=producers)
    serials = request.GET.get("serials", "")
    if serials not in ("", "0", "1"):
        return _problem(400, _("“serials” is 1 (list serialised codes) or 0."))
    try:
        document = epcis_services.epcis_export(lots=lots, serials=serials == "1")
    except epcis_services.TooManySerials as exc:
        return _problem(400, str(exc))
    return HttpResponse(json.dumps(document, ensure_ascii=False), content_type=JSON_LD)


# --- "Scan or type a code" (the /truy-xuat/ page's form) ---------------------------------

HRI = re.compile(r"\((01|10|21)\)\s*([^()]+)")


def _typed_code(request) -> tuple[str, str, str]:
    """(gtin, lot, serial) from the form: three boxes, or one box holding a pasted Digital
    Link or the label's human-readable line "(01) … (10) … (21) …"."""
    code = request.GET.get("code", "").strip()
    gtin = "".join(request.GET.get("gtin", "").split())
    lot = request.GET.get("lot", "").strip()
    serial = request.GET.get("serial", "").strip()
    if code.lower().startswith(("http://", "https://")):
        link = parse_digital_link(code)
        return link.gtin, link.lot or "", link.serial or ""
    if code:
        parts = {ai: value.strip() for ai, value in HRI.findall(code)}
        if "01" not in parts:
            raise DigitalLinkError(_("type the numbers after (01), (10) and (21) on the label"))
        return "".join(parts["01"].split()), parts.get("10", ""), parts.get("21", "")
    return gtin, lot, serial


@require_GET
def trace_lookup(request):
    """Send a code typed by hand (or a pasted link) to its scan page on this site."""
    if not request.GET:
        return render(request, "traceability/lookup.html", {"error": ""})
    try:
        gtin, lot, serial = _typed_code(request)
        if not is_valid_gtin(gtin):
            raise DigitalLinkError(
                _("the GTIN has 8 to 14 digits and its last digit must match; check the number")
            )
        if serial and not lot:
            raise DigitalLinkError(_("type the lot (10) too"))
        uri = build_digital_link(
            base=settings.SITE_URL, gtin=gtin, lot=lot or None, serial=serial or None
        )
    except DigitalLinkError as exc:
        return render(
            request,
            "traceability/lookup.html",
            {"error": _("This code cannot be read: %(reason)s.") % {"reason": exc}},
            status=400,
        )
    # The scan page lives on this site: go to its path, whatever host this request used.
    return redirect(urlsplit(uri).path)
