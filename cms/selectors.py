"""Read-side queries for the promotional pages."""

from __future__ import annotations

from django.core.paginator import Paginator

NEWS_PER_PAGE = 10


def news_for_index(index, *, page: str | None, tag: str | None) -> dict:
    """The live articles under ``index``, newest first, one page of ``NEWS_PER_PAGE``;
    with ``tag``, only the articles carrying it."""
    from cms.models import NewsPage

    news = NewsPage.objects.child_of(index).live().order_by("-date", "-pk")
    if tag:
        news = news.filter(tags__slug=tag)
    return {"news": Paginator(news, NEWS_PER_PAGE).get_page(page), "tag": tag or ""}
