"""Catalogue browsing and product search over the database (no search server needed)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

from catalog.selectors import browsable_products, search_products

Category = get_model("catalogue", "Category")


class _ProductListView(ListView):
    context_object_name = "products"
    paginate_by = 24

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("That page does not exist; showing the first page."))
            return redirect(request.path)


class CatalogueView(_ProductListView):
    template_name = "oscar/catalogue/browse.html"

    def get_queryset(self):
        return browsable_products()

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
        return browsable_products(categories=self.category.get_descendants_and_self())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        context["categories"] = self.category.get_children().filter(is_public=True)
        return context


class FacetedSearchView(_ProductListView):
    template_name = "oscar/search/results.html"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:200]
        return search_products(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        return context
