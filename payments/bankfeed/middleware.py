"""The bank-feed webhook's lean path: answered before the site's browser middleware.

An aggregator's signed POST needs none of what a browser request goes through (session,
CSRF, sign-in, messages, basket, redirects, history, content-security headers): profiled,
those layers cost about as much as the webhook's own work. This middleware sits right after
``SecurityMiddleware`` (which keeps its HTTPS redirect and headers) and hands a POST to
``/pay/webhooks/bank/<provider>/`` for a known provider, without a query string, straight to
``payments.bankfeed.webhooks.bank_webhook``: the same view, with the same checks, answers and
translated errors. The host is still checked against ``ALLOWED_HOSTS`` and the page language
still follows the language cookie, as ``CommonMiddleware`` and ``ChosenLanguageMiddleware`` do.

Everything else — another method, an unknown provider, a query string, any other path —
goes through the whole stack as before.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from payments.bankfeed import codec, webhooks

_SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def webhook_path_pattern() -> re.Pattern:
    """``/pay/webhooks/bank/<provider>/`` as the URL map has it, for the known providers."""
    sample = reverse("payments:bank-webhook", kwargs={"provider": codec.PROVIDERS[0]})
    prefix = sample[: -len(codec.PROVIDERS[0]) - 1]
    providers = "|".join(re.escape(provider) for provider in codec.PROVIDERS)
    return re.compile(rf"^{re.escape(prefix)}(?P<provider>{providers})/$")


class BankWebhookMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.pattern = None  # the URL map is read on the first request (apps are ready then)

    def __call__(self, request):
        if request.method != "POST" or request.META.get("QUERY_STRING"):
            return self.get_response(request)
        if self.pattern is None:
            self.pattern = webhook_path_pattern()
        match = self.pattern.match(request.path_info)
        if match is None:
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) for a host not in ALLOWED_HOSTS
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in _SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = webhooks.bank_webhook(request, provider=match["provider"])
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
