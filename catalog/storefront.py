"""Oscar storefront routes that must not reveal or sell a product that is not on sale.

Oscar's product page redirects any ``x_<id>`` URL to the product's slug before it checks
``is_public``, and its basket and wish-list views accept any product id. These wrappers, mounted
before Oscar's URLs (config/oscar_urls.py), apply ``selectors.product_is_on_sale`` first and
then hand over to Oscar's own views.
"""

from __future__ import annotations

from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.apps.basket.views import BasketView as OscarBasketView
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.apps.customer import views as customer_views
from oscar.apps.customer.alerts import views as alert_views
from oscar.apps.customer.wishlists import views as wishlist_views
from oscar.core.loading import get_model
from oscar.core.utils import redirect_to_referrer

from catalog.selectors import product_is_on_sale, product_is_visible_to
from core.oscar_views import oscar_view, post_only

Product = get_model("catalogue", "Product")
Option = get_model("catalogue", "Option")


def _product_or_404(pk) -> Product:
    product = Product.objects.select_related("parent").filter(pk=pk).first()
    if product is None:
        raise Http404
    return product


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page, deciding visibility before the redirect to the right slug."""

    def get_queryset(self):
        # What the page reads for every shopper, with the product: the stock records (price,
        # availability, add-to-basket form) and whether it has options. The rest (photos,
        # certificates, lot, attributes) is read only when its fragment is not in the cache
        # (templates/oscar/catalogue/detail.html).
        return (
            Product.objects.select_related("product_class", "parent")
            .annotate(
                has_product_class_options=Exists(
                    Option.objects.filter(productclass=OuterRef("product_class"))
                ),
                has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
            )
            .prefetch_related("stockrecords")
        )

    def is_viewable(self, product, request):
        return product_is_visible_to(product, request.user)

    def redirect_if_necessary(self, current_path, product):
        if not self.is_viewable(product, self.request):
            raise Http404
        return super().redirect_if_necessary(current_path, product)


class BasketView(OscarBasketView):
    """Oscar's basket page; a visitor's basket that was never saved (nothing was ever added)
    is shown as empty straight away, without the lines' formset, the site offers, shipping
    and voucher that an empty basket does not show (templates/oscar/basket/partials/
    basket_content.html). Oscar's conditions (count, value, coverage) are never partly met
    by an empty basket, so it has no upsell message either."""

    def get(self, request, *args, **kwargs):
        basket = request.basket
        if basket.id is None and not request.user.is_authenticated:
            return TemplateResponse(
                request,
                self.template_name,
                {"view": self, "basket": basket, "basket_warnings": [], "upsell_messages": []},
            )
        return super().get(request, *args, **kwargs)


def product_on_sale_required(view, *, kwarg: str = "product_pk", staff_preview: bool = False):
    """404 unless the product named by ``kwarg`` is on sale (or, with ``staff_preview``,
    the user is staff): reviews and wish lists of a draft do not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        product = _product_or_404(kwargs[kwarg])
        visible = (
            product_is_visible_to(product, request.user)
            if staff_preview
            else product_is_on_sale(product)
        )
        if not visible:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def review_patterns() -> list[URLPattern]:
    """Oscar's review routes of one product (list, detail, add, vote), unnamed, each behind
    the visibility check; mounted under ``catalogue/<slug>_<product_pk>/reviews/``."""
    return [
        URLPattern(
            pattern.pattern,
            product_on_sale_required(pattern.callback, staff_preview=True),
            pattern.default_args,
        )
        for pattern in apps.get_app_config("reviews").urls[0]
    ]


_oscar_basket_add = oscar_view("basket", "add")


@require_POST
def basket_add(request, pk: int):
    """Oscar's basket add, refusing a product that is not on sale with a message."""
    product = _product_or_404(pk)
    if not product_is_on_sale(product):
        messages.error(request, _("This product is not on sale."))
        return redirect_to_referrer(request, "basket:summary")
    return _oscar_basket_add(request, pk=pk)


def wishlist_add(route: str):
    """Oscar's "add to wish list" (default list, or a named one): POST only, on-sale only."""
    return require_POST(
        product_on_sale_required(oscar_view("customer", "wishlists-add-product", route=route))
    )


wishlist_create_with_product = product_on_sale_required(
    oscar_view("customer", "wishlists-create-with-product")
)


# --- Shoppers' accounts: no change on GET, no 500 -------------------------------------------

Order = get_model("order", "Order")


class AlertCancelByKeyView(alert_views.ProductAlertCancelView):
    """Oscar's stock alert cancel (the e-mailed link carries the alert's secret key), following
    ``?next=`` only within this site: Oscar redirects to any URL given."""

    def get_redirect_url(self, *args, **kwargs):
        url = super().get_redirect_url(*args, **kwargs)
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return self.alert.product.get_absolute_url()


#: Oscar account views that change data in ``get``: POST only (CSRF-checked), GET → 405.
AddressChangeStatusView = post_only(customer_views.AddressChangeStatusView)
WishListMoveProductView = post_only(wishlist_views.WishListMoveProductToAnotherWishList)
AlertCancelView = post_only(AlertCancelByKeyView)
LogoutView = post_only(customer_views.LogoutView)


class OrderLineView(customer_views.OrderLineView):
    """One line of the shopper's own order: Oscar has no page for it (the template is
    missing) and raises on a line of another order. GET goes to the order; "reorder" (POST)
    works as in Oscar, refusing a product that is no longer on sale."""

    def get_object(self, queryset=None):
        order = get_object_or_404(Order, user=self.request.user, number=self.kwargs["order_number"])
        lines = order.lines.select_related("product__parent")
        return get_object_or_404(lines, id=self.kwargs["line_id"])

    def get(self, request, *args, **kwargs):
        self.get_object()
        return redirect("customer:order", order_number=self.kwargs["order_number"])

    def do_reorder(self, line):
        if line.product is None or not product_is_on_sale(line.product):
            messages.warning(self.request, _("This product is not on sale."))
            self.response = redirect("customer:order", order_number=self.kwargs["order_number"])
            return
        super().do_reorder(line)
