"""The bank-feed webhook: aggregators (SePay-, Casso-style) post signed notifications here.

The view stores the delivery (``payments.bankfeed.intake``), has the new events sent to
reconciliation once they are committed, and answers at once. The answer counts the transactions
stored (``received``), those already known (``duplicates``) and those that could not be read
(``rejected``, kept for staff).
"""

from __future__ import annotations

import ipaddress

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.http import database_failure_answers_503
from payments.bankfeed import codec, intake
from payments.bankfeed.tasks import enqueue_reconciliation

_STATUS_CODES = {
    intake.DeliveryOutcome.ACCEPTED: 200,
    intake.DeliveryOutcome.MALFORMED: 400,
    intake.DeliveryOutcome.UNAUTHORIZED: 401,
    intake.DeliveryOutcome.TOO_LARGE: 413,
    intake.DeliveryOutcome.NOT_JSON: 415,
    intake.DeliveryOutcome.NOT_CONFIGURED: 503,
}


def _remote_addr(request) -> str | None:
    value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@csrf_exempt
@require_POST
@database_failure_answers_503
def bank_webhook(request, provider: str):
    """Store a signed aggregator notification and answer at once; reconciliation runs later."""
    if provider not in codec.PROVIDERS:
        raise Http404
    limit = intake.max_body_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    body = b""
    too_large = declared > limit
    if not too_large:
        try:
            body = request.body
        except RequestDataTooBig:
            too_large = True
    if too_large:
        message = _("The request body is too large.")
        intake.record_bank_rejection(
            provider=provider,
            reason=message,
            headers=request.headers,
            body=b"",
            remote_addr=_remote_addr(request),
            reason_code=intake.Reason.TOO_LARGE,
        )
        return JsonResponse({"ok": False, "success": False, "error": message}, status=413)
    result = intake.record_bank_delivery(
        provider=provider,
        headers=request.headers,
        body=body,
        remote_addr=_remote_addr(request),
        hand_on=enqueue_reconciliation,
    )
    if not result.accepted:
        return JsonResponse(
            {"ok": False, "success": False, "error": result.message},
            status=_STATUS_CODES[result.outcome],
        )
    return JsonResponse(
        {
            "ok": True,
            "success": True,
            "received": len(result.created_ids),
            "duplicates": result.duplicates,
            "rejected": result.rejected,
        }
    )
