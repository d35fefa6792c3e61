"""Read-side queries for products and producers, shared by the shop, the CMS, feeds and the API.

Every list here is fetched in a fixed number of queries whatever its length: joins for
one-to-one data, prefetches for lists, and subqueries (not Python loops) for OCOP stars and
certifications. Only certificates valid today count in filters and facets.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.models import Certification, Producer, ProductSearchEntry, today
from core.text import search_terms

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

# Everything a product card renders, fetched in a fixed number of queries.
CARD_PREFETCH = ("images", "stockrecords__partner__producer")
OCOP_STAR_VALUES = (3, 4, 5)


def _valid_certs(on: datetime.date | None = None) -> QuerySet:
    return Certification.objects.valid(on)


def _ocop_stars_subquery(on: datetime.date | None = None) -> Subquery:
    """The product's best OCOP rating among its certificates valid today (or NULL)."""
    best = (
        _valid_certs(on)
        .filter(product=OuterRef("pk"), kind=Certification.Kind.OCOP)
        .order_by()
        .values("product")
        .annotate(best=Max("ocop_stars"))
        .values("best")
    )
    return Subquery(best, output_field=IntegerField())


def _has_cert(kind: str, on: datetime.date | None = None) -> Q:
    """A valid certificate of ``kind`` on the product itself or on its producer."""
    valid = _valid_certs(on).filter(kind=kind)
    own = Exists(valid.filter(product=OuterRef("pk")))
    producers = StockRecord.objects.filter(product=OuterRef(OuterRef("pk"))).values(
        "partner__producer"
    )
    via_producer = Exists(valid.filter(producer__in=producers))
    return Q(own) | Q(via_producer)


# --- Filters ------------------------------------------------------------------------------


@dataclass
class ProductFilters:
    """Listing filters from the query string; unknown values are dropped with a message."""

    producer: str = ""  # producer slug
    commune: int | None = None  # commune / ward id (since 2025: no districts)
    ocop: int | None = None  # exact OCOP stars (3–5)
    cert: str = ""  # certification kind
    product_class: str = ""  # product class slug
    errors: list[str] = field(default_factory=list)

    PARAMS = ("producer", "commune", "ocop", "cert", "class")

    @classmethod
    def from_query(cls, params) -> ProductFilters:
        filters = cls()
        producer = params.get("producer", "").strip()
        if producer:
            if len(producer) <= 200 and producer.replace("-", "").isalnum() and producer.isascii():
                filters.producer = producer
            else:
                filters.errors.append(_("Unknown producer: filter ignored."))
        commune = params.get("commune", "").strip()
        if commune:
            if commune.isascii() and commune.isdigit() and len(commune) < 10:
                filters.commune = int(commune)
            else:
                filters.errors.append(_("Unknown commune: filter ignored."))
        ocop = params.get("ocop", "").strip()
        if ocop:
            if ocop in {str(n) for n in OCOP_STAR_VALUES}:
                filters.ocop = int(ocop)
            else:
                filters.errors.append(_("OCOP stars must be 3, 4 or 5: filter ignored."))
        cert = params.get("cert", "").strip()
        if cert:
            if cert in Certification.Kind.values:
                filters.cert = cert
            else:
                filters.errors.append(_("Unknown certification: filter ignored."))
        product_class = params.get("class", "").strip()
        if product_class:
            if len(product_class) <= 128 and product_class.replace("-", "").isalnum():
                filters.product_class = product_class
            else:
                filters.errors.append(_("Unknown product type: filter ignored."))
        return filters

    @property
    def active(self) -> bool:
        return bool(self.producer or self.commune or self.ocop or self.cert or self.product_class)

    def apply(self, products: QuerySet) -> QuerySet:
        if self.producer:
            products = products.filter(
                Exists(
                    StockRecord.objects.filter(
                        product=OuterRef("pk"), partner__producer__slug=self.producer
                    )
                )
            )
        if self.commune:
            products = products.filter(
                Exists(
                    StockRecord.objects.filter(
                        product=OuterRef("pk"), partner__producer__commune_id=self.commune
                    )
                )
            )
        if self.ocop:
            products = products.filter(ocop_stars=self.ocop)
        if self.cert:
            products = products.filter(_has_cert(self.cert))
        if self.product_class:
            products = products.filter(product_class__slug=self.product_class)
        return products


