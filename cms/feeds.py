"""RSS 2.0 and Atom feeds of the news: the newest live, public articles, with their summary,
author and tags (Django's syndication framework)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from cms.selectors import feed_news, news_index


@dataclass
class NewsSource:
    """What one request's feed is built from (the feed object itself is shared by requests)."""

    index: object  # cms.NewsIndexPage | None
    request: object


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    description = _("News of Chợ 4.0 cashless markets, OCOP producers and traceability.")

    def get_object(self, request, *args, **kwargs):
        return NewsSource(index=news_index(), request=request)

    def title(self, source):
        return f"{source.index.title} · Chợ Số" if source.index else _("Chợ Số news")

    def link(self, source):
        return source.index.get_full_url(source.request) if source.index else "/"

    def feed_url(self, source):
        return source.request.build_absolute_uri(source.request.path)

    def items(self, source):
        items = feed_news()
        for item in items:
            item.feed_link = item.get_full_url(source.request)
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return item.feed_link

    def item_author_name(self, item):
        return item.author or None

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time()))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
