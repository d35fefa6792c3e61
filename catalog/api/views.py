"""Read-only API views: anonymous reads, page-number pagination, modest throttling."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from catalog import selectors
from catalog.api.serializers import ProducerSerializer, ProductSerializer
from catalog.models import Certification
from core.api import reject_blank_parameters

FILTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search words (accents optional)"),
    OpenApiParameter("producer", OpenApiTypes.STR, description="Producer slug"),
    OpenApiParameter("commune", OpenApiTypes.INT, description="Commune / ward id"),
    OpenApiParameter("ocop", OpenApiTypes.INT, enum=[3, 4, 5], description="OCOP stars"),
    OpenApiParameter("cert", OpenApiTypes.STR, enum=Certification.Kind.values),
    OpenApiParameter("class", OpenApiTypes.STR, description="Product class slug"),
]


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Products for sale, newest first (or best match first with ``q``)."""

    serializer_class = ProductSerializer

    def get_queryset(self):
        if self.action != "list":
            return selectors.api_products()
        reject_blank_parameters(self.request.query_params, ("commune", "ocop"))
        filters = selectors.ProductFilters.from_query(self.request.query_params)
        if filters.errors:
            raise ValidationError({"detail": [str(error) for error in filters.errors]})
        query = self.request.query_params.get("q", "").strip()[:200]
        return selectors.api_products(query=query, filters=filters)


class ProducerViewSet(viewsets.ReadOnlyModelViewSet):
    """Producers (households, cooperatives, enterprises) with their valid certificates."""

    serializer_class = ProducerSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.api_producers()
