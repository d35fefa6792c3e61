"""Marketplace product feeds: CSV for bulk upload (Shopee, Lazada, Voso, Postmart…) and a
Google-Merchant-style RSS 2.0 XML feed, for the whole shop or one producer.

Both are streamed row by row from a chunked query, so memory stays flat however many
products there are. Prices are integer VND. Every text passes catalog.rules.clean_text (no
character XML 1.0 cannot carry), descriptions are plain text decoded once (then escaped once
for XML), and stock is a level ("in_stock", "few_left", "out_of_stock"), never a count.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from html import escape

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.views.decorators.http import require_GET
from oscar.core.loading import get_model

from catalog import rules, selectors
from catalog.models import Producer
from core.csvsafe import safe_cell

Category = get_model("catalogue", "Category")

CSV_COLUMNS = [
    "sku",
    "title",
    "description",
    "price_vnd",
    "category",
    "brand",
    "producer",
    "image_url",
    "product_url",
    "gtin",
    "weight_g",
    "ocop_stars",
    "availability",
]
CHUNK = 200
# Google Merchant knows in_stock / out_of_stock (and pre- and back-orders): "few left" is in stock.
MERCHANT_AVAILABILITY = {rules.IN_STOCK: "in_stock", rules.FEW_LEFT_LEVEL: "in_stock"}


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def _category_paths() -> dict[int, str]:
    """Every category's full name ("Chè > Chè móc câu"), from one query."""
    rows = list(Category.objects.values_list("pk", "path", "name"))
    by_path = {path: name for _, path, name in rows}
    step = Category.steplen
    return {
        pk: " > ".join(by_path.get(path[: i + step], "") for i in range(0, len(path), step))
        for pk, path, _ in rows
    }


def feed_rows(*, producer: Producer | None = None) -> Iterator[dict]:
    """One dict per product with every feed column, streamed from the database in chunks."""
    categories = _category_paths()
    products = selectors.feed_products(producer=producer)
    for product in products.iterator(chunk_size=CHUNK):
        stockrecords = [
            record
            for record in product.stockrecords.all()
            if producer is None or record.partner_id == producer.partner_id
        ]
        if not stockrecords:
            continue
        record = min(stockrecords, key=lambda r: r.pk)
        if rules.sellable_price_problem(price=record.price, currency=record.price_currency):
            continue  # not for sale at this price (checkout refuses it too): not advertised
        owner = getattr(record.partner, "producer", None)
        attributes = {value.attribute.code: value.value for value in product.attribute_values.all()}
        images = list(product.images.all())
        product_categories = list(product.categories.all())
        track = product.product_class is None or product.product_class.track_stock
        title = rules.clean_single_line(product.get_title())
        yield {
            "sku": rules.clean_single_line(record.partner_sku),
            "title": title,
            "description": rules.html_to_text(product.description) or title,
            "price_vnd": int(record.price) if record.price is not None else "",
            "category": categories.get(product_categories[0].pk, "") if product_categories else "",
            "brand": rules.clean_single_line(owner.name if owner else record.partner.name),
            "producer": owner.slug if owner else "",
            "image_url": _absolute(images[0].original.url) if images else "",
            "product_url": _absolute(product.get_absolute_url()),
            "gtin": rules.clean_text(str(attributes.get("gtin") or "")),
            "weight_g": attributes.get("net_weight_g") or "",
            "ocop_stars": product.ocop_stars or "",
            "availability": rules.availability_level(record, track_stock=track),
        }


class _Echo:
    def write(self, value):
        return value


def _text(value):
    return rules.clean_text(value) if isinstance(value, str) else value


def csv_lines(rows) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM so spreadsheet programs read the Vietnamese as UTF-8
    yield writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow([safe_cell(_text(row[column])) for column in CSV_COLUMNS])


def _x(value) -> str:
    """Text for an XML element: characters XML 1.0 cannot carry removed, then escaped once."""
    return escape(rules.clean_text(str(value)), quote=False)  # &, < and > as XML needs


def xml_lines(rows, *, title: str, link: str) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">\n<channel>\n'
    yield f"<title>{_x(title)}</title>\n<link>{_x(link)}</link>\n"
    yield f"<description>{_x(title)}</description>\n"
    for row in rows:
        parts = [
            "<item>",
            f"<g:id>{_x(row['sku'])}</g:id>",
            f"<title>{_x(row['title'][:150])}</title>",
            f"<description>{_x(row['description'][:5000])}</description>",
            f"<link>{_x(row['product_url'])}</link>",
        ]
        if row["image_url"]:
            parts.append(f"<g:image_link>{_x(row['image_url'])}</g:image_link>")
        if row["price_vnd"] != "":
            parts.append(f"<g:price>{row['price_vnd']} VND</g:price>")
        availability = MERCHANT_AVAILABILITY.get(row["availability"], "out_of_stock")
        parts.append(f"<g:availability>{availability}</g:availability>")
        parts.append(f"<g:brand>{_x(row['brand'])}</g:brand>")
        if row["gtin"]:
            parts.append(f"<g:gtin>{_x(row['gtin'])}</g:gtin>")
        else:
            parts.append("<g:identifier_exists>no</g:identifier_exists>")
        parts.append("<g:condition>new</g:condition>")
        if row["category"]:
            parts.append(f"<g:product_type>{_x(row['category'])}</g:product_type>")
        if row["weight_g"]:
            parts.append(f"<g:shipping_weight>{_x(row['weight_g'])} g</g:shipping_weight>")
        parts.append("</item>\n")
        yield "".join(parts)
    yield "</channel>\n</rss>\n"


def _producer(slug: str) -> Producer:
    producer = Producer.objects.filter(slug=slug).first()
    if producer is None:
        raise Http404
    return producer


def _csv_response(rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xml_response(rows, *, title: str, link: str) -> StreamingHttpResponse:
    return StreamingHttpResponse(
        xml_lines(rows, title=title, link=link), content_type="application/xml; charset=utf-8"
    )


@require_GET
def shop_feed_csv(request):
    return _csv_response(feed_rows(), "cho-so-products.csv")


@require_GET
def shop_feed_xml(request):
    return _xml_response(
        feed_rows(), title=settings.OSCAR_SHOP_NAME, link=_absolute("/shop/catalogue/")
    )


@require_GET
def producer_feed_csv(request, slug: str):
    producer = _producer(slug)
    return _csv_response(feed_rows(producer=producer), f"{producer.slug}.csv")


@require_GET
def producer_feed_xml(request, slug: str):
    producer = _producer(slug)
    return _xml_response(
        feed_rows(producer=producer),
        title=f"{producer.name} · {settings.OSCAR_SHOP_NAME}",
        link=_absolute(producer.get_absolute_url()),
    )
