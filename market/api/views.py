"""The open-data API for the province's operations centre: markets and their daily adoption
figures, read only, for a signed-in user or a token (``Authorization: Token …``).

Staff read every market; a provincial official every market of their province; a board member
their own markets. Anything else answers 404, as if it did not exist.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from core.api import reject_blank_parameters
from market import rollup_selectors, rollups
from market.api.serializers import (
    MarketDaySerializer,
    MarketDaysSerializer,
    MarketSerializer,
    ProvinceDaySerializer,
    ProvinceDaysSerializer,
    ProvinceSerializer,
)

#: The longest range one request may ask for, in days.
MAX_DAYS = 366
DEFAULT_DAYS = 30
RANGE_PARAMETERS = [
    OpenApiParameter(
        "from", OpenApiTypes.DATE, description=f"First day (default: {DEFAULT_DAYS} days back)"
    ),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default: today)"),
]


def day_range(params) -> tuple[dt.date, dt.date]:
    """``from`` and ``to`` (YYYY-MM-DD, both included) from the query, or the last 30 days;
    a clear, translated 400 for anything else."""
    reject_blank_parameters(params, ("from", "to"))
    days = {}
    for name in ("from", "to"):
        value = params.get(name, "").strip()
        if not value:
            continue
        try:
            days[name] = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                {"detail": _("Write dates as YYYY-MM-DD, for example 2026-11-30.")}
            ) from None
    end = days.get("to") or rollups.local_today()
    start = days.get("from") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise ValidationError({"detail": _("The first day comes after the last day.")})
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError(
            {"detail": _("Ask for at most %(days)s days at a time.") % {"days": MAX_DAYS}}
        )
    return start, end


class OpenDataAPIView(viewsets.ReadOnlyModelViewSet):
    # The token first: a request without credentials gets 401 with "WWW-Authenticate: Token".
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [UserRateThrottle]
    lookup_field = "slug"


@extend_schema(tags=["markets"])
class MarketViewSet(OpenDataAPIView):
    """Chợ 4.0 markets the caller may see, with their most recent day's figures."""

    serializer_class = MarketSerializer

    def get_queryset(self):
        markets = rollup_selectors.markets_visible_to(self.request.user)
        province = self.request.query_params.get("province", "").strip()
        if province and self.action == "list":
            markets = markets.filter(commune__province__slug=province[:100])
        return markets

    @extend_schema(
        parameters=[OpenApiParameter("province", OpenApiTypes.STR, description="Province slug")]
    )
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {
            **self.get_serializer_context(),
            "latest": rollup_selectors.latest_market_days(page),
        }
        return self.get_paginated_response(MarketSerializer(page, many=True, context=context).data)

    @extend_schema(parameters=RANGE_PARAMETERS, responses=MarketDaysSerializer)
    @action(detail=True, methods=["get"])
    def days(self, request, slug=None):
        """The market's daily adoption figures, oldest first (days never computed are absent)."""
        market = self.get_object()
        start, end = day_range(request.query_params)
        rows = rollup_selectors.market_days(market, start, end)
        return Response(
            {
                "market": market.slug,
                "from": start,
                "to": end,
                "days": MarketDaySerializer(rows, many=True).data,
            }
        )


@extend_schema(tags=["provinces"])
class ProvinceViewSet(OpenDataAPIView):
    """Provinces the caller may see (staff: all; officials: their own) with the latest day."""

    serializer_class = ProvinceSerializer
    pagination_class = None

    def get_queryset(self):
        return rollup_selectors.provinces_visible_to(self.request.user)

    @extend_schema(parameters=RANGE_PARAMETERS, responses=ProvinceDaysSerializer)
    @action(detail=True, methods=["get"])
    def days(self, request, slug=None):
        """The province's daily figures: sums over its markets and its Chợ 4.0 markets."""
        province = self.get_object()
        start, end = day_range(request.query_params)
        rows = rollup_selectors.province_days(province, start, end)
        return Response(
            {
                "province": province.slug,
                "cho40_target": province.cho40_target,
                "from": start,
                "to": end,
                "days": ProvinceDaySerializer(rows, many=True).data,
            }
        )
