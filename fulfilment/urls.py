"""Staff payout pages at /payouts/ (the producer's own ledger is in the portal, /producer/)."""

from django.urls import path

from fulfilment import views

app_name = "fulfilment"
urlpatterns = [
    path("", views.staff_overview, name="staff-overview"),
    path("<slug:producer_slug>/", views.staff_ledger, name="staff-ledger"),
    path("<slug:producer_slug>/ledger.csv", views.staff_ledger_csv, name="staff-ledger-csv"),
]
