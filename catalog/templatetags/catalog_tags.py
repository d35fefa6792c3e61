"""Template tags for product pages: the producer card and certificates, in two queries."""

from django import template

from catalog.selectors import product_page_details

register = template.Library()


@register.simple_tag
def product_details(product) -> dict:
    """``{% product_details product as details %}``: producer, valid and expired certificates."""
    return product_page_details(product)


@register.simple_tag
def product_attribute_values(product) -> list:
    """``{% product_attribute_values product as values %}``: the attribute table's values with
    their attributes (a variant's own over its parent's), in a fixed number of queries."""
    return list(
        type(product)
        .objects.filter(pk=product.pk)
        .prefetch_attribute_values()
        .get()
        .get_attribute_values()
    )


@register.filter
def stars(count) -> str:
    """4 → "★★★★"."""
    try:
        return "★" * int(count)
    except (TypeError, ValueError):
        return ""


@register.filter
def availability_label(session) -> str:
    """What the product page says of stock: "In stock now", "Only a few left" or Oscar's own
    reason it cannot be bought; never how many units the producer has (catalog.rules)."""
    from django.utils.translation import gettext

    from catalog import rules

    availability = getattr(session, "availability", None)
    if availability is None:
        return ""
    if not availability.is_available_to_buy:
        return availability.message
    record = getattr(session, "stockrecord", None)
    product_class = record.product.get_product_class() if record is not None else None
    track = product_class is None or product_class.track_stock
    level = rules.availability_level(record, track_stock=track)
    return gettext("Only a few left") if level == rules.FEW_LEFT_LEVEL else gettext("In stock now")


@register.filter
def rich_text(value) -> str:
    """Stored rich text (a description), reduced to the allowed tags and safe to print: shows
    the producer's paragraphs and emphasis, never a script (catalog.rules.sanitize_html)."""
    from django.utils.safestring import mark_safe

    from catalog import rules

    return mark_safe(rules.sanitize_html(value))  # noqa: S308  # nosec B308 B703


@register.filter
def attribute_html(value) -> str:
    """An attribute value as Oscar shows it, with rich text sanitised first (Oscar prints
    rich-text values unescaped)."""
    if value.attribute.type == value.attribute.RICHTEXT:
        return rich_text(value.value)
    return value.value_as_html
