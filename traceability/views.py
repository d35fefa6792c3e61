"""The public scan page: GS1 Digital Link resolver, scan beacon and the type-a-code form.

The page is the same for everyone who scans a code, so CDNs and browsers may keep it; scans
are counted by a 1-pixel beacon the page loads, which is never cached.
"""

from __future__ import annotations

import base64
import hashlib
from decimal import Decimal, InvalidOperation

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_safe

from core.http import client_ip
from traceability import selectors, services
from traceability.forms import CodeLookupForm
from traceability.gs1 import DigitalLinkError, parse_digital_link

LINKSET_TYPE = "application/linkset+json"
# The smallest transparent GIF (43 bytes).
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
LANGUAGES = {code for code, _name in settings.LANGUAGES}
KNOWN_CODE_VERDICTS = {
    selectors.GENUINE,
    selectors.SOLD,
    selectors.VOID,
    selectors.LOT_ONLY,
    selectors.PRODUCT_ONLY,
}


def _raw_uri(request: HttpRequest) -> str:
    """The address as the client sent it, percent-escapes intact where the server keeps them
    (gunicorn's RAW_URI, uWSGI's REQUEST_URI); otherwise rebuilt from the decoded path."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or ""
    if raw.startswith("/"):
        return "https://resolver" + raw
    if raw.startswith(("http://", "https://")):
        return raw
    query = request.META.get("QUERY_STRING", "")
    return "https://resolver" + escape_uri_path(request.path) + (f"?{query}" if query else "")


def _wants_linkset(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return LINKSET_TYPE in accept or request.GET.get("linkType") in ("linkset", "all")


def _cacheable(response: HttpResponse, max_age: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ("Accept",))
    return response


def _language(request: HttpRequest) -> str:
    # ?lang=en keeps the English page at an address of its own, so it stays cacheable.
    chosen = request.GET.get("lang", "")
    return chosen if chosen in LANGUAGES else translation.get_language()


# The scan pages are one light response with their CSS inline (traceability/base.html), kept
# whole in caches: a per-response nonce cannot be used, so inline style elements are allowed
# on these pages (they carry no script and no form that posts).
INLINE_STYLE = csp_update({"style-src-elem": [UNSAFE_INLINE]})


@require_safe
@INLINE_STYLE
def resolve(request: HttpRequest, rest: str = "") -> HttpResponse:
    """The scan page (or its linkset). Each rendering is kept in the cache for
    TRACE_PAGE_CACHE_SECONDS: it is the same for everyone, so repeated scans of a popular
    code cost one cache read (figures in the README)."""
    language = _language(request)
    uri = _raw_uri(request)
    key = (
        "trace:page:"
        + hashlib.sha256(f"{uri}|{language}|{_wants_linkset(request)}".encode()).hexdigest()
    )
    cached = cache.get(key) if settings.TRACE_PAGE_CACHE_SECONDS else None
    if cached is not None:
        return cached
    response = _resolve(request, uri=uri, language=language)
    # Only pages of codes that exist: made-up addresses must not fill the cache.
    if settings.TRACE_PAGE_CACHE_SECONDS and getattr(response, "trace_known_code", False):
        cache.set(key, response, settings.TRACE_PAGE_CACHE_SECONDS)
    return response


def _resolve(request: HttpRequest, *, uri: str, language: str) -> HttpResponse:
    with translation.override(language):
        try:
            link = parse_digital_link(uri)
        except DigitalLinkError as exc:
            response = render(
                request,
                "traceability/bad_link.html",
                {"reason": str(exc), "form": CodeLookupForm(), "language": language},
                status=400,
            )
            return _cacheable(response, 60)
        page = selectors.scan_page(link)
        if page is None:
            if _wants_linkset(request):
                return _cacheable(JsonResponse({"error": "unknown GTIN"}, status=404), 60)
            response = render(
                request,
                "traceability/unknown.html",
                {"link": link, "form": CodeLookupForm(), "language": language},
                status=404,
            )
            return _cacheable(response, 60)
        if _wants_linkset(request):
            body = selectors.linkset(page, base=settings.SITE_URL)
            response = JsonResponse(
                body, content_type=LINKSET_TYPE, json_dumps_params={"ensure_ascii": False}
            )
            response.trace_known_code = page.verdict in KNOWN_CODE_VERDICTS
            return _cacheable(response, settings.TRACE_PAGE_MAX_AGE)
        path = selectors.resolver_path(link)
        response = render(
            request,
            "traceability/scan.html",
            {
                "page": page,
                "language": language,
                "path": path,
                "other_language": "en" if language == "vi" else "vi",
                "beacon": "/trace/scan" + path.split("?")[0] if link.lot or link.serial else "",
                "form": CodeLookupForm(),
            },
        )
        response.trace_known_code = page.verdict in KNOWN_CODE_VERDICTS
        response["Content-Language"] = language
        response["Link"] = f'<{path.split("?")[0]}>; rel="linkset"; type="{LINKSET_TYPE}"'
        return _cacheable(response, settings.TRACE_PAGE_MAX_AGE)


def _coordinate(value: str | None, limit: int) -> Decimal | None:
    try:
        number = Decimal(value or "")
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) <= limit else None


@require_safe
def beacon(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Count one scan (the page's 1-pixel image). ``lat``/``lng`` are accepted only from
    clients whose user agreed to share a location; the page itself sends none."""
    try:
        link = parse_digital_link(_raw_uri(request))
    except DigitalLinkError:
        link = None
    if link is not None and (link.lot or link.serial):
        client = services.client_hash(
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:300],
        )
        services.scan_record(
            link=link,
            client=client,
            latitude=_coordinate(request.GET.get("lat"), 90),
            longitude=_coordinate(request.GET.get("lng"), 180),
        )
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store, private"
    return response


@require_safe
@INLINE_STYLE
def lookup(request: HttpRequest) -> HttpResponse:
    """Type a code by hand (or paste an address) and go to its scan page."""
    language = _language(request)
    with translation.override(language):
        form = CodeLookupForm(request.GET if request.GET.keys() - {"lang"} else None)
        if form.is_bound and form.is_valid():
            path = selectors.resolver_path(form.cleaned_data["link"])
            if language != settings.LANGUAGE_CODE and "lang" in request.GET:
                path += ("&" if "?" in path else "?") + f"lang={language}"
            return redirect(path)
        return render(
            request,
            "traceability/lookup.html",
            {"form": form, "language": language},
            status=400 if form.is_bound else 200,
        )
