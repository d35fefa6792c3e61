"""Payments URLs under /pay/ (namespace "payments"): bank-feed webhooks and staff pages."""

from django.urls import path

from payments import views_bankfeed

app_name = "payments"

urlpatterns = [
    # Bank feed: aggregator webhooks (signed, CSRF-exempt) and the staff queue.
    path(
        "webhooks/bank/<str:provider>/",
        views_bankfeed.bank_webhook,
        name="bank-webhook",
    ),
    path(
        "dashboard/bank-events/",
        views_bankfeed.bank_event_list,
        name="bank-event-list",
    ),
    path(
        "dashboard/bank-events/<int:event_id>/",
        views_bankfeed.bank_event_detail,
        name="bank-event-detail",
    ),
    path(
        "dashboard/bank-events/import/",
        views_bankfeed.bank_statement_upload,
        name="bank-statement-upload",
    ),
    path(
        "dashboard/bank-events/rejected/",
        views_bankfeed.bank_feed_rejections,
        name="bank-feed-rejections",
    ),
]