# --- Products -----------------------------------------------------------------------------


def product_is_on_sale(product) -> bool:
    """The storefront's one rule for drafts: a product is shown and sold only when it is
    public, and a variant only when its parent is public too (a producer portal draft, or a
    product taken off sale, is neither revealed nor purchasable)."""
    if not product.is_public:
        return False
    return not product.is_child or product.parent.is_public


def product_is_visible_to(product, user) -> bool:
    """Staff may preview a draft's page (Oscar's rule); nobody may buy one."""
    return product_is_on_sale(product) or user.is_staff


def browsable_products(*, categories=None, filters: ProductFilters | None = None) -> QuerySet:
    """Public products that can be bought (they have a stock record), newest first.

    Each product carries ``ocop_stars``: its best OCOP rating valid today, or None.
    """
    products = (
        Product.objects.browsable()
        .filter(Exists(StockRecord.objects.filter(product=OuterRef("pk"))))
        .select_related("product_class")
        .prefetch_related(*CARD_PREFETCH)
        .annotate(ocop_stars=_ocop_stars_subquery())
        .order_by("-date_created", "-id")
    )
    if categories is not None:
        products = products.filter(
            Exists(ProductCategory.objects.filter(product=OuterRef("pk"), category__in=categories))
        )
    if filters is not None:
        products = filters.apply(products)
    return products


def featured_products(*, limit: int = 8):
    return browsable_products()[:limit]


def product_page_details(product) -> dict:
    """The producer card and certificates for one product page: two queries."""
    stockrecord = (
        StockRecord.objects.filter(product=product, partner__producer__isnull=False)
        .select_related("partner__producer__province", "partner__producer__commune")
        .order_by("pk")
        .first()
    )
    producer = stockrecord.partner.producer if stockrecord else None
    holders = Q(product=product)
    if producer is not None:
        holders |= Q(producer=producer)
    certifications = list(Certification.objects.filter(holders).order_by("kind", "-issued_on"))
    on = today()
    return {
        "producer": producer,
        "valid_certifications": [c for c in certifications if c.is_valid(on)],
        "expired_certifications": [c for c in certifications if c.is_expired],
    }


# --- Search -------------------------------------------------------------------------------


