"""Site search: the promotional pages (Wagtail search, the reader's language) and the shop's
products (the catalogue's own search, which forgives missing Vietnamese diacritics)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.models import Locale, Page

from catalog.selectors import search_products
from core.text import fold

#: Longest query searched; the shop's search box cuts at the same length.
MAX_QUERY_LENGTH = 200
PAGES_PER_PAGE = 10
PRODUCTS_PER_PAGE = 12
#: Pages searched at most (the site has tens of pages, not thousands).
MAX_PAGE_RESULTS = 100
#: Pages read when matching a query typed without diacritics.
MAX_PAGES_SCANNED = 1000


@dataclass(frozen=True)
class SiteSearchResults:
    query: str
    pages: PaginatorPage
    products: PaginatorPage


def live_pages_search(query: str) -> list[Page]:
    """Live, public pages matching the query, best matches first (at most MAX_PAGE_RESULTS).

    A Vietnamese reader searches the Vietnamese tree. An English reader gets the English pages,
    then the Vietnamese pages nobody has translated yet (they are served at the same addresses
    in Vietnamese); a translated page is never listed twice.
    """
    active, default = Locale.get_active(), Locale.get_default()
    found = _search_locale(query, active)
    if active.pk != default.pk:
        fallback = _search_locale(query, default)
        translated = set(
            Page.objects.live()
            .filter(locale=active, translation_key__in=[p.translation_key for p in fallback])
            .values_list("translation_key", flat=True)
        )
        found += [p for p in fallback if p.translation_key not in translated]
    return found[:MAX_PAGE_RESULTS]


def _search_locale(query: str, locale: Locale) -> list[Page]:
    pages = Page.objects.live().public().filter(locale=locale, depth__gt=1).specific()
    found = list(pages.search(query)[:MAX_PAGE_RESULTS])
    if query.isascii():
        seen = {page.pk for page in found}
        found += [page for page in _unaccented_matches(query, pages) if page.pk not in seen]
    return found


def _unaccented_matches(query: str, pages) -> list[Page]:
    """Pages whose title, summary or description hold every word of a query typed without
    diacritics ("tien mat" finds "tiền mặt"), which Wagtail's index does not forgive."""
    words = set(fold(query).split())
    if not words:
        return []
    matches = []
    for page in pages[:MAX_PAGES_SCANNED]:
        text = " ".join(
            str(getattr(page, name, "") or "")
            for name in ("title", "search_description", "intro", "summary")
        )
        if words <= set(fold(text).split()):
            matches.append(page)
    return matches


def site_search(query: str, *, pages_page: str | None, products_page: str | None):
    """One page of matching site pages and one of matching products (each paginated on its
    own; a page number that is not one gives the first or the last page)."""
    return SiteSearchResults(
        query=query,
        pages=Paginator(live_pages_search(query), PAGES_PER_PAGE).get_page(pages_page),
        products=Paginator(search_products(query), PRODUCTS_PER_PAGE).get_page(products_page),
    )
