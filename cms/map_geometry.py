"""Web Mercator maths for the market map block: place markers in a fixed-size box and, when an
operator configured a tile server, work out which 256-pixel tiles cover that box. Pure: no
Django, no I/O, so the server draws the map as SVG and the page needs no JavaScript."""

from __future__ import annotations

import math
from dataclasses import dataclass

TILE_SIZE = 256
MAX_LATITUDE = 85.05112878  # Web Mercator's square world ends here
MAX_ZOOM = 16  # a single market is shown at street level, not closer


class MapGeometryError(ValueError):
    """A coordinate outside the world, or a box with no room to draw in."""


def mercator(latitude: float, longitude: float) -> tuple[float, float]:
    """(x, y) of a point in Web Mercator world units: 0–1 from the antimeridian eastwards and
    from the north edge southwards. Latitudes beyond ±85.05° are clamped, as on every web map."""
    latitude, longitude = float(latitude), float(longitude)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise MapGeometryError(f"Not a coordinate: {latitude}, {longitude}")
    latitude = max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude))
    phi = math.radians(latitude)
    x = (longitude + 180.0) / 360.0
    y = (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0
    return x, y


@dataclass(frozen=True)
class Tile:
    """One map tile: its address and where its top-left corner sits in the box (pixels)."""

    z: int
    x: int
    y: int
    left: float
    top: float

    def url(self, template: str) -> str:
        return (
            template.replace("{z}", str(self.z))
            .replace("{x}", str(self.x))
            .replace("{y}", str(self.y))
        )


@dataclass(frozen=True)
class MapView:
    """A ``width`` × ``height`` pixel window onto the world at ``zoom`` (the world is
    ``256 · 2^zoom`` pixels wide), its top-left corner at world pixel (``left``, ``top``)."""

    zoom: float
    left: float
    top: float
    width: int
    height: int

    @property
    def world_size(self) -> float:
        return TILE_SIZE * 2.0**self.zoom

    def place(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Pixel position of a coordinate inside the window (may fall outside it)."""
        x, y = mercator(latitude, longitude)
        return x * self.world_size - self.left, y * self.world_size - self.top

    def tiles(self) -> list[Tile]:
        """The tiles covering the window, row by row; only for a whole-number zoom. Tiles
        beyond the poles are left out, and columns wrap around the antimeridian."""
        if self.zoom != int(self.zoom):
            raise MapGeometryError("Tiles exist only at whole zoom levels.")
        z = int(self.zoom)
        count = 2**z
        first_x, last_x = (
            math.floor(self.left / TILE_SIZE),
            math.floor((self.left + self.width - 1) / TILE_SIZE),
        )
        first_y, last_y = (
            math.floor(self.top / TILE_SIZE),
            math.floor((self.top + self.height - 1) / TILE_SIZE),
        )
        tiles = []
        for ty in range(first_y, last_y + 1):
            if not 0 <= ty < count:
                continue
            for tx in range(first_x, last_x + 1):
                tiles.append(
                    Tile(
                        z=z,
                        x=tx % count,
                        y=ty,
                        left=tx * TILE_SIZE - self.left,
                        top=ty * TILE_SIZE - self.top,
                    )
                )
        return tiles


def fit_view(
    points: list[tuple[float, float]],
    *,
    width: int,
    height: int,
    padding: int = 24,
    whole_zoom: bool = False,
    max_zoom: int = MAX_ZOOM,
) -> MapView:
    """The window that shows every (latitude, longitude) of ``points``, centred, at the largest
    zoom that keeps them ``padding`` pixels inside the edges (at most ``max_zoom``).

    ``whole_zoom`` rounds the zoom down to a tile level, so tiles line up with the markers; a
    single point (or points on top of each other) is shown at ``max_zoom``."""
    if not points:
        raise MapGeometryError("No point to show.")
    inner_width, inner_height = width - 2 * padding, height - 2 * padding
    if inner_width <= 0 or inner_height <= 0:
        raise MapGeometryError("The box is smaller than its padding.")
    projected = [mercator(lat, lon) for lat, lon in points]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    zoom = float(max_zoom)
    if span_x > 0:
        zoom = min(zoom, math.log2(inner_width / (span_x * TILE_SIZE)))
    if span_y > 0:
        zoom = min(zoom, math.log2(inner_height / (span_y * TILE_SIZE)))
    zoom = max(zoom, 0.0)
    if whole_zoom:
        zoom = float(math.floor(zoom))
    world = TILE_SIZE * 2.0**zoom
    centre_x, centre_y = (min(xs) + max(xs)) / 2 * world, (min(ys) + max(ys)) / 2 * world
    return MapView(
        zoom=zoom, left=centre_x - width / 2, top=centre_y - height / 2, width=width, height=height
    )