def search_products(query: str, *, filters: ProductFilters | None = None) -> QuerySet:
    """Products matching the query's words, best matches first, weak matches cut off.

    A word matches a whole word of the product's title or other text (producer, place, type,
    attributes, categories, description); the last word may also be the start of one, as the
    shopper may still be typing ("tan cu" finds "Chè Tân Cương", "ga" finds "gà" and "gạo",
    but "ga doi" does not find "gạo").

    - A word typed without diacritics ("che") forgives them: it finds "chè", "chế" and "che".
    - A word typed with diacritics ("chè") means those letters: it finds "chè", not "chế"
      (chè is tea, chế is processed) nor "che". Case, the old and new tone placement ("thủy",
      "thuỷ") and decomposed input do not matter (``core.text.marked``).

    Which products: if some product matches every word, only those; otherwise those matching at
    least half of the words; if none does, those matching the most words. A product matching
    no word is never shown.

    Order: more words matched; then where they are (per word: a whole word of the title 4, the
    start of a title word 3, a whole word elsewhere 2, the start of a word elsewhere 1; summed),
    so the title weighs more than the description or producer; then more words found exactly as
    typed (same letters, whole word: "tan" finds "hòa tan" before "Tân Cương"); then the whole
    phrase in the title; then newest.

    On PostgreSQL, trigram word similarity also catches typos in the words typed without
    diacritics ("tan cuogn"): a product similar enough counts as matching one word, and
    similarity breaks ties.
    """
    terms = search_terms(query)
    products = browsable_products(filters=filters)
    if not terms:
        return products.none()

    def has(column: str, text: str) -> Q:
        return Q(**{f"search_entry__{column}__contains": text})

    def count(conditions: list[Q]):
        total = Value(0)
        for condition in conditions:
            total = total + Case(When(condition, then=Value(1)), default=Value(0))
        return total

    matched, exact, place = [], [], Value(0)
    for position, (typed, folded) in enumerate(terms, start=1):
        # Typed without diacritics: search the accent-free text; with them: the marked text.
        title, body, word = (
            ("title_text", "body_text", folded)
            if typed.isascii()
            else ("title_marked", "body_marked", typed)
        )
        whole, start = f" {word} ", f" {word}"
        if position == len(terms):  # the word being typed may be the start of a longer one
            needle = start
            places = [(title, whole, 4), (title, start, 3), (body, whole, 2), (body, start, 1)]
        else:
            needle = whole
            places = [(title, whole, 4), (body, whole, 2)]
        matched.append(has(title, needle) | has(body, needle))
        exact.append(has("title_marked", f" {typed} ") | has("body_marked", f" {typed} "))
        place = place + Case(
            *(When(has(column, text), then=Value(points)) for column, text, points in places),
            default=Value(0),
        )
    phrase = f" {' '.join(folded for _, folded in terms)}"
    products = products.annotate(
        words_matched=count(matched),
        exact_words=count(exact),
        word_places=place,
        phrase_in_title=Case(When(has("title_text", phrase), then=Value(1)), default=Value(0)),
    )
    hits = F("words_matched")
    order = ["-words_matched", "-word_places", "-exact_words", "-phrase_in_title"]
    # Typos are forgiven only in words typed without diacritics: the trigrams are of the
    # accent-free text, where "chế" would be as similar to "chè" as "che" is.
    loose = " ".join(folded for typed, folded in terms if typed.isascii())[:200]
    if connection.vendor == "postgresql" and loose:
        from django.contrib.postgres.search import TrigramWordSimilarity

        products = products.annotate(
            similarity=Coalesce(
                TrigramWordSimilarity(Value(loose), "search_entry__title_text"),
                Value(0.0),
            ),
        )
        hits = Greatest(
            "words_matched", Case(When(similarity__gte=0.6, then=Value(1)), default=Value(0))
        )
        order = ["-hits", *order[1:], "-similarity"]
    every, half = len(terms), (len(terms) + 1) // 2
    products = products.annotate(hits=hits, best=Window(Max("hits"))).annotate(
        needed=Case(
            When(best__gte=every, then=Value(every)),
            When(best__gte=half, then=Value(half)),
            default=F("best"),
        )
    )
    return products.filter(Q(hits__gte=1) & Q(hits__gte=F("needed"))).order_by(
        *order, "-date_created", "-id"
    )


@dataclass
class Facet:
    param: str
    title: str
    values: list[dict]


