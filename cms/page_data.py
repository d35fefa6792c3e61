"""What the promotional pages show besides their own fields: live market figures, a producer's
products and certificates, breadcrumbs and the SEO/sharing tags. Reads go through the market
and catalog selectors; each function takes a fixed number of queries however many items."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.text import Truncator

from cms.selectors import page_model

SEO_DESCRIPTION_CHARS = 160
OG_IMAGE_SPEC = "fill-1200x630"
STORY_PRODUCTS = 12


# --- Markets ----------------------------------------------------------------------------------


@dataclass
class MarketFigures:
    """A market's newest adoption rollup (``day`` is None before the first one)."""

    day: object = None  # market.MarketDay | None

    @property
    def has_figures(self) -> bool:
        return self.day is not None

    @property
    def stalls(self) -> int | None:
        return self.day.stalls if self.day else None

    @property
    def stalls_with_qr(self) -> int | None:
        return self.day.stalls_with_qr if self.day else None

    @property
    def qr_percent(self) -> int | None:
        share = self.day.qr_share if self.day else None
        return None if share is None else round(share)

    @property
    def paid_30d_percent(self) -> int | None:
        share = self.day.paid_30d_share if self.day else None
        return None if share is None else round(share)

    @property
    def is_cho40(self) -> bool:
        return bool(self.day and self.day.is_cho40)

    @property
    def as_of(self):
        return self.day.day if self.day else None


def market_cards(index) -> list[tuple]:
    """The live market pages under ``index`` in tree order, each with its market's newest
    figures: [(page, MarketFigures)]. Three queries (pages, figures, sharing-image renditions)."""
    from market.rollup_selectors import latest_market_days

    pages = list(
        page_model("MarketPage")
        .objects.child_of(index)
        .live()
        .public()
        .select_related("market__commune__province", "og_image")
        .prefetch_related("og_image__renditions")
        .order_by("path")
    )
    latest = latest_market_days([page.market_id for page in pages])
    return [(page, MarketFigures(latest.get(page.market_id))) for page in pages]


def market_page_data(market) -> dict:
    """The figures, Chợ 4.0 status and map link of one market page."""
    from market.board_selectors import cho40_status
    from market.models import AdoptionCriteria
    from market.rollup_selectors import latest_market_day

    day = latest_market_day(market)
    figures = MarketFigures(day)
    status = cho40_status(day, AdoptionCriteria.current()) if day is not None else None
    return {
        "figures": figures,
        "cho40_missing": status.missing if status else [],
        "map_url": map_url(market.latitude, market.longitude),
    }


def map_url(latitude, longitude) -> str:
    """An OpenStreetMap link to the point (no script, no tiles on our page), or ""."""
    if latitude is None or longitude is None:
        return ""
    return f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=17/{latitude}/{longitude}"


# --- Producers --------------------------------------------------------------------------------


def producer_story_cards(index) -> list:
    """The live producer stories under ``index``, with producer, place and cover. Two queries."""
    return list(
        page_model("ProducerStoryPage")
        .objects.child_of(index)
        .live()
        .public()
        .select_related("producer__commune", "producer__province", "cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("path")
    )


def producer_story_data(producer) -> dict:
    """The producer's products for sale (drafts and products off sale are left out) and their
    certificates valid today."""
    from catalog.models import Certification
    from catalog.selectors import producer_products

    products = list(producer_products(producer)[:STORY_PRODUCTS])
    certifications = list(
        Certification.objects.valid()
        .filter(producer=producer)
        .order_by("kind", "-ocop_stars", "-issued_on")
    )
    return {"products": products, "certifications": certifications}


# --- Campaigns --------------------------------------------------------------------------------

LINK_SCHEMES = {"", "http", "https", "tel", "mailto"}


def link_href(link, request=None) -> str:
    """Where a ``LinkBlock`` button goes: the chosen page, else the typed address if it is a
    path, a web address, a phone number or an e-mail address (never ``javascript:``); else ""."""
    page = link.get("page")
    if page is not None:
        return page.get_url(request) or ""
    url = (link.get("url") or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in LINK_SCHEMES else ""


def calls_to_action(page, request=None) -> list[dict]:
    """The campaign's call to action as heading, text and buttons with safe addresses."""
    result = []
    for block in page.call_to_action:
        buttons = [
            {"label": action["label"], "href": link_href(action, request)}
            for action in block.value["actions"]
        ]
        result.append(
            {
                "heading": block.value["heading"],
                "text": block.value["text"],
                "buttons": [button for button in buttons if button["href"]],
            }
        )
    return result


# --- Every page -------------------------------------------------------------------------------


def breadcrumbs(page, request) -> list:
    """The page's ancestors from the site's home page down (the page itself excluded); empty
    for the home page. One query."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    root_depth = site.root_page.depth if site else 2
    if page.depth <= root_depth:
        return []
    return list(page.get_ancestors().filter(depth__gte=root_depth).specific())


def seo_description(page) -> str:
    """The editor's search description, else the page's summary, cut to a snippet's length."""
    text = page.search_description or ""
    if not text:
        for name in ("intro", "summary"):
            text = getattr(page, name, "") or ""
            if text:
                break
    return Truncator(" ".join(text.split())).chars(SEO_DESCRIPTION_CHARS)


def sharing_image(page):
    """The image shown when the page is shared: its sharing image, else its cover or main
    image, else None."""
    for name in ("og_image", "cover_image", "hero_image"):
        image = getattr(page, name, None)
        if image is not None:
            return image
    return None


def page_seo(page, request) -> dict:
    """Title, description, canonical address and OpenGraph/Twitter values for ``page``."""
    image = sharing_image(page)
    og_image = None
    if image is not None:
        rendition = image.get_rendition(OG_IMAGE_SPEC)
        url = rendition.url
        og_image = {
            "url": request.build_absolute_uri(url) if request is not None else url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.default_alt_text or image.title,
        }
    return {
        "title": page.seo_title or page.title,
        "description": seo_description(page),
        "canonical": page.get_full_url(request) or "",
        "type": "article" if getattr(page, "date", None) else "website",
        "image": og_image,
    }
