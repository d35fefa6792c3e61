"""JSON shapes of products and producers for the public read-only API (prices in integer VND).

What is published is decided in catalog.rules (see the README, "What the public API and feeds
publish"): stock as a level, never a count; producers' coordinates rounded to about 100 m; no
phone numbers; descriptions sanitised.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog import rules
from catalog.models import Certification, Producer


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


class CertificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certification
        fields = ["kind", "ocop_stars", "name", "certificate_number", "issued_on", "valid_until"]


class ProducerSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Producer
        fields = ["slug", "name", "url"]

    @extend_schema_field(serializers.URLField())
    def get_url(self, producer) -> str:
        return _absolute(producer.get_absolute_url())


class ProducerSerializer(serializers.ModelSerializer):
    # Two levels since 1 July 2025; ``former_district`` is the pre-2025 district, as a label.
    province = serializers.CharField(source="province.name")
    commune = serializers.CharField(source="commune.name", default=None, allow_null=True)
    former_district = serializers.CharField(source="district_label")
    latitude = serializers.SerializerMethodField(
        help_text="Rounded to 3 decimals (about 100 m): the village, not the farmhouse"
    )
    longitude = serializers.SerializerMethodField(help_text="Rounded to 3 decimals (about 100 m)")
    certifications = CertificationSerializer(source="valid_certifications", many=True)
    product_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()

    class Meta:
        model = Producer
        fields = [
            "slug",
            "name",
            "kind",
            "story",
            "province",
            "commune",
            "former_district",
            "latitude",
            "longitude",
            "is_verified",
            "photo",
            "certifications",
            "product_count",
            "url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, producer) -> str:
        return _absolute(producer.get_absolute_url())

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_latitude(self, producer) -> float | None:
        return rules.public_coordinate(producer.latitude)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_longitude(self, producer) -> float | None:
        return rules.public_coordinate(producer.longitude)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo(self, producer) -> str | None:
        return _absolute(producer.photo.url) if producer.photo else None


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="get_title")
    slug = serializers.CharField()
    description = serializers.SerializerMethodField(
        help_text="HTML reduced to simple tags (p, br, strong, em, lists, links)"
    )
    product_class = serializers.CharField(source="product_class.name", default=None)
    price_vnd = serializers.SerializerMethodField()
    availability = serializers.SerializerMethodField(
        help_text=f"in_stock, few_left ({rules.FEW_LEFT} or fewer) or out_of_stock"
    )
    sku = serializers.SerializerMethodField()
    producer = serializers.SerializerMethodField()
    ocop_stars = serializers.IntegerField(allow_null=True)
    certifications = CertificationSerializer(source="valid_certifications", many=True)
    categories = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def _record(self, product):
        records = list(product.stockrecords.all())
        return min(records, key=lambda r: r.pk) if records else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_price_vnd(self, product) -> int | None:
        record = self._record(product)
        if record is None or rules.sellable_price_problem(
            price=record.price, currency=record.price_currency
        ):
            return None  # no price, or one checkout would refuse (≤ 0 ₫, not VND…)
        return int(record.price)

    @extend_schema_field(serializers.CharField())
    def get_description(self, product) -> str:
        return rules.sanitize_html(product.description)

    @extend_schema_field(serializers.ChoiceField(choices=rules.AVAILABILITY_LEVELS))
    def get_availability(self, product) -> str:
        track = product.product_class is None or product.product_class.track_stock
        return rules.availability_level(self._record(product), track_stock=track)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_sku(self, product) -> str | None:
        record = self._record(product)
        return record.partner_sku if record else None

    @extend_schema_field(ProducerSummarySerializer(allow_null=True))
    def get_producer(self, product):
        record = self._record(product)
        producer = getattr(record.partner, "producer", None) if record else None
        return ProducerSummarySerializer(producer).data if producer else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_categories(self, product) -> list[str]:
        return [category.name for category in product.categories.all()]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_attributes(self, product) -> dict[str, str]:
        return {
            value.attribute.code: str(value.value_as_text)
            for value in product.attribute_values.all()
        }

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_images(self, product) -> list[str]:
        return [_absolute(image.original.url) for image in product.images.all() if image.original]

    @extend_schema_field(serializers.URLField())
    def get_url(self, product) -> str:
        return _absolute(product.get_absolute_url())