def product_facets(products: QuerySet, *, filters: ProductFilters) -> list[Facet]:
    """Counts by producer, commune, OCOP stars (valid certificates only), product class and
    certification kind, over ``products`` (already filtered): five queries."""
    base = Product.objects.filter(pk__in=products.order_by().values("pk"))
    entries = ProductSearchEntry.objects.filter(product__in=products.order_by().values("pk"))

    producers = (
        entries.filter(producer__isnull=False)
        .values("producer__slug", "producer__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "producer__name")
    )
    communes = (
        entries.filter(producer__commune__isnull=False)
        .values("producer__commune_id", "producer__commune__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "producer__commune__name")
    )
    stars = (
        base.annotate(stars=_ocop_stars_subquery())
        .filter(stars__isnull=False)
        .values("stars")
        .annotate(count=Count("pk"))
        .order_by("-stars")
    )
    classes = (
        base.filter(product_class__isnull=False)
        .values("product_class__slug", "product_class__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "product_class__name")
    )
    kinds = base.aggregate(
        **{
            kind: Count("pk", filter=_has_cert(kind))
            for kind in Certification.Kind.values
            if kind != Certification.Kind.OCOP
        }
    )

    def value(param_value, label, count, selected):
        return {"value": str(param_value), "label": label, "count": count, "selected": selected}

    facets = [
        Facet(
            "producer",
            _("Producer"),
            [
                value(
                    row["producer__slug"],
                    row["producer__name"],
                    row["count"],
                    row["producer__slug"] == filters.producer,
                )
                for row in producers
            ],
        ),
        Facet(
            "commune",
            _("Commune / ward"),
            [
                value(
                    row["producer__commune_id"],
                    row["producer__commune__name"],
                    row["count"],
                    row["producer__commune_id"] == filters.commune,
                )
                for row in communes
            ],
        ),
        Facet(
            "ocop",
            _("OCOP stars"),
            [
                value(row["stars"], f"{row['stars']}★", row["count"], row["stars"] == filters.ocop)
                for row in stars
            ],
        ),
        Facet(
            "class",
            _("Product type"),
            [
                value(
                    row["product_class__slug"],
                    row["product_class__name"],
                    row["count"],
                    row["product_class__slug"] == filters.product_class,
                )
                for row in classes
            ],
        ),
        Facet(
            "cert",
            _("Certification"),
            [
                value(kind, Certification.Kind(kind).label, count, kind == filters.cert)
                for kind, count in kinds.items()
                if count
            ],
        ),
    ]
    return [facet for facet in facets if facet.values]


# --- Producers ----------------------------------------------------------------------------


def _valid_certs_prefetch(to_attr: str = "valid_certifications") -> Prefetch:
    return Prefetch(
        "certifications",
        queryset=Certification.objects.valid().order_by("kind", "-ocop_stars", "-issued_on"),
        to_attr=to_attr,
    )


def producer_list(*, commune: int | None = None, kind: str = "") -> QuerySet:
    """Producers with their place, valid certificates and number of products for sale."""
    product_count = (
        Product.objects.browsable()
        .filter(stockrecords__partner__producer=OuterRef("pk"))
        .order_by()
        .values("stockrecords__partner__producer")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    producers = (
        Producer.objects.select_related("province", "commune")
        .prefetch_related(_valid_certs_prefetch())
        .annotate(product_count=Coalesce(Subquery(product_count, output_field=IntegerField()), 0))
        .order_by("-is_verified", "name")
    )
    if commune:
        producers = producers.filter(commune_id=commune)
    if kind:
        producers = producers.filter(kind=kind)
    return producers


def producer_commune_choices() -> list[tuple[int, str, int]]:
    """(commune id, name, number of producers) for communes/wards that have producers."""
    rows = (
        Producer.objects.filter(commune__isnull=False)
        .values("commune_id", "commune__name")
        .annotate(n=Count("pk"))
        .order_by("commune__name")
    )
    return [(r["commune_id"], r["commune__name"], r["n"]) for r in rows]


def producer_detail(*, slug: str) -> Producer | None:
    """One producer with place, valid and expired certificates; None if there is none."""
    expired = Prefetch(
        "certifications",
        queryset=Certification.objects.expired().order_by("kind", "-issued_on"),
        to_attr="expired_certifications",
    )
    return (
        Producer.objects.select_related("province", "commune")
        .prefetch_related(_valid_certs_prefetch(), expired)
        .filter(slug=slug)
        .first()
    )


def producer_products(producer: Producer) -> QuerySet:
    return browsable_products(filters=ProductFilters(producer=producer.slug))


def producer_redirect_slug(old_slug: str) -> str | None:
    """The current slug of a producer that used to be at ``old_slug``."""
    from catalog.models import ProducerSlugRedirect

    return (
        ProducerSlugRedirect.objects.filter(old_slug=old_slug)
        .values_list("producer__slug", flat=True)
        .first()
    )


# --- Feeds and API ------------------------------------------------------------------------


def feed_products(*, producer: Producer | None = None) -> QuerySet:
    """Products for the marketplace feeds: one stock record each, attributes and categories,
    ordered by id so the feed can be streamed in chunks with ``iterator``."""
    products = (
        browsable_products(filters=ProductFilters(producer=producer.slug) if producer else None)
        .prefetch_related(
            "stockrecords__partner__producer",
            "attribute_values__attribute",
            "categories",
        )
        .order_by("pk")
    )
    return products


def api_products(*, query: str = "", filters: ProductFilters | None = None) -> QuerySet:
    """Products for the API, with what the serializer reads; best match first with a query."""
    products = (
        search_products(query, filters=filters) if query else browsable_products(filters=filters)
    )
    return products.prefetch_related(
        "attribute_values__attribute",
        "attribute_values__value_option",
        "categories",
        Prefetch(
            "certifications",
            queryset=Certification.objects.valid(),
            to_attr="valid_certifications",
        ),
    )


def api_producers() -> QuerySet:
    return producer_list()


__all__ = [
    "CARD_PREFETCH",
    "Facet",
    "ProductFilters",
    "api_producers",
    "api_products",
    "browsable_products",
    "feed_products",
    "featured_products",
    "producer_detail",
    "producer_commune_choices",
    "producer_list",
    "producer_products",
    "producer_redirect_slug",
    "product_facets",
    "product_page_details",
    "search_products",
]
