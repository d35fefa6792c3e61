"""Template tags for the producer portal's frame (catalog/portal/base.html)."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

#: Each portal tab (the ``section`` its views put in the context) and the page it opens.
SECTION_PAGES = {
    "products": "portal:products",
    "orders": "portal:orders",
    "payouts": "portal:payouts",
    "trace": "portal:trace-lots",
}
HOME = "portal:products"


@register.simple_tag
def portal_switch_url(producer, section) -> str:
    """Where switching to ``producer`` leads: the tab the user is on (a lot or an order of
    the current producer opens the other's list of lots or orders), else their home."""
    try:
        return reverse(SECTION_PAGES.get(section, HOME), kwargs={"producer_slug": producer.slug})
    except NoReverseMatch:
        return reverse(HOME, kwargs={"producer_slug": producer.slug})
