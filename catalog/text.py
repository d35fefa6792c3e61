"""Vietnamese-aware text helpers: ASCII slugs ("Chè Tân Cương" → "che-tan-cuong")."""

from django.utils.text import slugify as django_slugify

from payments.vietqr import to_ascii


def slugify(value: str, allow_unicode: bool = False) -> str:
    """Oscar's OSCAR_SLUG_FUNCTION: transliterate first, so "đ" becomes "d" instead of vanishing."""
    return django_slugify(to_ascii(str(value)))
