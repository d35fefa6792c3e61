"""Marketplace product feeds: CSV for bulk upload (Shopee, Lazada, Voso, Postmart…) and a
Google-Merchant-style RSS 2.0 XML feed, for the whole shop or one producer.

Both are streamed row by row from a chunked query, so memory stays flat however many
products there are. Prices are integer VND.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET
from oscar.core.loading import get_model

from catalog import selectors
from catalog.models import Producer
from core.csvsafe import safe_cell

Category = get_model("catalogue", "Category")

CSV_COLUMNS = [
    "sku",
    "title",
    "description",
    "price_vnd",
    "stock",
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
_SPACES = re.compile(r"\s+")


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
        owner = getattr(record.partner, "producer", None)
        attributes = {value.attribute.code: value.value for value in product.attribute_values.all()}
        images = list(product.images.all())
        product_categories = list(product.categories.all())
        stock = max(0, (record.num_in_stock or 0) - (record.num_allocated or 0))
        track = product.product_class is None or product.product_class.track_stock
        available = stock > 0 or not track
        yield {
            "sku": record.partner_sku,
            "title": product.get_title(),
            "description": _SPACES.sub(" ", strip_tags(product.description or "")).strip()
            or product.get_title(),
            "price_vnd": int(record.price) if record.price is not None else "",
            "stock": stock,
            "category": categories.get(product_categories[0].pk, "") if product_categories else "",
            "brand": owner.name if owner else record.partner.name,
            "producer": owner.slug if owner else "",
            "image_url": _absolute(images[0].original.url) if images else "",
            "product_url": _absolute(product.get_absolute_url()),
            "gtin": attributes.get("gtin") or "",
            "weight_g": attributes.get("net_weight_g") or "",
            "ocop_stars": product.ocop_stars or "",
            "availability": "in_stock" if available else "out_of_stock",
        }


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM so spreadsheet programs read the Vietnamese as UTF-8
    yield writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow([safe_cell(row[column]) for column in CSV_COLUMNS])


def _x(value) -> str:
    return escape(str(value))


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
        parts.append(f"<g:availability>{row['availability']}</g:availability>")
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
