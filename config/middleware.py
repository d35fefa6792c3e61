"""Vietnamese first: the page language is the visitor's explicit choice, else Vietnamese.

Django's LocaleMiddleware would follow the browser's Accept-Language, which on many phones
sold in Viet Nam still says English; the site should open in Vietnamese unless the visitor
switched with the language button (stored in the language cookie).
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class AdminPreviewFrameMiddleware:
    """Wagtail's editor shows page previews in a same-origin frame; every other page is DENY.

    Sits inside Django's XFrameOptionsMiddleware, which keeps a header already set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/cms/"):
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


class RejectNullCharacterMiddleware:
    """A query string carrying a NUL character is a bad request: PostgreSQL refuses NUL in
    text, so any view passing the value to a query would fail with a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            message = _("The address contains a character that is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
