"""Root URL map: see the README for what lives where."""

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from catalog.portal import urls as portal_urls
from cms import views as cms_views
from cms.sitemaps import SITEMAPS
from config import views
from fulfilment import portal_urls as fulfilment_portal_urls
from traceability import api as traceability_api
from traceability.portal import urls as trace_portal_urls

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("django-admin/", admin.site.urls),
    # A few Wagtail admin views answer 400 to a POST missing a field, not 500 (cms/admin_guards.py).
    path("cms/", include("cms.admin_guards")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Markets (/markets/…) and the fake-QR check (/qr/check/): market/urls.py.
    path("", include("market.urls")),
    # The stallholder's phone app: keypad → per-sale QR, takings, cash, speaker (market/stall/).
    path("stall/", include("market.stall.urls")),
    # QR images, an order's payment status, cash on delivery (payments/orders/urls.py).
    path("pay/", include("payments.orders.urls")),
    # Bank-feed webhooks and staff bank-event pages (namespace "payments").
    path("pay/", include("payments.bankfeed.urls")),
    # Card payments: pay page, return page, staff refunds, Stripe webhook.
    path("pay/", include("payments.cards.urls")),
    # Oscar's dashboard has its own sign-in page; everyone signs in at /accounts/login/.
    path("shop/dashboard/login/", RedirectView.as_view(url="/accounts/login/", query_string=True)),
    path("shop/", include("catalog.urls")),  # producer pages and feeds (before Oscar)
    # Oscar routes with a check in front (drafts, POST only): config/oscar_urls.py.
    path("shop/", include("config.oscar_urls")),
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
    # The producer portal: product pages (catalog), order and payout pages (fulfilment),
    # lots, codes and label sheets (traceability/portal).
    path(
        "producer/",
        include(
            (
                portal_urls.urlpatterns
                + fulfilment_portal_urls.urlpatterns
                + trace_portal_urls.urlpatterns,
                "portal",
            )
        ),
    ),
    path("payouts/", include("fulfilment.urls")),
    # EPCIS 2.0 JSON-LD events of a lot (traceability/api.py).
    path("api/epcis/events", traceability_api.epcis_events, name="epcis-events"),
    path("api/", include("catalog.api.urls")),
    # Traceability: the scan page at /01/<gtin>[/22/…][/10/…][/21/…] (GS1 Digital Link
    # resolver), its scan beacon and the type-a-code form at /trace/ (traceability/urls.py).
    path("", include("traceability.urls")),
    # The open-data API: markets' and provinces' adoption figures (token or session).
    path("api/", include("market.api.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A path nobody serves: the site's 404 page, or JSON under /api/.
handler404 = "config.views.page_not_found"

# The promotional site's search (pages and products), sitemap and robots.txt (cms/).
urlpatterns += [
    path("tim-kiem/", cms_views.search, name="site-search"),
    path("sitemap.xml", require_GET(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots-txt"),
]

# Everything else is a Wagtail page; this must stay last. The news feeds (cms/urls.py) come
# just before: a page slug has no dot, so no page can hide behind them.
urlpatterns += [
    path("", include("cms.urls")),
    path("", include(wagtail_urls)),
]
