"""/producer/…: the producer portal's product pages, one producer per URL (its order and
payout pages are in fulfilment/portal_urls.py, mounted in the same "portal" namespace)."""

from django.urls import path

from catalog.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:producer_slug>/", views.product_list, name="products"),
    path("<slug:producer_slug>/products/new/", views.product_create_choose, name="product-new"),
    path(
        "<slug:producer_slug>/products/new/<slug:class_slug>/",
        views.product_create,
        name="product-create",
    ),
    path("<slug:producer_slug>/products/<int:pk>/", views.product_edit, name="product-edit"),
    path(
        "<slug:producer_slug>/products/<int:pk>/publish/",
        views.product_publish,
        name="product-publish",
    ),
    path("<slug:producer_slug>/phone/", views.phone_visibility, name="phone-visibility"),
    path(
        "<slug:producer_slug>/products/<int:pk>/photos/<int:image_pk>/delete/",
        views.photo_delete,
        name="photo-delete",
    ),
]
