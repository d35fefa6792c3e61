"""Security headers: the Content-Security-Policy (django-csp) and the Permissions-Policy.

Public pages get ``CONTENT_SECURITY_POLICY`` (scripts only from this site or carrying the
response's nonce); the back offices listed in ``CSP_STAFF_URL_PREFIXES`` (Oscar's dashboard,
the Django admin, Wagtail's admin), whose stock templates rely on inline scripts, get the
looser ``CSP_STAFF_POLICY``. A view can still adjust its own policy with django-csp's
decorators (the card page adds Stripe's hosts).
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings

from core.http import permissions_policy


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.CSP_STAFF_URL_PREFIXES))
        ):
            parts.config = default_config(settings.CSP_STAFF_POLICY["DIRECTIVES"])
        return parts


class PermissionsPolicyMiddleware:
    """Browser features no page here uses are switched off for every page and any frame in
    it; those a page does use are allowed for this site only (``PERMISSIONS_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", permissions_policy())
        return response
