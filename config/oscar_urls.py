"""Oscar URLs answered by a wrapper placed before Oscar's own include (mounted at /shop/):
the same paths and names' targets, with a check Oscar lacks in front of Oscar's view.

- product pages, reviews, basket and wish lists refuse a product that is not on sale
  (catalog/storefront.py);
- account and dashboard routes that change data answer POST only (CSRF-checked), never GET;
- a shopper's order line page answers 404 or redirects instead of failing;
- the profile and address-book forms ask for one full name and a Vietnamese address
  (fulfilment.shopper_forms);
- cancelling a stock alert follows ``?next=`` only within this site;
- deleting a producer's partner, or posting to an offer without its buttons, answers with a
  message or 400 instead of a server error.
"""

from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path

from catalog import offers, partners, storefront
from fulfilment import shopper_views

PRODUCT = r"^catalogue/(?P<product_slug>[\w-]*)_(?P<product_pk>\d+)/"

urlpatterns = [
    # Catalogue and basket (Oscar: catalogue/apps.py, catalogue/reviews/apps.py, basket/apps.py)
    re_path(
        r"^catalogue/(?P<product_slug>[\w-]*)_(?P<pk>\d+)/$",
        storefront.ProductDetailView.as_view(),
    ),
    re_path(PRODUCT + "reviews/", include(storefront.review_patterns())),
    path("basket/", storefront.BasketView.as_view()),
    path("basket/add/<int:pk>/", storefront.basket_add),
    # Shoppers' accounts (Oscar: customer/apps.py)
    path("accounts/logout/", storefront.LogoutView.as_view()),
    path(
        "accounts/orders/<str:order_number>/<int:line_id>/",
        login_required(storefront.OrderLineView.as_view()),
    ),
    re_path(
        r"^accounts/addresses/(?P<pk>\d+)/(?P<action>default_for_(billing|shipping))/$",
        login_required(storefront.AddressChangeStatusView.as_view()),
    ),
    path("accounts/profile/edit/", login_required(shopper_views.ProfileUpdateView.as_view())),
    path("accounts/addresses/add/", login_required(shopper_views.AddressCreateView.as_view())),
    path(
        "accounts/addresses/<int:pk>/",
        login_required(shopper_views.AddressUpdateView.as_view()),
    ),
    path("accounts/alerts/cancel/<int:pk>/", login_required(storefront.AlertCancelView.as_view())),
    path("accounts/alerts/cancel/key/<str:key>/", storefront.AlertCancelByKeyView.as_view()),
    path(
        "accounts/wishlists/add/<int:product_pk>/",
        storefront.wishlist_add("wishlists/add/<int:product_pk>/"),
    ),
    path(
        "accounts/wishlists/<str:key>/add/<int:product_pk>/",
        storefront.wishlist_add("wishlists/<str:key>/add/<int:product_pk>/"),
    ),
    path(
        "accounts/wishlists/create/with-product/<int:product_pk>/",
        storefront.wishlist_create_with_product,
    ),
    path(
        "accounts/wishlists/<str:key>/lines/<int:line_pk>/move-to/<str:to_key>/",
        login_required(storefront.WishListMoveProductView.as_view()),
    ),
    # Producer staff membership (Oscar: dashboard/partners/apps.py)
    path(
        "dashboard/partners/<int:partner_pk>/users/<int:user_pk>/link/",
        partners.partner_user_link,
    ),
    path(
        "dashboard/partners/<int:partner_pk>/users/<int:user_pk>/unlink/",
        partners.partner_user_unlink,
    ),
    path("dashboard/partners/<int:pk>/delete/", partners.partner_delete),
    # Offers (Oscar: dashboard/offers/apps.py): a POST without its button is a bad request
    path("dashboard/offers/<int:pk>/", offers.offer_detail),
]
