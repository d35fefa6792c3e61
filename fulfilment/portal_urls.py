"""The producer portal's order and payout pages, mounted under /producer/ in the "portal"
namespace next to catalog.portal's product pages (see config/urls.py)."""

from django.urls import path

from fulfilment import views

urlpatterns = [
    path("<slug:producer_slug>/orders/", views.order_list, name="orders"),
    path(
        "<slug:producer_slug>/orders/<int:group_pk>/status/",
        views.order_set_status,
        name="order-status",
    ),
    path("<slug:producer_slug>/payouts/", views.producer_payouts, name="payouts"),
    path("<slug:producer_slug>/payouts.csv", views.producer_payouts_csv, name="payouts-csv"),
]
