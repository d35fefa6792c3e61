"""Public producer pages: the directory and one producer's story, certificates and products."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from catalog import selectors
from catalog.models import Producer

PRODUCERS_PER_PAGE = 12
PRODUCTS_PER_PAGE = 12


def _page(request, items, per_page):
    """The requested page, or None when the number is not a page (the caller redirects)."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        return None


class ProducerListView(TemplateView):
    template_name = "catalog/producer_list.html"

    def get(self, request, *args, **kwargs):
        self.commune, self.kind = None, ""
        commune = request.GET.get("commune", "").strip()
        if commune:
            if commune.isascii() and commune.isdigit() and len(commune) < 10:
                self.commune = int(commune)
            else:
                messages.warning(request, _("Unknown commune: filter ignored."))
        kind = request.GET.get("kind", "").strip()
        if kind:
            if kind in Producer.Kind.values:
                self.kind = kind
            else:
                messages.warning(request, _("Unknown kind of producer: filter ignored."))
        self.page = _page(
            request,
            selectors.producer_list(commune=self.commune, kind=self.kind),
            PRODUCERS_PER_PAGE,
        )
        if self.page is None:
            messages.error(request, _("That page does not exist; showing the first page."))
            return redirect(f"{request.path}?{self._query()}")
        return super().get(request, *args, **kwargs)

    def _query(self, **changes) -> str:
        params = {"commune": self.commune or "", "kind": self.kind, **changes}
        return urlencode({k: v for k, v in params.items() if v})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        communes = selectors.producer_commune_choices()
        context.update(
            page_obj=self.page,
            producers=self.page.object_list,
            communes=[
                {
                    "id": pk,
                    "name": name,
                    "count": n,
                    "selected": pk == self.commune,
                    "url": "?" + self._query(commune="" if pk == self.commune else pk),
                }
                for pk, name, n in communes
            ],
            kinds=[
                {
                    "value": value,
                    "label": label,
                    "selected": value == self.kind,
                    "url": "?" + self._query(kind="" if value == self.kind else value),
                }
                for value, label in Producer.Kind.choices
            ],
        )
        return context


class ProducerDetailView(TemplateView):
    template_name = "catalog/producer_detail.html"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        self.producer = selectors.producer_detail(slug=slug)
        if self.producer is None:
            current = selectors.producer_redirect_slug(slug)
            if current:
                return redirect("catalog:producer-detail", slug=current, permanent=True)
            raise Http404(_("No such producer."))
        self.page = _page(request, selectors.producer_products(self.producer), PRODUCTS_PER_PAGE)
        if self.page is None:
            messages.error(request, _("That page does not exist; showing the first page."))
            return redirect(request.path)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            producer=self.producer,
            page_obj=self.page,
            products=self.page.object_list,
        )
        return context
