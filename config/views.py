"""Site-wide views that belong to no domain app: health check and the one sign-in page."""

from django.contrib.auth import views as auth_views
from django.http import JsonResponse
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


def page_not_found(request, exception=None):
    """The 404 page; under /api/ a JSON body as the API's own 404s give (``{"detail": …}``), so
    a client that asks for a path no route matches (``/api/products/0.5/``) still gets JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Not found.")}, status=404, json_dumps_params={"ensure_ascii": False}
        )
    return defaults.page_not_found(request, exception)
