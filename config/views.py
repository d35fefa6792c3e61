"""Site-wide views that belong to no domain app: health check, the one sign-in page, the page
shown when sign-in is paused after too many wrong passwords, and the 404 page."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from config.health import run_checks
from config.roles import home_url_for


@never_cache
def healthz(request):
    healthy, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


class LoginView(auth_views.LoginView):
    """One sign-in page for shoppers, producers, boards, stallholders and staff."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return home_url_for(self.request.user)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (``AXES_LOCKOUT_CALLABLE``), for every sign-in form: a page
    of the site saying what happened and when to try again, with 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def page_not_found(request, exception=None):
    """The 404 page; under /api/ a JSON body as the API's own 404s give (``{"detail": …}``), so
    a client that asks for a path no route matches (``/api/products/0.5/``) still gets JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Not found.")}, status=404, json_dumps_params={"ensure_ascii": False}
        )
    return defaults.page_not_found(request, exception)
