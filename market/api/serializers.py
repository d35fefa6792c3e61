"""JSON shapes of the open-data API: markets and their daily adoption figures (money in integer
VND, shares in percent with one decimal, null when there is nothing to divide by)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from market import rollup_selectors
from market.models import Market, MarketDay, Province, ProvinceDay

FIGURES = [
    "day",
    "stalls",
    "stalls_with_qr",
    "stalls_paid_7d",
    "stalls_paid_30d",
    "cashless_count",
    "cashless_value",
    "cash_count",
    "cash_value",
    "qr_share",
    "paid_7d_share",
    "paid_30d_share",
    "cashless_share",
    "computed_at",
]
SHARE = {"read_only": True, "allow_null": True}


class FiguresSerializer(serializers.ModelSerializer):
    qr_share = serializers.FloatField(
        help_text="Stalls with a registered QR, % of active stalls", **SHARE
    )
    paid_7d_share = serializers.FloatField(
        help_text="Stalls paid cashless in the last 7 days, % of active stalls", **SHARE
    )
    paid_30d_share = serializers.FloatField(
        help_text="Stalls paid cashless in the last 30 days, % of active stalls", **SHARE
    )
    cashless_share = serializers.FloatField(
        help_text="Cashless value, % of the day's recorded takings", **SHARE
    )


class MarketDaySerializer(FiguresSerializer):
    class Meta:
        model = MarketDay
        fields = [*FIGURES, "is_cho40"]


class ProvinceDaySerializer(FiguresSerializer):
    class Meta:
        model = ProvinceDay
        fields = [*FIGURES, "markets", "cho40_markets"]


class ProvinceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["slug", "name"]


class MarketSerializer(serializers.ModelSerializer):
    province = ProvinceRefSerializer(source="commune.province")
    commune = serializers.CharField(source="commune.name")
    former_district = serializers.CharField(source="commune.former_district")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    url = serializers.SerializerMethodField()
    latest = serializers.SerializerMethodField()

    class Meta:
        model = Market
        fields = [
            "slug",
            "name",
            "province",
            "commune",
            "former_district",
            "address",
            "latitude",
            "longitude",
            "opening_days",
            "cashless_launch_date",
            "url",
            "latest",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, market) -> str:
        return f"{settings.SITE_URL}{market.get_absolute_url()}"

    @extend_schema_field(MarketDaySerializer(allow_null=True))
    def get_latest(self, market) -> dict | None:
        """The most recent day's figures (today's during the day)."""
        latest = self.context.get("latest")
        row = latest.get(market.pk) if latest is not None else None
        if latest is None:
            row = rollup_selectors.latest_market_day(market)
        return MarketDaySerializer(row).data if row is not None else None


class ProvinceSerializer(serializers.ModelSerializer):
    latest = serializers.SerializerMethodField()

    class Meta:
        model = Province
        fields = ["slug", "name", "cho40_target", "latest"]

    @extend_schema_field(ProvinceDaySerializer(allow_null=True))
    def get_latest(self, province) -> dict | None:
        row = rollup_selectors.latest_province_day(province)
        return ProvinceDaySerializer(row).data if row is not None else None


def _days_response(name: str, extra: dict, days: serializers.Serializer):
    # "from" is a Python keyword: the class is built from a dict of its fields.
    fields = {
        **extra,
        "from": serializers.DateField(help_text="First day (YYYY-MM-DD)"),
        "to": serializers.DateField(help_text="Last day (YYYY-MM-DD)"),
        "days": days,
    }
    return type(name, (serializers.Serializer,), fields)


MarketDaysSerializer = _days_response(
    "MarketDays",
    {"market": serializers.SlugField(help_text="Market slug")},
    MarketDaySerializer(many=True),
)
ProvinceDaysSerializer = _days_response(
    "ProvinceDays",
    {
        "province": serializers.SlugField(help_text="Province slug"),
        "cho40_target": serializers.IntegerField(
            allow_null=True, help_text="Chợ 4.0 markets the province aims for"
        ),
    },
    ProvinceDaySerializer(many=True),
)
