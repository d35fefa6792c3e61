"""Order payment URLs mounted under /pay/: QR images, payment status, staff cash handling."""

from django.urls import path, re_path

from payments.orders import views

urlpatterns = [
    re_path(
        r"^qr/(?P<reference>[0-9A-Za-z]{1,16})\.(?P<fmt>png|svg|card\.png)$",
        views.payment_request_qr,
        name="payment-request-qr",
    ),
    path(
        "orders/<str:number>/status.json",
        views.order_payment_status,
        name="order-payment-status",
    ),
    path("dashboard/cod/", views.cod_orders, name="cod-orders"),
    path(
        "dashboard/cod/<str:number>/cash-received/",
        views.cod_cash_received,
        name="cod-cash-received",
    ),
]
