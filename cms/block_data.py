"""The live data each home/body block shows, read through the apps' selectors; each function
takes a block's value and returns its template context, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

from cms.map_geometry import MapGeometryError, fit_view

SPOTLIGHT_PRODUCTS = 3
MAP_WIDTH, MAP_HEIGHT, MAP_PADDING = 640, 400, 28


def _ids(items) -> list[int]:
    return [item.pk for item in items if item is not None]


# --- Products ---------------------------------------------------------------------------


def featured_products(value) -> dict:
    """The editor's products in the editor's order, or else the newest products with a valid
    OCOP certificate of at least ``min_ocop_stars``; only products on sale (public, with a
    stock record) either way."""
    from catalog.selectors import browsable_products

    chosen = _ids(value["products"])
    if chosen:
        found = {p.pk: p for p in browsable_products().filter(pk__in=chosen)}
        products = [found[pk] for pk in dict.fromkeys(chosen) if pk in found]
    else:
        stars = value.get("min_ocop_stars") or 3
        products = list(browsable_products().filter(ocop_stars__gte=stars)[: value["count"]])
    return {"products": products, "chosen": bool(chosen)}


def producer_spotlight(value) -> dict:
    """The producer with their place, the text (or their story), where to read more, and three
    of their products on sale."""
    from catalog.models import Producer
    from catalog.selectors import producer_products

    chosen = value["producer"]
    producer = (
        Producer.objects.select_related("province", "commune").filter(pk=chosen.pk).first()
        if chosen is not None
        else None
    )
    if producer is None:
        return {"producer": None}
    story = value.get("story")
    story_url = story.url if story is not None and story.live else ""
    return {
        "producer": producer,
        "excerpt": value.get("text") or producer.story,
        "more_url": story_url or producer.get_absolute_url(),
        "has_story": bool(story_url),
        "products": list(producer_products(producer)[:SPOTLIGHT_PRODUCTS]),
    }


# --- Adoption figures -------------------------------------------------------------------


def _default_province():
    """The province the site is about: the one whose newest figures cover the most markets."""
    from market.models import ProvinceDay

    row = ProvinceDay.objects.select_related("province").order_by("-day", "-markets").first()
    return row.province if row else None


def adoption_figures(value) -> dict:
    """The newest rollup row of the chosen market, or of the province (the chosen one, or the
    site's), with what the template shows; ``figures`` is None when nothing was computed."""
    from market import rollup_selectors

    market, province = value.get("market"), value.get("province")
    if market is not None:
        figures = rollup_selectors.latest_market_day(market)
        return {"market": market, "province": None, "figures": figures}
    province = province or _default_province()
    figures = rollup_selectors.latest_province_day(province) if province else None
    return {"market": None, "province": province, "figures": figures}


# --- Market map -------------------------------------------------------------------------


@dataclass
class MapMarker:
    market: object
    url: str
    x: float | None = None  # position in the SVG box; None when the market has no coordinates
    y: float | None = None

    @property
    def plotted(self) -> bool:
        return self.x is not None

    @property
    def label_left(self) -> bool:
        """Names of markers near the right edge go on their left, so they stay in the box."""
        return self.x is not None and self.x > MAP_WIDTH * 0.7

    @property
    def label_x(self) -> float | None:
        if self.x is None:
            return None
        return round(self.x - 12 if self.label_left else self.x + 12, 1)


def _market_urls(markets) -> dict[int, str]:
    """Each market's CMS page when one is live, else its public page (/markets/<slug>/)."""
    # By name: cms.models imports the blocks, which import this module.
    MarketPage = apps.get_model("cms", "MarketPage")  # noqa: N806

    pages = MarketPage.objects.live().filter(market__in=[m.pk for m in markets])
    urls = {page.market_id: page.url for page in pages}
    return {m.pk: urls.get(m.pk) or m.get_absolute_url() for m in markets}


def market_map(value) -> dict:
    """Markets (chosen, or every market) with their place on a server-drawn map; markets
    without coordinates are listed but not plotted. With ``CMS_MAP_TILE_URL`` set, the tiles
    under the markers (whole zoom levels) and their attribution."""
    from market.models import Market

    chosen = _ids(value["markets"])
    markets = Market.objects.select_related("commune")
    if chosen:
        found = {m.pk: m for m in markets.filter(pk__in=chosen)}
        markets = [found[pk] for pk in dict.fromkeys(chosen) if pk in found]
    else:
        markets = list(markets.order_by("name"))
    urls = _market_urls(markets)
    markers = [MapMarker(market=m, url=urls[m.pk]) for m in markets]
    located = [
        m for m in markers if m.market.latitude is not None and m.market.longitude is not None
    ]
    tile_url = getattr(settings, "CMS_MAP_TILE_URL", "")
    tiles, view = [], None
    if located:
        try:
            view = fit_view(
                [(m.market.latitude, m.market.longitude) for m in located],
                width=MAP_WIDTH,
                height=MAP_HEIGHT,
                padding=MAP_PADDING,
                whole_zoom=bool(tile_url),
            )
        except MapGeometryError:
            view = None  # a coordinate outside the world: list the markets, draw no map
        if view is not None:
            for marker in located:
                marker.x, marker.y = (
                    round(v, 1) for v in view.place(marker.market.latitude, marker.market.longitude)
                )
            if tile_url:
                tiles = [
                    {
                        "url": tile.url(tile_url),
                        "left": round(tile.left / MAP_WIDTH * 100, 3),
                        "top": round(tile.top / MAP_HEIGHT * 100, 3),
                    }
                    for tile in view.tiles()
                ]
    return {
        "markers": markers,
        "plotted": [m for m in markers if m.plotted],
        "map_width": MAP_WIDTH,
        "map_height": MAP_HEIGHT,
        "tiles": tiles,
        "tile_width": round(256 / MAP_WIDTH * 100, 3),
        "tile_height": round(256 / MAP_HEIGHT * 100, 3),
        "attribution": getattr(settings, "CMS_MAP_ATTRIBUTION", "") if tiles else "",
        "map_label": _("Map of the markets"),
    }


# --- Snippets ---------------------------------------------------------------------------


def _active_locale():
    from wagtail.models import Locale

    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def faq_entries(value) -> dict:
    """The chosen questions in the page's language (their translation when there is one),
    or every question of the topic in that language, in the editors' order."""
    from cms.snippets import FAQEntry

    locale = _active_locale()
    chosen = [entry for entry in value["entries"] if entry is not None]
    if chosen:
        keys = [entry.translation_key for entry in chosen]
        translated = (
            {
                e.translation_key: e
                for e in FAQEntry.objects.filter(translation_key__in=keys, locale=locale)
            }
            if locale is not None
            else {}
        )
        entries = [translated.get(entry.translation_key, entry) for entry in chosen]
    elif value.get("topic"):
        entries = FAQEntry.objects.filter(topic=value["topic"])
        if locale is not None:
            entries = entries.filter(locale=locale)
        entries = list(entries.order_by("sort_order", "pk"))
    else:
        entries = []
    return {"entries": entries}


def bank_apps(value) -> dict:
    """The banking apps in the page's language, in the editors' order, with their logos."""
    from cms.snippets import BankApp

    apps = BankApp.objects.select_related("logo")
    locale = _active_locale()
    if locale is not None:
        apps = apps.filter(locale=locale)
    return {"apps": list(apps.order_by("sort_order", "name"))}
