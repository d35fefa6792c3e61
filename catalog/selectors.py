"""Read-side queries for products and producers, shared by the shop, the CMS and the API."""

from __future__ import annotations

from django.db.models import Q
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

# Everything a product card renders, fetched in a fixed number of queries.
CARD_PREFETCH = ("images", "stockrecords__partner__producer")


def browsable_products(*, categories=None):
    """Public products that can be bought (they have a stock record), newest first."""
    products = (
        Product.objects.browsable()
        .filter(stockrecords__isnull=False)
        .select_related("product_class")
        .prefetch_related(*CARD_PREFETCH)
        .order_by("-date_created", "-id")
        .distinct()
    )
    if categories is not None:
        products = products.filter(categories__in=categories)
    return products


def search_products(query: str):
    """Products whose title or description contains every word of the query."""
    products = browsable_products()
    for word in query.split():
        products = products.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return products if query else products.none()


def featured_products(*, limit: int = 8):
    return browsable_products()[:limit]
