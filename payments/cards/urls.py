"""Card payment URLs (Stripe), mounted under /pay/ next to the other payment URLs:
``path("pay/", include("payments.cards.urls"))`` in config/urls.py, before Wagtail's catch-all.
"""

from django.urls import path

from payments.cards import views

urlpatterns = [
    path("card/<str:order_number>/", views.card_pay, name="card-pay"),
    path("card/<str:order_number>/return/", views.card_return, name="card-return"),
    path("dashboard/card-payments/", views.card_payments, name="card-payments"),
    path(
        "dashboard/card-payments/<int:pk>/refund/",
        views.card_refund,
        name="card-refund",
    ),
    path("webhooks/stripe/", views.stripe_webhook, name="stripe-webhook"),
]
