"""Read-side queries for the promotional pages: the news list, its tags and the news feeds."""

from __future__ import annotations

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count

NEWS_PER_PAGE = 10
FEED_ITEMS = 20


def page_model(name: str):
    """A page class of cms.models, looked up by name: the page models call these functions
    from their ``get_context``, so importing them here would close an import cycle."""
    return apps.get_model("cms", name)


def _live_news(index=None):
    news = page_model("NewsPage").objects.live().public()
    if index is not None:
        news = news.child_of(index)
    return news.order_by("-date", "-pk")


def news_tags(index) -> list:
    """The tags of the live articles under ``index``, each with ``count``, most used first.
    One query."""
    from taggit.models import Tag

    return list(
        Tag.objects.filter(cms_newspagetag_items__content_object__in=_live_news(index).values("pk"))
        .annotate(count=Count("cms_newspagetag_items", distinct=True))
        .order_by("-count", "name")
    )


def news_for_index(index, *, page: str | None, tag: str | None) -> dict:
    """The live articles under ``index``, newest first, one page of ``NEWS_PER_PAGE``; with
    ``tag``, only the articles carrying it. A page number that is not a number gives the first
    page, one past the end the last; an unknown tag gives no articles (``unknown_tag``)."""
    tags = news_tags(index)
    tag = (tag or "").strip()
    selected = next((item for item in tags if item.slug == tag), None) if tag else None
    news = (
        _live_news(index).select_related("cover_image").prefetch_related("cover_image__renditions")
    )
    if tag:
        news = news.filter(tags__slug=tag) if selected is not None else news.none()
    return {
        "news": Paginator(news, NEWS_PER_PAGE).get_page(page),
        "tag": tag,
        "selected_tag": selected,
        "unknown_tag": bool(tag) and selected is None,
        "tags": tags,
    }


def feed_news(limit: int = FEED_ITEMS) -> list:
    """The newest live, public articles of the site with their tags, for the RSS/Atom feeds.
    Two queries."""
    return list(_live_news().prefetch_related("tags")[:limit])


def news_index():
    """The site's news index page (there is at most one), or None."""
    return page_model("NewsIndexPage").objects.live().first()
