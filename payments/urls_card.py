"""Card payment URLs (Stripe), mounted under /pay/ next to the other payment URLs:
``path("pay/", include("payments.urls_card"))`` in config/urls.py, before Wagtail's catch-all.
"""

from django.urls import path

from payments import views_stripe

urlpatterns = [
    path("card/<str:order_number>/", views_stripe.card_pay, name="card-pay"),
    path("card/<str:order_number>/return/", views_stripe.card_return, name="card-return"),
    path("dashboard/card-payments/", views_stripe.card_payments, name="card-payments"),
    path(
        "dashboard/card-payments/<int:pk>/refund/",
        views_stripe.card_refund,
        name="card-refund",
    ),
    path("webhooks/stripe/", views_stripe.stripe_webhook, name="stripe-webhook"),
]
