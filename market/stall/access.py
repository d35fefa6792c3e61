"""Who may use the stall app: the stallholder of an active stall, for that stall only.

Signed out → the sign-in page (JSON endpoints answer 401, so a page left open can say so);
signed in but the stallholder of no active stall → 403; a stall that is not one's own (or
closed, or unknown) → 404, so the app never tells which stalls exist.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse

from market.stall import selectors


def stallholder_view(view=None, *, json: bool = False):
    """Decorate ``view(request, stall, **kwargs)`` routed with ``<slug>/<code>``."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, slug: str, code: str, **kwargs):
            if not request.user.is_authenticated:
                if json:
                    return JsonResponse({"error": "signed_out"}, status=401)
                return redirect_to_login(request.get_full_path())
            stall = selectors.stallholder_stall(request.user, slug=slug, code=code)
            if stall is None:
                if not selectors.stallholder_stalls(request.user).exists():
                    raise PermissionDenied
                raise Http404
            return view(request, stall, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
