"""The stall app, mounted at /stall/: the stall is in the path (market slug and stall code)."""

from django.urls import path

from market.stall import views

app_name = "stall"
STALL = "<slug:slug>/<str:code>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("speaker/", views.speaker_home, name="speaker-home"),
    path(STALL, views.keypad, name="keypad"),
    path(STALL + "qr/<str:reference>/", views.charge, name="charge"),
    path(STALL + "qr/<str:reference>/status.json", views.charge_status, name="charge-status"),
    path(STALL + "cash/", views.cash_sale, name="cash"),
    path(STALL + "today/", views.today, name="today"),
    path(STALL + "speaker/", views.speaker, name="speaker"),
    path(STALL + "speaker/sales.json", views.speaker_sales, name="speaker-sales"),
]
