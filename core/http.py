"""Request helpers shared by the apps' views."""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind ``PROXY_HOPS`` reverse proxies of ours, the entry the
    outermost one appended to X-Forwarded-For; whatever a client itself writes there (earlier
    entries) is ignored, so a forged header cannot pose as someone else."""
    hops = settings.PROXY_HOPS
    forwarded = [p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",")]
    if hops > 0 and len(forwarded) >= hops and forwarded[-hops]:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def permissions_policy(**allowed: list[str]) -> str:
    """The Permissions-Policy header: ``PERMISSIONS_POLICY`` with a page's own changes
    (feature names with ``_`` for ``-``)."""
    features = {**settings.PERMISSIONS_POLICY}
    features.update({name.replace("_", "-"): origins for name, origins in allowed.items()})
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


def safe_next_url(request, fallback: str) -> str:
    """The POSTed ``next`` address if it stays on this site, else ``fallback``."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def database_failure_answers_503(view):
    """For machine clients (webhooks): when the database connection fails mid-request, answer
    503 with a Retry-After instead of a 500, so the sender retries. The request's transaction
    was rolled back with the connection: nothing of it was stored."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            logger.warning("Database unavailable during %s: %s", request.path, exc)
            return JsonResponse(
                {
                    "ok": False,
                    "success": False,
                    "error": _("The database is unavailable; nothing was stored. Retry later."),
                },
                status=503,
                headers={"Retry-After": "30"},
            )

    return wrapper
