"""Template tags for product pages: the producer card and certificates, in two queries."""

from django import template

from catalog.selectors import product_page_details

register = template.Library()


@register.simple_tag
def product_details(product) -> dict:
    """``{% product_details product as details %}``: producer, valid and expired certificates."""
    return product_page_details(product)


@register.filter
def stars(count) -> str:
    """4 → "★★★★"."""
    try:
        return "★" * int(count)
    except (TypeError, ValueError):
        return ""
