"""Vietnamese-aware text helpers: ASCII slugs ("Chè Tân Cương" → "che-tan-cuong"), the
accent-free folding search uses ("Mật ong" → "mat ong"), and the printable ASCII banks accept
in QR text fields. Pure Python: no Django import (the VietQR codec uses it)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_NON_WORD = re.compile(r"[^a-z0-9]+")
_NOT_SLUG = re.compile(r"[^\w\s-]", re.ASCII)
_SLUG_GAPS = re.compile(r"[-\s]+")

# Letters NFKD leaves whole (they are not "letter + accent"); đ is the one Vietnamese needs.
_EXTRA_ASCII = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)


def to_ascii(text: str) -> str:
    """Vietnamese (and other Latin) text as printable ASCII: "Thanh toán đơn hàng" → "Thanh toan
    don hang".

    Accents are stripped, whitespace becomes a plain space, and characters with no ASCII
    equivalent (emoji, CJK, control characters) are dropped, because banks reject anything
    outside printable ASCII in QR text fields.
    """
    if text.isascii() and text.isprintable():
        return text  # the common case: already clean, skip the Unicode work
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_ASCII))
    out = []
    for char in decomposed:
        if " " <= char <= "~":
            out.append(char)
        elif char.isspace():
            out.append(" ")
        # anything else: a combining accent or a character ASCII cannot show, dropped
    return "".join(out)


def slugify(value: str, allow_unicode: bool = False) -> str:
    """Oscar's OSCAR_SLUG_FUNCTION: transliterate first, so "đ" becomes "d" instead of vanishing
    (then the same rules as Django's slugify: word characters and single hyphens)."""
    value = _NOT_SLUG.sub("", to_ascii(str(value)).lower())
    return _SLUG_GAPS.sub("-", value).strip("-_")


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


# Vietnamese tone marks (huyền, sắc, ngã, hỏi, nặng), as combining characters. The other marks
# (â ê ô ơ ư ă) and đ make different letters and stay in place.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_MARKED_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


def _tone_last(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    base = "".join(c for c in decomposed if c not in _TONE_MARKS)
    tones = "".join(c for c in decomposed if c in _TONE_MARKS)
    return unicodedata.normalize("NFC", base + tones)


def marked(value: str) -> str:
    """Lower-case words with their diacritics, separated by single spaces: "Chè  Tân-Cương!"
    → "chè tân cương". The tone mark moves to the end of each word, so the old and new
    spellings are one word ("Hòa", "Hoà" → "hoà"; "thủy", "thuỷ" → "thuỷ"); a form for
    comparing, not for showing ("bình" becomes "binh" and a combining grave accent)."""
    text = unicodedata.normalize("NFC", str(value)).lower()
    return " ".join(_tone_last(word) for word in _MARKED_WORD.findall(text))


def search_terms(query: str, *, limit: int = 8) -> list[tuple[str, str]]:
    """The distinct words of a query as (word as typed, in :func:`marked` form; folded), in
    order, at most ``limit`` (to bound the SQL). A word typed with diacritics is not ASCII.

    "Chè che" → [("chè", "che"), ("che", "che")]; "Gà" → [("gà", "ga")].
    """
    terms: list[tuple[str, str]] = []
    for word in marked(query).split():
        if word not in (typed for typed, _ in terms):
            terms.append((word, fold(word)))
    return terms[:limit]
