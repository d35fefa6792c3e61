"""Catalogue browsing and product search over the database (no search server needed).

Both take the same filters (producer, district, OCOP stars, certification, product type) and
show facets with counts; bad filter values are dropped with a message, never a 500.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

from catalog.selectors import ProductFilters, browsable_products, product_facets, search_products

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("All products")
        context["categories"] = Category.get_root_nodes().filter(is_public=True)
        return context


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        context["categories"] = self.category.get_children().filter(is_public=True)
        return context


class FacetedSearchView(_ProductListView):
    template_name = "oscar/search/results.html"
    keep_params = ("q", *ProductFilters.PARAMS)

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        return search_products(self.query, filters=self.filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        return context
