"""Public producer pages and marketplace feeds, under /shop/ (before Oscar's own URLs)."""

from django.urls import path

from catalog import feeds, views

app_name = "catalog"

urlpatterns = [
    path("producers/", views.ProducerListView.as_view(), name="producer-list"),
    path("producers/<slug:slug>/", views.ProducerDetailView.as_view(), name="producer-detail"),
    path("producers/<slug:slug>/feed.csv", feeds.producer_feed_csv, name="producer-feed-csv"),
    path("producers/<slug:slug>/feed.xml", feeds.producer_feed_xml, name="producer-feed-xml"),
    path("feeds/products.csv", feeds.shop_feed_csv, name="feed-csv"),
    path("feeds/products.xml", feeds.shop_feed_xml, name="feed-xml"),
]
