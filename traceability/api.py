"""``GET /api/epcis/events``: EPCIS 2.0 JSON-LD for machine clients (partners, auditors).

Who sees what: the events of one lot (``?lot=…``) are public, because the lot's code is
printed on public labels and the scan page already shows its timeline to anyone; the full
list (no ``lot``) is only for a producer's own lots, or every lot for staff.
"""

from __future__ import annotations

import json

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.portal.selectors import producers_for_user
from traceability import epcis_services
from traceability.gs1 import is_valid_gtin, normalize_gtin
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
