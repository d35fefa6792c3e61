"""The site's URLs plus the card payment URLs, for tests that run before config/urls.py
includes payments.urls_card (and harmlessly after: the first match wins)."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("pay/", include("payments.urls_card")), *site_urlpatterns]
