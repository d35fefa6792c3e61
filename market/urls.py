from django.urls import path

from market import views

app_name = "market"
urlpatterns = [
    path("", views.market_directory, name="directory"),
    path("<slug:slug>/", views.market_detail, name="detail"),
]
