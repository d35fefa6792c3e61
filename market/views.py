"""Public market pages."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from market.selectors import markets_with_stall_counts


def market_directory(request):
    page = Paginator(markets_with_stall_counts(), 20).get_page(request.GET.get("page"))
    return render(request, "market/directory.html", {"page": page})


def market_detail(request, slug: str):
    market = get_object_or_404(markets_with_stall_counts(), slug=slug)
    stalls = market.stalls.filter(is_active=True).order_by("code")
    return render(request, "market/detail.html", {"market": market, "stalls": stalls})
