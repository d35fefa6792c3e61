"""Vietnamese-aware text helpers: ASCII slugs ("Chè Tân Cương" → "che-tan-cuong") and the
accent-free folding search uses ("Mật ong" → "mat ong")."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.text import slugify as django_slugify

from payments.vietqr import to_ascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(value: str, allow_unicode: bool = False) -> str:
    """Oscar's OSCAR_SLUG_FUNCTION: transliterate first, so "đ" becomes "d" instead of vanishing."""
    return django_slugify(to_ascii(str(value)))


def unique_slug(base: str, *, taken: Callable[[str], bool], max_length: int = 255) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first one ``taken`` says is free."""
    base = base[:max_length].strip("-") or "item"
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
    return candidate


def fold(value: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Chè  Tân-Cương!" → "che tan cuong"."""
    return " ".join(_NON_WORD.split(to_ascii(str(value)).lower())).strip()


def search_words(query: str, *, limit: int = 8) -> list[str]:
    """The distinct folded words of a query, in order (at most ``limit``, to bound the SQL)."""
    words: list[str] = []
    for word in fold(query).split():
        if word not in words:
            words.append(word)
    return words[:limit]
