"""Reads for the public scan page (the GS1 Digital Link resolver): a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from oscar.core.loading import get_model

from catalog.selectors import product_page_details
from market.models import Stall
from traceability.gs1 import DigitalLink, build_digital_link
from traceability.models import Lot, TraceCode, TraceEvent

Product = get_model("catalogue", "Product")

# What the page says about the code that was scanned.
GENUINE, VOID, SOLD, NOT_ISSUED, LOT_UNKNOWN, PRODUCT_ONLY, LOT_ONLY = (
    "genuine",
    "void",
    "sold",
    "not_issued",
    "lot_unknown",
    "product",
    "lot",
)


def resolver_path(link: DigitalLink) -> str:
    """The site-relative resolver address of ``link`` ("/01/…/10/…/21/…")."""
    uri = build_digital_link(
        base="https://resolver",
        gtin=link.gtin,
        cpv=link.cpv,
        lot=link.lot,
        serial=link.serial,
        attributes=link.attributes or None,
    )
    return uri.removeprefix("https://resolver")


def gtin_spellings(gtin14: str) -> list[str]:
    """The ways a 14-digit GTIN may be stored: as 14, 13, 12 or 8 digits."""
    return [gtin14[14 - n :] for n in (14, 13, 12, 8) if set(gtin14[: 14 - n]) <= {"0"}]


def product_for_gtin(gtin14: str):
    """The public product whose GTIN attribute is this GTIN (written in any of its lengths)."""
    return (
        Product.objects.filter(
            is_public=True,
            attribute_values__attribute__code="gtin",
            attribute_values__value_text__in=gtin_spellings(gtin14),
        )
        .order_by("pk")
        .first()
    )


@dataclass
class ScanPage:
    link: DigitalLink
    product: object
    lot: Lot | None
    code: TraceCode | None
    verdict: str
    producer: object = None
    certifications: list = field(default_factory=list)
    events: list = field(default_factory=list)
    stalls: list = field(default_factory=list)
    image: object = None

    @property
    def ocop_stars(self) -> int | None:
        stars = [c.ocop_stars for c in self.certifications if c.kind == "ocop" and c.ocop_stars]
        return max(stars) if stars else None


def _verdict(link: DigitalLink, lot: Lot | None, code: TraceCode | None) -> str:
    if link.lot is None and link.serial is None:
        return PRODUCT_ONLY
    if link.lot is not None and lot is None:
        return LOT_UNKNOWN
    if link.serial is None:
        return LOT_ONLY
    if code is None:
        return NOT_ISSUED
    if code.status == TraceCode.Status.VOID:
        return VOID
    if code.status == TraceCode.Status.SOLD:
        return SOLD
    return GENUINE


def lot_timeline(lot: Lot) -> list[TraceEvent]:
    """The lot's events, and those of the lots it was made from (fresh leaves → dried tea)."""
    inputs = Lot.objects.filter(consumed_by__output_lots=lot).values("pk")
    return list(
        TraceEvent.objects.filter(
            Q(lots=lot) | Q(output_lots=lot) | Q(input_lots=lot) | Q(lots__in=inputs)
        )
        .distinct()
        .prefetch_related("input_lots", "output_lots")
        .order_by("event_time", "pk")
    )


def producer_stalls(producer) -> list[Stall]:
    """Chợ 4.0 stalls where the producer sells: stalls whose stallholder's account is one of
    the producer's accounts (the Oscar partner's users), so one identity spans shop and stall."""
    if producer is None:
        return []
    return list(
        Stall.objects.filter(is_active=True, stallholder__partners=producer.partner_id)
        .select_related("market__commune")
        .order_by("market__name", "code")[:5]
    )


def scan_page(link: DigitalLink) -> ScanPage | None:
    """Everything the scan page shows for ``link``; None when no product has its GTIN."""
    lot = None
    if link.lot is not None:
        lot = (
            Lot.objects.filter(gtin=link.gtin, code=link.lot)
            .select_related("producer__province", "producer__commune", "product")
            .first()
        )
    product = lot.product if lot is not None else product_for_gtin(link.gtin)
    if product is None:
        return None
    code = None
    if link.serial is not None and (lot is not None or link.lot is None):
        codes = TraceCode.objects.filter(gtin=link.gtin, serial=link.serial)
        code = codes.filter(lot_code=link.lot).first() if link.lot else codes.first()
        if code is not None and lot is None:
            lot = code.lot
    details = product_page_details(product)
    producer = lot.producer if lot is not None else details["producer"]
    page = ScanPage(
        link=link,
        product=product,
        lot=lot,
        code=code,
        verdict=_verdict(link, lot, code),
        producer=producer,
        certifications=details["valid_certifications"],
        events=lot_timeline(lot) if lot is not None else [],
        stalls=producer_stalls(producer),
        image=product.images.order_by("display_order", "pk").first(),
    )
    return page


def linkset(page: ScanPage, *, base: str) -> dict:
    """A GS1 linkset (RFC 9264, GS1 Digital Link 1.2 link types) for machine clients."""
    anchor = base + resolver_path(page.link)
    product_url = base + page.product.get_absolute_url()
    links: dict = {
        "anchor": anchor,
        "https://gs1.org/voc/defaultLink": [
            {"href": anchor, "title": page.product.get_title(), "type": "text/html"}
        ],
        "https://gs1.org/voc/pip": [
            {"href": product_url, "title": page.product.get_title(), "type": "text/html"}
        ],
        "https://gs1.org/voc/traceability": [
            {
                "href": anchor,
                "title": "Truy xuất nguồn gốc",
                "type": "text/html",
                "hreflang": ["vi", "en"],
            }
        ],
    }
    certificates = [
        {
            "href": base + cert.document.url if cert.document else anchor,
            "title": f"{cert.get_kind_display()} {cert.certificate_number}".strip(),
        }
        for cert in page.certifications
    ]
    if certificates:
        links["https://gs1.org/voc/certificationInfo"] = certificates
    if page.producer is not None:
        links["https://gs1.org/voc/homepage"] = [
            {"href": base + page.producer.get_absolute_url(), "title": page.producer.name}
        ]
    if page.stalls:
        links["https://gs1.org/voc/hasRetailers"] = [
            {
                "href": base + stall.market.get_absolute_url(),
                "title": f"{stall.market.name} · {stall.code}",
            }
            for stall in page.stalls
        ]
    return {"linkset": [links]}
