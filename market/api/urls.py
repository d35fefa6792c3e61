"""/api/markets/ and /api/provinces/: the open-data API (token or session, read only)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from market.api import views

router = SimpleRouter()
router.register("markets", views.MarketViewSet, basename="api-market")
router.register("provinces", views.ProvinceViewSet, basename="api-province")

urlpatterns = [path("", include(router.urls))]
