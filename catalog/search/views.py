"""Catalogue browsing and product search over the database (no search server needed).

Both take the same filters (producer, district, OCOP stars, certification, product type) and
show facets with counts; bad filter values are dropped with a message, never a 500.

A listing (heading, facets, count, product cards, pagination) is the same for every shopper:
its HTML is kept in the fragment cache (``cms.cache``) under the page's path and parameters, the
language, the day and the catalogue's data versions, so a repeated page costs none of its
queries (count, five facet aggregates, cards) and a change to the data shows at once.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

from catalog.selectors import ProductFilters, browsable_products, product_facets, search_products
from cms.cache import data_versions, fragment_key, fragment_seconds

logger = logging.getLogger(__name__)

Category = get_model("catalogue", "Category")

MAX_QUERY_LENGTH = 200


class _ProductListView(ListView):
    context_object_name = "products"
    paginate_by = 24
    keep_params = ProductFilters.PARAMS

    def get(self, request, *args, **kwargs):
        self.filters = ProductFilters.from_query(request.GET)
        for error in self.filters.errors:
            messages.warning(request, error)
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("That page does not exist; showing the first page."))
            query = self._params()
            return redirect(f"{request.path}?{urlencode(query)}" if query else request.path)

    def _params(self, **changes) -> dict[str, str]:
        """The current query string (without page), with ``changes`` (None removes)."""
        params = {
            key: self.request.GET[key]
            for key in self.keep_params
            if self.request.GET.get(key, "").strip()
        }
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return params

    # Data the listing shows: products, prices, photos, certificates, producers (catalog); the
    # producers' districts (markets).
    live_sources = ("catalog", "markets")

    def page_context(self) -> dict:
        """What the page shows outside the listing (title): cheap, no query."""
        return {}

    def _listing_key(self) -> str | None:
        if not fragment_seconds():
            return None
        params = sorted((key, value) for key, value in self._params().items())
        params.append(("page", self.request.GET.get("page", "")))
        data = {"path": self.request.path, "params": params}
        return fragment_key(
            f"listing:{type(self).__name__}",
            data,
            self.live_sources,
            data_versions(self.request, self.live_sources),
        )

    def get_context_data(self, **kwargs):
        try:
            key = self._listing_key()
            html = cache.get(key) if key else None
        except Exception:  # noqa: BLE001  (cache server down: render, do not fail the page)
            logger.warning("Fragment cache unavailable; rendering the listing")
            key = html = None
        if html is not None:
            listing = mark_safe(html)  # noqa: S308  # nosec B308 B703  (our template's output)
            return {"view": self, "listing_html": listing, **self.page_context()}
        context = self._listing_context(**kwargs)
        context["listing_key"] = key
        return context

    def _listing_context(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page_context())
        facets = product_facets(self.object_list, filters=self.filters)
        for facet in facets:
            for value in facet.values:
                params = self._params(
                    **{facet.param: None if value["selected"] else value["value"]}
                )
                value["url"] = f"{self.request.path}?{urlencode(params)}"
        context["facets"] = facets
        context["filters"] = self.filters
        context["clear_filters_url"] = (
            f"{self.request.path}?{urlencode({'q': self.request.GET['q']})}"
            if self.request.GET.get("q")
            else self.request.path
        )
        return context


class CatalogueView(_ProductListView):
    template_name = "oscar/catalogue/browse.html"

    def get_queryset(self):
        return browsable_products(filters=self.filters)

    def page_context(self) -> dict:
        return {
            "summary": _("All products"),
            "categories": Category.get_root_nodes().filter(is_public=True),  # in the listing
        }


class ProductCategoryView(_ProductListView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        if request.path != self.category.get_absolute_url():
            return HttpResponsePermanentRedirect(self.category.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return browsable_products(
            categories=self.category.get_descendants_and_self(), filters=self.filters
        )

    def page_context(self) -> dict:
        return {
            "category": self.category,
            "summary": self.category.name,
            "categories": self.category.get_children().filter(is_public=True),  # in the listing
        }


class FacetedSearchView(_ProductListView):
    template_name = "oscar/search/results.html"
    keep_params = ("q", *ProductFilters.PARAMS)

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        return search_products(self.query, filters=self.filters)

    def page_context(self) -> dict:
        return {"query": self.query}
