"""Views of the promotional site outside Wagtail's page tree: site search, robots.txt."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms.search import MAX_QUERY_LENGTH, site_search


@require_GET
def search(request):
    """/tim-kiem/?q=…: matching pages and products; no query shows the form only."""
    query = request.GET.get("q", "").strip()
    context = {"query": query, "max_length": MAX_QUERY_LENGTH}
    if len(query) > MAX_QUERY_LENGTH:
        context["error"] = _("Type at most %(max)s characters.") % {"max": MAX_QUERY_LENGTH}
        return render(request, "cms/search.html", context, status=400)
    if query:
        context["results"] = site_search(
            query,
            pages_page=request.GET.get("pages_page"),
            products_page=request.GET.get("products_page"),
        )
    return render(request, "cms/search.html", context)


@require_GET
def robots_txt(request):
    """Everything may be crawled except the staff, portal, account and basket pages; the
    sitemap says what there is."""
    lines = [
        "User-agent: *",
        *(
            f"Disallow: {prefix}"
            for prefix in (
                "/cms/",
                "/django-admin/",
                "/shop/dashboard/",
                "/shop/basket/",
                "/shop/checkout/",
                "/shop/accounts/",
                "/producer/",
                "/stall/",
                "/payouts/",
                "/accounts/",
                "/tim-kiem/",
            )
        ),
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
