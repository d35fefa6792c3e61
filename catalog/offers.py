"""Oscar's offer page acts on a POST only when it names "suspend" or "unsuspend" (its two
buttons); any other POST made Oscar's view answer nothing, a server error. It is a bad
request instead."""

from __future__ import annotations

from functools import wraps

from django.apps import apps
from django.http import HttpResponseBadRequest

from core.oscar_views import oscar_guarded

_ACTIONS = {"suspend", "unsuspend"}


def _only_known_actions(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not _ACTIONS.intersection(request.POST):
            return HttpResponseBadRequest()
        return view(request, *args, **kwargs)

    return wrapper


offer_detail = oscar_guarded(
    "offers_dashboard",
    "offer-detail",
    _only_known_actions(apps.get_app_config("offers_dashboard").detail_view.as_view()),
)
