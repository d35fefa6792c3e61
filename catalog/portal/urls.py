"""/producer/…: the producer portal (products, orders, payouts), one producer per URL."""

from django.urls import path

from catalog.portal import views
from fulfilment import views as fulfilment_views

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
    path(
        "<slug:producer_slug>/products/<int:pk>/photos/<int:image_pk>/delete/",
        views.photo_delete,
        name="photo-delete",
    ),
    path("<slug:producer_slug>/orders/", views.order_list, name="orders"),
    path(
        "<slug:producer_slug>/orders/<int:group_pk>/status/",
        views.order_set_status,
        name="order-status",
    ),
    path("<slug:producer_slug>/payouts/", fulfilment_views.producer_payouts, name="payouts"),
    path(
        "<slug:producer_slug>/payouts.csv",
        fulfilment_views.producer_payouts_csv,
        name="payouts-csv",
    ),
]
