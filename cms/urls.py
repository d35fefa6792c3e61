"""The news feeds (RSS 2.0 and Atom), in front of the Wagtail pages: a page slug has no dot, so
no page can hide behind them."""

from django.urls import path
from django.views.decorators.http import require_safe

from cms.feeds import NewsAtomFeed, NewsRssFeed

app_name = "cms"

urlpatterns = [
    path("tin-tuc/rss.xml", require_safe(NewsRssFeed()), name="news-rss"),
    path("tin-tuc/atom.xml", require_safe(NewsAtomFeed()), name="news-atom"),
]
