"""/api/: products, producers, and the OpenAPI 3 schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from catalog.api import views

router = SimpleRouter()
router.register("products", views.ProductViewSet, basename="api-product")
router.register("producers", views.ProducerViewSet, basename="api-producer")

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
