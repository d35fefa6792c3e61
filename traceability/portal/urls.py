"""/producer/<producer>/trace/…: lots, events, codes, label sheets, EPCIS upload (mounted in
the portal namespace with catalog's and fulfilment's portal URLs)."""

from django.urls import path

from traceability.portal import views

P = "<slug:producer_slug>/trace"
urlpatterns = [
    path(f"{P}/", views.lot_list, name="trace-lots"),
    path(f"{P}/lots/new/", views.lot_create, name="trace-lot-new"),
    path(f"{P}/lots/<int:pk>/", views.lot_detail, name="trace-lot"),
    path(f"{P}/lots/<int:pk>/edit/", views.lot_edit, name="trace-lot-edit"),
    path(f"{P}/lots/<int:pk>/codes/", views.lot_codes, name="trace-lot-codes"),
    path(f"{P}/lots/<int:pk>/events/new/", views.event_create, name="trace-event-new"),
    path(f"{P}/lots/<int:pk>/issue/", views.issue_codes, name="trace-issue"),
    path(f"{P}/lots/<int:pk>/labels/", views.label_request, name="trace-labels"),
    path(f"{P}/labels/<int:pk>/", views.label_job, name="trace-label-job"),
    path(f"{P}/labels/<int:pk>/download/", views.label_download, name="trace-label-download"),
    path(f"{P}/import/", views.epcis_upload, name="trace-import"),
]
