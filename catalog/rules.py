"""The product rules every way in shares: the producer portal, Oscar's dashboard, checkout,
the API and the feeds import them from here, so a product refused on one path is refused on
all of them.

- a stock record sells in whole VND, 1 ₫ … ``MAX_PRICE``, with 0 … ``MAX_STOCK`` in stock;
- text shown to the public carries no control characters (XML 1.0 cannot carry them);
- rich text (descriptions) keeps only a few simple tags, sanitised with nh3;
- photos are checked and cleaned by ``core.images.clean_photo`` (re-exported here);
- the public sees stock as a level ("in stock", "few left", "out of stock"), never the count.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from html import unescape

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.forms import MAX_PRICE
from core.images import MAX_PIXELS, clean_photo  # noqa: F401  (one photo rule)

CURRENCY = "VND"
# MAX_PRICE (core.forms) is 1.000.000.000 ₫ for one item: far above any farm product.
MAX_STOCK = 1_000_000
# At or below this many units left, the public sees "few left" instead of "in stock".
FEW_LEFT = 5

# --- Money: price, currency, stock ----------------------------------------------------------


def validate_price(value) -> None:
    """A whole number of đồng, more than 0 and at most MAX_PRICE."""
    if value is None:
        raise ValidationError(_("Give the price in đồng."), code="price_required")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            _("Enter a whole number of đồng, for example 150000 or 150.000."), code="invalid"
        ) from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValidationError(
            _("A price is a whole number of đồng (VND has no smaller unit)."), code="price_whole"
        )
    if amount <= 0:
        raise ValidationError(_("The price must be more than 0 ₫."), code="min_value")
    if amount > MAX_PRICE:
        raise ValidationError(_("The price cannot be more than 1.000.000.000 ₫."), code="max_value")


def validate_currency(value) -> None:
    if value != CURRENCY:
        raise ValidationError(_("Prices are in Vietnamese đồng (VND) only."), code="currency")


def validate_stock(value) -> None:
    """0 … MAX_STOCK units (None is allowed: a product class that does not track stock)."""
    if value is None:
        return
    if value < 0:
        raise ValidationError(_("Stock cannot be below 0."), code="stock_min")
    if value > MAX_STOCK:
        raise ValidationError(
            _("Stock cannot be more than %(max)s.") % {"max": "1.000.000"}, code="stock_max"
        )


def sellable_price_problem(*, price, currency) -> str | None:
    """Why a basket line at ``price`` in ``currency`` may not be sold, or None when it may.

    The last line of the money path: checkout and order splitting call it, so a stock record
    stored before these rules existed (or written past them) never reaches an order.
    """
    for check, value in ((validate_currency, currency), (validate_price, price)):
        try:
            check(value)
        except ValidationError as exc:
            return exc.messages[0]
    return None


# --- Text -----------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry (C0 controls but tab, LF, CR; surrogates; U+FFFE/U+FFFF),
# plus C1 controls and DEL, which no product text needs either.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str | None) -> str:
    """``value`` without control characters (and anything else XML 1.0 cannot carry)."""
    return _NOT_TEXT.sub("", value or "")


def has_control_characters(value: str | None) -> bool:
    return bool(_NOT_TEXT.search(value or ""))


def clean_single_line(value: str | None) -> str:
    """A title: control characters removed, runs of whitespace made one space."""
    return " ".join(clean_text(value).split())


# The tags a product description may keep: paragraphs, line breaks, emphasis, lists, small
# headings and plain links. Everything else (script, style, iframe, img, forms, event
# handlers, style attributes) is dropped; the contents of script/style go too.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value: str | None) -> str:
    """Rich text reduced to ALLOWED_TAGS (nh3): safe to print unescaped, as Oscar does."""
    if not value:
        return ""
    return nh3.clean(
        clean_text(value),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


_SPACES = re.compile(r"\s+")


def html_to_text(value: str | None) -> str:
    """The plain text of stored rich text, on one line ("Chè 'móc câu' & mật ong"): tags
    removed and entities decoded once, so a feed that escapes it again shows no ``&#x27;``."""
    text = strip_tags(sanitize_html(value))
    return _SPACES.sub(" ", clean_text(unescape(text))).strip()


# --- What the public sees of stock -------------------------------------------------------------

IN_STOCK = "in_stock"
FEW_LEFT_LEVEL = "few_left"
OUT_OF_STOCK = "out_of_stock"
AVAILABILITY_LEVELS = (IN_STOCK, FEW_LEFT_LEVEL, OUT_OF_STOCK)


def availability_level(record, *, track_stock: bool = True) -> str:
    """ "in_stock", "few_left" (1 … FEW_LEFT units) or "out_of_stock" for a stock record: the
    public API, the feeds and the shop say this, never how many units a farm has."""
    if record is None:
        return OUT_OF_STOCK
    if not track_stock:
        return IN_STOCK
    left = max(0, (record.num_in_stock or 0) - (record.num_allocated or 0))
    if left == 0:
        return OUT_OF_STOCK
    return FEW_LEFT_LEVEL if left <= FEW_LEFT else IN_STOCK


# --- Where a producer is -----------------------------------------------------------------------

PUBLIC_COORDINATE_PLACES = 3  # about 100 m: the village, not the farmhouse


def public_coordinate(value) -> float | None:
    """A producer's latitude or longitude as the public sees it: rounded to about 100 m."""
    if value is None:
        return None
    return round(float(value), PUBLIC_COORDINATE_PLACES)
