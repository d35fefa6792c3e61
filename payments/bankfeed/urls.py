"""Bank-feed URLs under /pay/ (namespace "payments"): webhooks and the staff pages."""

from django.urls import path

from payments.bankfeed import views, webhooks

app_name = "payments"

urlpatterns = [
    # Bank feed: aggregator webhooks (signed, CSRF-exempt) and the staff queue.
    path(
        "webhooks/bank/<str:provider>/",
        webhooks.bank_webhook,
        name="bank-webhook",
    ),
    path(
        "dashboard/bank-events/",
        views.bank_event_list,
        name="bank-event-list",
    ),
    path(
        "dashboard/bank-events/<int:event_id>/",
        views.bank_event_detail,
        name="bank-event-detail",
    ),
    path(
        "dashboard/bank-events/import/",
        views.bank_statement_upload,
        name="bank-statement-upload",
    ),
    path(
        "dashboard/bank-events/rejected/",
        views.bank_feed_rejections,
        name="bank-feed-rejections",
    ),
    path(
        "dashboard/bank-events/rejected/<int:rejection_id>/let-through/",
        views.bank_rejection_let_through,
        name="bank-rejection-let-through",
    ),
]
