"""Three Wagtail admin views fail with a server error when a POST lacks a field their own
page always sends (a hand-made or cut-off request): page copy without its new parent, the
external-link chooser without a URL, the redirect import's confirmation without its file.
Placed before Wagtail's admin URLs, these answer 400 instead; whoever Wagtail would turn away
(signed out, no admin access) still reaches Wagtail's own answer. Wagtail's "failwhale" page,
which fails on purpose to test error reporting, is not served (404), nor are the "create" views of
the choosers that have no creation form (Wagtail routes them anyway, and a POST to one failed
with a server error): products, producers, markets and provinces are made in their own apps,
FAQ entries and banking apps in the snippets admin."""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpResponseBadRequest
from django.urls import URLPattern, URLResolver, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.models import Page


def _wagtail_admin_view(route: str):
    """The view Wagtail's admin serves at ``route`` (relative to /cms/), with its decorators."""

    def walk(items, prefix=""):
        for item in items:
            here = prefix + str(item.pattern)
            if isinstance(item, URLResolver):
                yield from walk(item.url_patterns, here)
            elif isinstance(item, URLPattern):
                yield here, item.callback

    for found, callback in walk(wagtailadmin_urls.urlpatterns):
        if found == route:
            return callback
    raise LookupError(f"Wagtail's admin has no route {route!r}")


def _parent_page_exists(post) -> bool:
    value = post.get("new_parent_page", "")
    return value.isdigit() and Page.objects.filter(pk=int(value)).exists()


def _post_needs(route: str, *fields: str, check=None):
    view = _wagtail_admin_view(route)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method == "POST"
            and request.user.has_perm("wagtailadmin.access_admin")
            and (any(field not in request.POST for field in fields) or not check(request.POST))
        ):
            return HttpResponseBadRequest()
        return view(request, *args, **kwargs)

    return wrapper


def _always(post) -> bool:
    return True


def _not_served(request):
    raise Http404


COPY = "pages/<int:page_id>/copy/"
EXTERNAL_LINK = "choose-external-link/"
REDIRECT_IMPORT = "redirects/import/process/"

# Choosers without a creation form (cms.choosers, and the snippet choosers of cms.snippets).
CHOOSER_CREATE = [
    *(f"choose/{kind}/create/" for kind in ("product", "producer", "market", "province")),
    *(f"snippets/choose/cms/{model}/create/" for model in ("faqentry", "bankapp")),
]

urlpatterns = [
    path("failwhale/", _not_served),
    *(path(route, _not_served) for route in CHOOSER_CREATE),
    path(COPY, _post_needs(COPY, "new_parent_page", check=_parent_page_exists)),
    path(EXTERNAL_LINK, _post_needs(EXTERNAL_LINK, "external-link-chooser-url", check=_always)),
    path(
        REDIRECT_IMPORT,
        _post_needs(REDIRECT_IMPORT, "import_file_name", "input_format", check=_always),
    ),
]
