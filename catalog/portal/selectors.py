"""Who may act for which producer, and the producer's own products: the portal's read side.

Every portal query starts from ``producers_for_user``; an object outside it is a 404, so a
producer cannot even learn that another producer's product or order exists.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import Http404
from oscar.core.loading import get_model

from catalog.models import Producer

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


#: Shop staff act for every producer only with this permission (superusers hold it); other
#: staff (Finance) do not edit producers' products, photos, orders or codes.
ACT_FOR_PRODUCERS = "catalog.change_producer"


def producers_for_user(user):
    """Producers the user may act for: their partners', those they assist; operators: all."""
    if not user.is_authenticated:
        return Producer.objects.none()
    producers = Producer.objects.select_related("partner").order_by("name")
    if user.has_perm(ACT_FOR_PRODUCERS):
        return producers
    return producers.filter(Q(partner__users=user) | Q(assistants=user)).distinct()


def producer_for_user_or_404(user, slug: str) -> Producer:
    try:
        return producers_for_user(user).get(slug=slug)
    except Producer.DoesNotExist as exc:
        raise Http404 from exc


def producer_products(*, producer, status: str = ""):
    """The products stocked by the producer's partner, newest first, ready for the list."""
    products = (
        Product.objects.filter(stockrecords__partner=producer.partner)
        .select_related("product_class")
        .prefetch_related(
            Prefetch(
                "stockrecords",
                queryset=StockRecord.objects.filter(partner=producer.partner),
                to_attr="own_stockrecords",
            ),
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "id")),
        )
        .order_by("-date_created", "-id")
        .distinct()
    )
    if status == "published":
        products = products.filter(is_public=True)
    elif status == "draft":
        products = products.filter(is_public=False)
    return products


def producer_product_or_404(*, producer, pk: int):
    try:
        return producer_products(producer=producer).get(pk=pk)
    except Product.DoesNotExist as exc:
        raise Http404 from exc


def producer_stockrecord(*, producer, product):
    return StockRecord.objects.filter(partner=producer.partner, product=product).first()


def product_class_category(product_class):
    """The category a new product of this class goes in unless the producer picks another:
    the highest one named like the class (class "Chè" → category "Chè"), or None."""
    return (
        Category.objects.filter(Q(slug=product_class.slug) | Q(name__iexact=product_class.name))
        .order_by("depth", "path")
        .first()
    )
