"""Flat, text-free scene illustrations for the promotional pages (market, tea hills, a stall's
QR standee, a phone scanning it, farmers, bees, a traceability label…).

Pure Pillow, no Django, in the style of ``catalog.illustrations`` (whose small drawings — tea
sprigs, bees, baskets, product pictures — are reused here): ``scene(name, variant)`` returns a
WIDTH x HEIGHT RGB image, drawn at twice its size and each 2x2 block averaged. Same name and
variant in, same pixels out.
"""

from __future__ import annotations

import colorsys
import math
import random
from collections.abc import Callable, Sequence
from contextlib import contextmanager

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from catalog import illustrations as product_art
from catalog.illustrations import (
    CREAM,
    GOLD,
    GREEN,
    HONEY,
    HONEY_LIGHT,
    INK,
    LEAF,
    LEAF_LIGHT,
    RED,
    WHITE,
    WOOD,
    WOOD_DARK,
    Colour,
    Point,
    _basket,
    _bee,
    _hexagon,
    _oval,
    _tea_sprig,
    leaf,
)

WIDTH, HEIGHT = 1200, 630  # the drawings' coordinates and the pictures' pixels (sharing size)
SUPERSAMPLE = 2

SKIN = (236, 188, 150)
SKIN_DARK = (206, 150, 112)
HAT = (246, 226, 170)  # nón lá
HAT_SHADE = (214, 190, 130)
SKY = (222, 238, 244)
SKY_LOW = (246, 242, 226)
SHIRTS = ((46, 104, 160), (196, 64, 52), (232, 160, 40), (70, 140, 96), (150, 80, 140))
AWNINGS = ((196, 52, 40), (31, 111, 67), (46, 92, 140), (226, 148, 28))


class SceneCanvas:
    """An ImageDraw in a WIDTH x HEIGHT coordinate space, drawn at SUPERSAMPLE times its size.

    Its methods are the ones ``catalog.illustrations`` drawings call, so they can draw here;
    ``inset(x, y, k)`` places a 600 x 600 product drawing at (x, y), ``k`` times its size."""

    def __init__(self, background: Colour, hue: float = 0.0):
        self.hue = hue
        self.image = Image.new(
            "RGB", (WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE), self.soft(background)
        )
        self.draw = ImageDraw.Draw(self.image)
        self.offset = (0.0, 0.0)
        self.k = 1.0

    @contextmanager
    def inset(self, x: float, y: float, k: float):
        saved = self.offset, self.k
        self.offset, self.k = (x, y), k
        try:
            yield self
        finally:
            self.offset, self.k = saved

    def soft(self, colour: Colour) -> Colour:
        if not self.hue:
            return colour
        hue, lightness, saturation = colorsys.rgb_to_hls(*(v / 255 for v in colour))
        turned = colorsys.hls_to_rgb((hue + self.hue / 360) % 1, lightness, saturation)
        return tuple(round(v * 255) for v in turned)

    # Coordinates: a length scales; a point or a box also moves by the inset's offset.
    def _len(self, value: float) -> float:
        return value * self.k * SUPERSAMPLE

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return (
            (self.offset[0] + x * self.k) * SUPERSAMPLE,
            (self.offset[1] + y * self.k) * SUPERSAMPLE,
        )

    def _box(self, box) -> tuple[float, float, float, float]:
        x0, y0 = self._xy(box[0], box[1])
        x1, y1 = self._xy(box[2], box[3])
        return (x0, y0, x1, y1)

    def _points(self, points: Sequence[Point]) -> list[tuple[float, float]]:
        return [self._xy(x, y) for x, y in points]

    def _width(self, width) -> int:
        return max(1, round(self._len(width))) if width else 0

    # Plain shapes ------------------------------------------------------------------------------
    def ellipse(self, box, fill=None, outline=None, width=0):
        self.draw.ellipse(self._box(box), fill=fill, outline=outline, width=self._width(width))

    def polygon(self, points: Sequence[Point], fill=None, outline=None, width=0):
        self.draw.polygon(
            self._points(points), fill=fill, outline=outline, width=self._width(width)
        )

    def rect(self, box, fill=None, radius=0, outline=None, width=0):
        self.draw.rounded_rectangle(
            self._box(box),
            radius=self._len(radius),
            fill=fill,
            outline=outline,
            width=self._width(width),
        )

    def line(self, points: Sequence[Point], fill, width, rounded=True):
        points = self._points(points)
        self.draw.line(points, fill=fill, width=self._width(width), joint="curve")
        if rounded:
            r = self._len(width) / 2
            for x, y in (points[0], points[-1]):
                self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def arc(self, box, start, end, fill, width):
        self.draw.arc(self._box(box), start, end, fill=fill, width=self._width(width))

    def chord(self, box, start, end, fill):
        self.draw.chord(self._box(box), start, end, fill=fill)

    def circle(self, centre: Point, radius, fill=None, outline=None, width=0):
        x, y = centre
        self.ellipse((x - radius, y - radius, x + radius, y + radius), fill, outline, width)

    # Soft effects ------------------------------------------------------------------------------
    def gradient(self, shape: str, coords, top: Colour, bottom: Colour, **kw):
        mask = Image.new("L", self.image.size, 0)
        draw = ImageDraw.Draw(mask)
        if shape == "polygon":
            draw.polygon(self._points(coords), fill=255)
        elif shape == "rect":
            draw.rounded_rectangle(
                self._box(coords), radius=self._len(kw.get("radius", 0)), fill=255
            )
        else:
            getattr(draw, shape)(self._box(coords), fill=255)
        box = mask.getbbox()
        if not box:
            return
        width, height = box[2] - box[0], box[3] - box[1]
        ramp = Image.linear_gradient("L").crop((0, 0, 1, 256))
        ramp = ramp.resize((1, height), Image.Resampling.BILINEAR)
        ramp = ramp.resize((width, height), Image.Resampling.NEAREST)
        self.image.paste(ImageOps.colorize(ramp, top, bottom), box[:2], mask.crop(box))

    def shadow(self, box, colour: Colour, blur=10):
        x0, y0, x1, y1 = self._box(box)
        pad = self._len(blur * 3)
        full_w, full_h = self.image.size
        region = (
            max(0, round(x0 - pad)),
            max(0, round(y0 - pad)),
            min(full_w, round(x1 + pad)),
            min(full_h, round(y1 + pad)),
        )
        size = (region[2] - region[0], region[3] - region[1])
        if size[0] <= 0 or size[1] <= 0:
            return
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).ellipse(
            (x0 - region[0], y0 - region[1], x1 - region[0], y1 - region[1]), fill=255
        )
        mask = mask.filter(ImageFilter.GaussianBlur(self._len(blur) / 2))
        self.image.paste(Image.new("RGB", size, colour), region[:2], mask)

    def paste_round(self, picture: Image.Image, centre: Point, radius: float):
        """A square picture (a product drawing) cut to a circle, as a medallion."""
        side = round(self._len(2 * radius))
        x, y = self._xy(centre[0] - radius, centre[1] - radius)
        picture = picture.resize((side, side), Image.Resampling.LANCZOS)
        mask = Image.new("L", (side, side), 0)
        ImageDraw.Draw(mask).ellipse((0, 0, side - 1, side - 1), fill=255)
        self.image.paste(picture, (round(x), round(y)), mask)

    def finish(self) -> Image.Image:
        return self.image.reduce(SUPERSAMPLE)


# Pieces of scenery -----------------------------------------------------------------------------
def _sky(c: SceneCanvas, top: Colour = SKY, bottom: Colour = SKY_LOW, sun: Point | None = None):
    c.gradient("rect", (0, 0, WIDTH, HEIGHT), c.soft(top), c.soft(bottom))
    if sun:
        c.circle(sun, 70, fill=(252, 240, 196))
        c.circle(sun, 46, fill=(250, 226, 150))
    for cx, cy, s in ((180, 90, 1.0), (600, 70, 0.8), (860, 140, 0.6)):
        for dx, dy, r in ((0, 0, 34), (36, -12, 42), (78, 0, 32), (40, 12, 30)):
            c.circle((cx + dx * s, cy + dy * s), r * s, fill=WHITE)


def _ridge(top: float, amplitude: float, period: float, phase: float, step=20) -> list[Point]:
    return [
        (x, top + amplitude * math.sin((x + phase) / period)) for x in range(0, WIDTH + 1, step)
    ]


def _hill(c: SceneCanvas, top, amplitude, period, phase, colour: Colour):
    c.polygon([(0, HEIGHT), *_ridge(top, amplitude, period, phase), (WIDTH, HEIGHT)], fill=colour)


def _karst(c: SceneCanvas, base: float, colour: Colour, seed: int):
    """Limestone peaks (núi đá vôi) as around Võ Nhai: steep, rounded tops."""
    rng = random.Random(seed)
    x = -60
    while x < WIDTH + 60:
        width, height = rng.uniform(120, 220), rng.uniform(200, 320)
        c.polygon(
            [
                (x, base),
                (x + width * 0.2, base - height * 0.8),
                (x + width * 0.45, base - height),
                (x + width * 0.7, base - height * 0.85),
                (x + width, base),
            ],
            fill=colour,
        )
        x += width * 0.7


def _tea_rows(c: SceneCanvas, top: float, colour: Colour, phase: float, rows=3):
    """A hill combed with rows of round tea bushes."""
    _hill(c, top, 26, 140, phase, colour)
    bush = tuple(max(0, v - 18) for v in colour)
    for row in range(rows):
        for x in range(-20 + 18 * row, WIDTH + 40, 38):
            y = top + 26 * math.sin((x + phase) / 140) + 22 + row * 34
            c.ellipse((x - 18, y, x + 18, y + 24), fill=bush)


def person(
    c: SceneCanvas,
    feet: Point,
    height: float = 200,
    shirt: Colour = SHIRTS[0],
    trousers: Colour = (60, 60, 70),
    hat: bool = True,
    arm: str = "down",
    long_hair: bool = False,
):
    """A standing figure seen from the front; ``arm`` "down", "up" (holding something up) or
    "out" (handing something over); ``hat`` a conical nón lá."""
    x, y = feet
    u = height / 200
    c.rect((x - 22 * u, y - 80 * u, x - 4 * u, y), fill=trousers, radius=6 * u)
    c.rect((x + 4 * u, y - 80 * u, x + 22 * u, y), fill=trousers, radius=6 * u)
    c.polygon(
        [(x - 30 * u, y - 150 * u), (x + 30 * u, y - 150 * u), (x + 34 * u, y - 76 * u),
         (x - 34 * u, y - 76 * u)],
        fill=shirt,
    )  # fmt: skip
    c.circle((x - 30 * u, y - 140 * u), 10 * u, fill=shirt)
    c.circle((x + 30 * u, y - 140 * u), 10 * u, fill=shirt)
    shoulder_l, shoulder_r = (x - 34 * u, y - 140 * u), (x + 34 * u, y - 140 * u)
    c.line([shoulder_l, (x - 44 * u, y - 100 * u), (x - 40 * u, y - 72 * u)], shirt, 14 * u)
    c.circle((x - 40 * u, y - 68 * u), 8 * u, fill=SKIN)
    if arm == "up":
        hand = (x + 46 * u, y - 168 * u)
        c.line([shoulder_r, (x + 56 * u, y - 120 * u), hand], shirt, 14 * u)
    elif arm == "out":
        hand = (x + 78 * u, y - 112 * u)
        c.line([shoulder_r, (x + 50 * u, y - 112 * u), hand], shirt, 14 * u)
    else:
        hand = (x + 40 * u, y - 68 * u)
        c.line([shoulder_r, (x + 44 * u, y - 100 * u), (x + 40 * u, y - 72 * u)], shirt, 14 * u)
    c.circle(hand, 8 * u, fill=SKIN)
    c.rect((x - 8 * u, y - 162 * u, x + 8 * u, y - 148 * u), fill=SKIN_DARK)  # neck
    head = (x, y - 180 * u)
    if long_hair:
        c.rect((x - 22 * u, y - 200 * u, x + 22 * u, y - 150 * u), fill=INK, radius=14 * u)
    c.circle(head, 22 * u, fill=SKIN)
    c.chord((x - 23 * u, y - 204 * u, x + 23 * u, y - 168 * u), 180, 360, INK)  # hair
    if hat:
        c.polygon([(x - 52 * u, y - 186 * u), (x + 52 * u, y - 186 * u), (x, y - 236 * u)], HAT)
        c.polygon([(x - 52 * u, y - 186 * u), (x, y - 186 * u), (x, y - 236 * u)], HAT_SHADE)
    return hand


def _qr_matrix(seed: int, size: int = 25) -> list[list[bool]]:
    """A QR-looking module pattern (finder squares in three corners); not a readable code:
    a picture of a standee must not send anyone's money anywhere."""
    rng = random.Random(seed)
    cells = [[rng.random() < 0.48 for _ in range(size)] for _ in range(size)]
    for fx, fy in ((0, 0), (size - 7, 0), (0, size - 7)):
        for i in range(-1, 8):
            for j in range(-1, 8):
                if 0 <= fx + i < size and 0 <= fy + j < size:
                    ring = max(abs(i - 3), abs(j - 3))
                    cells[fy + j][fx + i] = ring in (0, 1, 3)
    return cells


def qr_code(c: SceneCanvas, box, seed: int = 7, dark: Colour = INK):
    x0, y0, x1, y1 = box
    c.rect(box, fill=WHITE, radius=4)
    cells = _qr_matrix(seed)
    pad = (x1 - x0) * 0.08
    step = (x1 - x0 - 2 * pad) / len(cells)
    for j, row in enumerate(cells):
        for i, on in enumerate(row):
            if on:
                x, y = x0 + pad + i * step, y0 + pad + j * step
                c.rect((x, y, x + step + 0.3, y + step + 0.3), fill=dark)


def standee(c: SceneCanvas, base: Point, height: float = 180, seed: int = 7):
    """A printed table standee: an easel card with a header band and a big QR."""
    x, y = base
    w = height * 0.68
    c.polygon([(x - w / 2 + 10, y), (x + w / 2 - 10, y), (x + w / 2 - 22, y + 8),
               (x - w / 2 + 22, y + 8)], fill=(150, 150, 150))  # fmt: skip
    c.rect((x - w / 2, y - height, x + w / 2, y), fill=WHITE, radius=10, outline=(200, 60, 50),
           width=3)  # fmt: skip
    c.rect((x - w / 2, y - height, x + w / 2, y - height * 0.8), fill=(200, 40, 40), radius=10)
    c.rect((x - w / 2, y - height * 0.86, x + w / 2, y - height * 0.8), fill=(200, 40, 40))
    c.rect((x - w * 0.28, y - height * 0.93, x + w * 0.28, y - height * 0.87), fill=WHITE,
           radius=3)  # fmt: skip
    side = w * 0.8
    qr_code(c, (x - side / 2, y - height * 0.74, x + side / 2, y - height * 0.74 + side), seed)
    c.rect((x - w * 0.3, y - height * 0.12, x + w * 0.3, y - height * 0.07), fill=(190, 190, 190),
           radius=3)  # fmt: skip


def phone(c: SceneCanvas, box, screen: str = "scan", seed: int = 3):
    """A phone held upright; the screen shows a scanner frame, a QR, or a paid tick."""
    x0, y0, x1, y1 = box
    c.rect(box, fill=(40, 44, 52), radius=(x1 - x0) * 0.14)
    inner = (x0 + 8, y0 + 18, x1 - 8, y1 - 18)
    c.rect(inner, fill=(236, 244, 250), radius=(x1 - x0) * 0.08)
    c.rect((x0 + (x1 - x0) * 0.38, y0 + 7, x1 - (x1 - x0) * 0.38, y0 + 12), fill=(90, 94, 104),
           radius=2)  # fmt: skip
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    side = (x1 - x0) * 0.62
    if screen == "paid":
        c.circle((cx, cy - 10), side * 0.42, fill=(46, 160, 90))
        c.line([(cx - side * 0.2, cy - 10), (cx - side * 0.04, cy + side * 0.14),
                (cx + side * 0.24, cy - side * 0.2)], WHITE, side * 0.08)  # fmt: skip
        c.rect((cx - side * 0.4, cy + side * 0.55, cx + side * 0.4, cy + side * 0.64),
               fill=(180, 190, 200), radius=4)  # fmt: skip
        return
    qr_code(c, (cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2), seed)
    if screen == "scan":
        corner = side * 0.22
        for sx, sy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
            px, py = cx + sx * (side / 2 + 8), cy + sy * (side / 2 + 8)
            c.line([(px, py - sy * corner), (px, py), (px - sx * corner, py)], GREEN, 5)
        c.line([(cx - side / 2, cy + 6), (cx + side / 2, cy + 6)], (220, 60, 60), 3)


def speaker(c: SceneCanvas, centre: Point, size: float = 1.0, waves: int = 3):
    """The small payment speaker (loa báo) that says the amount aloud, with sound waves."""
    x, y = centre
    c.rect((x - 34 * size, y - 44 * size, x + 34 * size, y + 44 * size), fill=(52, 58, 70),
           radius=14 * size)  # fmt: skip
    c.circle((x, y + 6 * size), 22 * size, fill=(96, 104, 118))
    c.circle((x, y + 6 * size), 10 * size, fill=(52, 58, 70))
    c.circle((x, y - 30 * size), 4 * size, fill=(90, 220, 120))
    for i in range(waves):
        r = (56 + 22 * i) * size
        c.arc((x - r, y - r, x + r, y + r), -40, 40, GREEN, 5 * size)


def stall(c: SceneCanvas, x0: float, x1: float, ground: float, awning: Colour, goods: str, seed=1):
    """A market stall: striped awning on poles, a wooden counter with goods and a QR standee."""
    top = ground - 250
    for px in (x0 + 8, x1 - 8):
        c.rect((px - 5, top, px + 5, ground), fill=WOOD_DARK)
    stripes = 6
    width = (x1 - x0 + 30) / stripes
    for i in range(stripes):
        colour = awning if i % 2 == 0 else CREAM
        left = x0 - 15 + i * width
        c.polygon([(left, top - 30), (left + width, top - 30), (left + width, top + 20),
                   (left, top + 20)], fill=colour)  # fmt: skip
        c.chord((left, top + 4, left + width, top + 36), 0, 180, colour)
    c.rect((x0 - 15, top - 42, x1 + 15, top - 26), fill=tuple(max(0, v - 40) for v in awning),
           radius=6)  # fmt: skip
    counter = ground - 110
    c.rect((x0, counter, x1, ground), fill=WOOD, radius=4)
    for i in range(1, 4):
        y = counter + (ground - counter) * i / 4
        c.line([(x0 + 6, y), (x1 - 6, y)], WOOD_DARK, 2, rounded=False)
    c.rect((x0 - 6, counter - 10, x1 + 6, counter + 4), fill=WOOD_DARK, radius=4)
    rng = random.Random(seed)
    mid = (x0 + x1) / 2
    if goods == "tea":
        for gx in (x0 + 50, mid + 40):
            _basket(c, (gx - 40, counter - 48, gx + 40, counter - 6))
            c.chord((gx - 36, counter - 72, gx + 36, counter - 24), 180, 360, (60, 96, 50))
    elif goods == "fruit":
        for i in range(9):
            gx, gy = x0 + 30 + (i % 5) * 28 + rng.uniform(-4, 4), counter - 18 - (i // 5) * 22
            c.circle((gx, gy), 14, fill=(240, 150, 40) if i % 3 else (120, 170, 60))
    elif goods == "vegetables":
        for i in range(5):
            gx = x0 + 36 + i * 34
            c.circle((gx, counter - 24), 20, fill=(110, 170, 80))
            c.circle((gx, counter - 24), 13, fill=(150, 200, 110))
    elif goods == "honey":
        for i in range(4):
            gx = x0 + 34 + i * 36
            c.rect((gx - 13, counter - 52, gx + 13, counter - 6), fill=HONEY, radius=6)
            c.rect((gx - 9, counter - 60, gx + 9, counter - 50), fill=CREAM, radius=3)
    else:  # rice sacks
        for i in range(3):
            gx = x0 + 44 + i * 52
            c.rect((gx - 22, counter - 60, gx + 22, counter - 4), fill=(236, 226, 200), radius=10)
            c.ellipse((gx - 20, counter - 66, gx + 20, counter - 52), fill=(250, 248, 240))
    standee(c, (x1 - 40, counter - 6), height=96, seed=seed + 11)


# The scenes ------------------------------------------------------------------------------------
def draw_market(c: SceneCanvas, hills: str = "green"):
    """A row of market stalls with shoppers; green hills (Hùng Sơn) or limestone peaks
    (La Hiên) behind."""
    _sky(c, sun=(1040, 110))
    if hills == "karst":
        _karst(c, 380, c.soft((170, 196, 176)), seed=5)
        _karst(c, 420, c.soft((140, 176, 150)), seed=9)
    else:
        _hill(c, 300, 30, 160, 0, c.soft((176, 210, 160)))
        _hill(c, 350, 24, 120, 80, c.soft((150, 194, 134)))
    c.rect((0, 430, WIDTH, HEIGHT), fill=(226, 214, 190))
    c.rect((0, 430, WIDTH, 446), fill=(206, 192, 164))
    goods = ("tea", "vegetables", "fruit", "honey", "rice")
    for i, x in enumerate(range(40, WIDTH - 100, 232)):
        stall(c, x, x + 200, 520, AWNINGS[i % len(AWNINGS)], goods[i % len(goods)], seed=i + 1)
    for i, (x, shirt, hat) in enumerate(
        (
            (150, SHIRTS[1], True),
            (470, SHIRTS[0], False),
            (610, SHIRTS[3], True),
            (930, SHIRTS[4], False),
        )  # fmt: skip
    ):
        hand = person(c, (x, 620), 180, shirt, hat=hat, arm="up" if i % 2 else "down",
                      long_hair=i == 3)  # fmt: skip
        if i % 2:
            phone(c, (hand[0] - 12, hand[1] - 44, hand[0] + 16, hand[1] + 4), "scan", seed=i)


def draw_tea_hills(c: SceneCanvas):
    """Tân Cương tea hills in rows, a farmer in a nón lá picking, a fresh sprig in front."""
    _sky(c, (214, 236, 240), (244, 246, 226), sun=(220, 120))
    _hill(c, 250, 20, 200, 40, c.soft((196, 220, 180)))
    _tea_rows(c, 300, c.soft((170, 210, 140)), 0)
    _tea_rows(c, 390, c.soft((140, 194, 114)), 160)
    _tea_rows(c, 480, c.soft((116, 176, 96)), 320)
    hand = person(c, (760, 560), 230, SHIRTS[0], hat=True, arm="out", long_hair=True)
    _basket(c, (hand[0] - 10, hand[1] + 20, hand[0] + 70, hand[1] + 80), handle=True)
    for row, y in enumerate((486, 530, 574)):  # the row she stands in, up to her knees
        for x in range(-30 + 20 * row, WIDTH + 40, 44):
            c.ellipse((x - 30, y, x + 30, y + 56), fill=c.soft((100, 160, 84)))
    _tea_sprig(c, (180, 640), scale=1.7, angle=-6)


def draw_standee(c: SceneCanvas):
    """Close up on a stall counter: the QR standee, the payment speaker, goods in baskets."""
    c.gradient("rect", (0, 0, WIDTH, HEIGHT), c.soft((250, 236, 214)), c.soft((244, 222, 190)))
    for i in range(8):  # the awning's stripes above
        c.rect((i * 150, 0, i * 150 + 75, 60), fill=RED if i % 2 == 0 else CREAM)
    c.rect((0, 420, WIDTH, HEIGHT), fill=WOOD)
    c.rect((0, 410, WIDTH, 430), fill=WOOD_DARK)
    c.shadow((480, 400, 720, 430), (150, 110, 70), blur=8)
    standee(c, (600, 418), height=340, seed=21)
    speaker(c, (830, 370), 1.1)
    with c.inset(80, 150, 0.48):
        product_art.draw_tea_leaves(c)
    with c.inset(900, 150, 0.44):
        product_art.draw_honey(c)
    c.rect((300, 440, 460, 470), fill=WOOD_DARK, radius=6)


def draw_phone_scan(c: SceneCanvas):
    """A shopper's phone scanning a stall's QR standee; the speaker announces the payment."""
    c.gradient("rect", (0, 0, WIDTH, HEIGHT), c.soft((226, 240, 232)), c.soft((244, 248, 236)))
    c.circle((600, 330), 300, fill=c.soft((210, 232, 214)))
    c.rect((0, 470, WIDTH, HEIGHT), fill=(214, 190, 150))
    standee(c, (360, 480), height=320, seed=33)
    # the hand and the phone, in front, tilted towards the standee
    c.polygon([(760, 640), (700, 430), (780, 400), (880, 640)], fill=SKIN)
    c.polygon([(700, 640), (650, 520), (760, 500), (800, 640)], fill=SHIRTS[0])
    phone(c, (640, 200, 800, 500), "scan", seed=33)
    for x in (700, 740, 780):
        c.rect((x - 16, 430, x + 10, 470), fill=SKIN, radius=12)
    speaker(c, (1010, 420), 1.0)
    phone(c, (950, 150, 1060, 330), "paid")


def draw_farmers(c: SceneCanvas):
    """Two farmers at the harvest with baskets of tea, hills behind."""
    _sky(c, (220, 238, 236), (248, 244, 228), sun=(980, 110))
    _hill(c, 260, 30, 170, 0, c.soft((190, 218, 176)))
    _tea_rows(c, 340, c.soft((156, 202, 130)), 90, rows=2)
    c.rect((0, 470, WIDTH, HEIGHT), fill=c.soft((132, 186, 108)))
    hand = person(c, (470, 600), 250, SHIRTS[2], hat=True, arm="out", long_hair=True)
    _basket(c, (hand[0] - 20, hand[1] + 20, hand[0] + 90, hand[1] + 90), handle=True)
    c.chord((hand[0] - 14, hand[1] + 2, hand[0] + 84, hand[1] + 40), 180, 360, LEAF)
    person(c, (760, 610), 240, SHIRTS[3], trousers=(40, 50, 80), hat=True, arm="down")
    _basket(c, (840, 520, 960, 610))
    c.chord((846, 490, 954, 540), 180, 360, LEAF_LIGHT)
    for x in (90, 200, 1080):
        _tea_sprig(c, (x, 650), scale=1.1, angle=-8 + x / 100)


def draw_bees(c: SceneCanvas):
    """Wooden beehives under the trees of Định Hóa, bees, and a jar of honey."""
    _sky(c, (226, 240, 222), (250, 242, 214))
    for x, r, colour in ((120, 170, (96, 150, 84)), (420, 200, (80, 136, 74)),
                         (820, 190, (96, 150, 84)), (1120, 170, (80, 136, 74))):  # fmt: skip
        c.rect((x - 16, 260, x + 16, 520), fill=WOOD_DARK)
        c.circle((x, 220), r * 0.7, fill=colour)
        c.circle((x - r * 0.4, 270), r * 0.5, fill=colour)
        c.circle((x + r * 0.4, 270), r * 0.5, fill=colour)
    c.rect((0, 470, WIDTH, HEIGHT), fill=c.soft((150, 196, 110)))
    for x in (180, 380, 580):
        c.rect((x - 70, 400, x + 70, 520), fill=(222, 170, 96), radius=6)
        c.rect((x - 82, 384, x + 82, 404), fill=WOOD_DARK, radius=4)
        c.rect((x - 30, 500, x + 30, 508), fill=INK)
        c.rect((x - 60, 520, x - 48, 570), fill=WOOD_DARK)
        c.rect((x + 48, 520, x + 60, 570), fill=WOOD_DARK)
    for cx, cy in ((760, 150), (820, 120), (880, 160)):
        c.polygon(_hexagon(cx, cy, 30), fill=HONEY_LIGHT)
    with c.inset(780, 210, 0.62):
        product_art.draw_honey(c)
    for x, y, a in ((300, 320, -10), (460, 300, 20), (680, 360, -25), (250, 250, 15)):
        _bee(c, (x, y), 0.7, a)


def draw_trace(c: SceneCanvas):
    """A packet of tea with its traceability label, a phone reading it, a map pin on a hill."""
    c.gradient("rect", (0, 0, WIDTH, HEIGHT), c.soft((236, 244, 230)), c.soft((250, 246, 232)))
    c.circle((280, 330), 250, fill=c.soft((214, 234, 206)))
    _hill(c, 520, 20, 160, 0, c.soft((170, 210, 140)))
    # the packet
    c.shadow((150, 560, 430, 600), (170, 190, 160), blur=10)
    c.gradient("polygon", [(170, 180), (410, 180), (430, 580), (150, 580)], (60, 130, 80), GREEN)
    c.rect((170, 160, 410, 200), fill=(40, 96, 58), radius=6)
    c.rect((200, 250, 380, 360), fill=CREAM, radius=10)
    _tea_sprig(c, (290, 350), scale=0.7)
    c.rect((220, 400, 360, 540), fill=WHITE, radius=8)
    qr_code(c, (234, 410, 346, 522), seed=44)
    # dotted journey from the hill to the packet, with a map pin
    pin = (900, 250)
    for i in range(9):
        t = i / 8
        x, y = 440 + (pin[0] - 440) * t, 460 + (pin[1] + 90 - 460) * t - 80 * math.sin(math.pi * t)
        c.circle((x, y), 6, fill=(196, 90, 60))
    c.circle(pin, 46, fill=RED)
    c.polygon([(pin[0] - 40, pin[1] + 22), (pin[0] + 40, pin[1] + 22), (pin[0], pin[1] + 100)], RED)
    c.circle(pin, 18, fill=WHITE)
    phone(c, (620, 260, 760, 520), "scan", seed=44)
    c.polygon([(640, 640), (660, 470), (740, 470), (780, 640)], fill=SKIN)


def draw_helping(c: SceneCanvas):
    """A community digital team member shows a stallholder the payment on her phone."""
    c.gradient("rect", (0, 0, WIDTH, HEIGHT), c.soft((238, 236, 250)), c.soft((250, 244, 232)))
    c.circle((600, 300), 290, fill=c.soft((222, 226, 246)))
    stall(c, 760, 1120, 560, AWNINGS[1], "vegetables", seed=8)
    hand = person(c, (460, 610), 270, (40, 110, 190), trousers=(40, 50, 70), hat=False, arm="out")
    phone(c, (hand[0] - 10, hand[1] - 70, hand[0] + 40, hand[1] + 20), "paid")
    person(c, (700, 610), 250, SHIRTS[1], hat=True, arm="down", long_hair=True)
    speaker(c, (1060, 410), 0.8, waves=2)
    c.rect((0, 600, WIDTH, HEIGHT), fill=(214, 200, 176))


def draw_products(c: SceneCanvas):
    """Medallions of Thái Nguyên products (tea, honey, chicken, rice…) on a leafy band."""
    c.gradient("rect", (0, 0, WIDTH, HEIGHT), c.soft((246, 242, 228)), c.soft((236, 242, 222)))
    for i in range(14):
        leaf(c, (i * 92 - 20, 610 - (i % 2) * 26), 120, 44, -60 - (i % 3) * 20, LEAF_LIGHT)
        leaf(c, (i * 92 + 30, 40 + (i % 2) * 20), 110, 40, 60 + (i % 3) * 20, (190, 220, 160))
    kinds = (("tea_leaves", 0), ("honey", 0), ("chicken", 0), ("rice", 1), ("tea_gift", 0))
    for i, (kind, variant) in enumerate(kinds):
        x = 150 + i * 225
        y = 315 + (36 if i % 2 else -24)
        c.shadow((x - 100, y + 92, x + 100, y + 124), (200, 196, 170), blur=10)
        c.circle((x, y), 112, fill=WHITE)
        c.paste_round(product_art.illustration(kind, variant), (x, y), 102)
    c.circle((1100, 100), 18, fill=GOLD)
    c.circle((80, 110), 12, fill=HONEY)


def _hen(c: SceneCanvas, feet: Point, size: float = 1.0, facing: int = -1, colour=(196, 104, 46)):
    """A small free-range hen pecking about; ``facing`` -1 looks left, 1 right."""
    x, y = feet
    f = facing
    for dx in (-8, 8):
        c.line([(x + dx * size, y - 24 * size), (x + dx * size, y)], (232, 168, 48), 4 * size)
    leaf(c, (x - f * 34 * size, y - 56 * size), 56 * size, 30 * size, -90 - f * 40, (40, 62, 44))
    c.polygon(_oval(x, y - 46 * size, 44 * size, 28 * size), fill=colour)
    c.polygon(_oval(x - f * 8 * size, y - 44 * size, 24 * size, 14 * size), fill=(150, 68, 28))
    head = (x + f * 38 * size, y - 74 * size)
    c.circle(head, 15 * size, fill=(214, 130, 60))
    c.circle((head[0], head[1] - 15 * size), 7 * size, fill=(214, 48, 40))
    c.polygon([(head[0] + f * 13 * size, head[1] - 3 * size), (head[0] + f * 26 * size, head[1]),
               (head[0] + f * 13 * size, head[1] + 5 * size)], fill=(242, 180, 50))  # fmt: skip
    c.circle((head[0] + f * 5 * size, head[1] - 3 * size), 2.5 * size, fill=INK)


def draw_farm(c: SceneCanvas):
    """A hill farm at Phú Bình: hens in the grass, a farmer with a basket of eggs, a coop."""
    _sky(c, (224, 238, 240), (250, 244, 224), sun=(1060, 120))
    _hill(c, 280, 34, 180, 30, c.soft((186, 214, 160)))
    _hill(c, 360, 26, 130, 200, c.soft((160, 202, 128)))
    c.rect((0, 450, WIDTH, HEIGHT), fill=c.soft((150, 196, 110)))
    # the coop and a fence
    c.rect((820, 300, 1080, 470), fill=WOOD, radius=4)
    c.polygon([(800, 310), (950, 220), (1100, 310)], fill=(168, 70, 50))
    c.rect((920, 380, 980, 470), fill=WOOD_DARK, radius=4)
    for x in range(0, WIDTH, 60):
        c.rect((x, 430, x + 10, 490), fill=(214, 190, 150))
    c.rect((0, 446, WIDTH, 456), fill=(214, 190, 150))
    hand = person(c, (330, 610), 240, SHIRTS[1], hat=True, arm="out", long_hair=True)
    _basket(c, (hand[0] - 10, hand[1] + 10, hand[0] + 80, hand[1] + 70))
    for i in range(5):
        c.polygon(_oval(hand[0] + 12 + i * 14, hand[1] + 6, 9, 12), fill=(246, 230, 204))
    for x, y, s, f, colour in ((620, 560, 1.2, -1, (196, 104, 46)), (760, 600, 1.0, 1,
                               (170, 80, 36)), (900, 560, 1.1, -1, (226, 150, 70)),
                               (1080, 610, 1.3, 1, (196, 104, 46)), (120, 590, 0.9, 1,
                               (170, 80, 36))):  # fmt: skip
        _hen(c, (x, y), s, f, colour)
    for x, y in ((660, 580), (690, 590), (840, 612), (980, 584)):
        c.polygon(_oval(x, y, 6, 4), fill=(244, 196, 60))


SCENES: dict[str, Callable[[SceneCanvas], None]] = {
    "farm": draw_farm,
    "market": draw_market,
    "market_karst": lambda c: draw_market(c, hills="karst"),
    "tea_hills": draw_tea_hills,
    "standee": draw_standee,
    "phone_scan": draw_phone_scan,
    "farmers": draw_farmers,
    "bees": draw_bees,
    "trace": draw_trace,
    "helping": draw_helping,
    "products": draw_products,
}
NAMES = tuple(SCENES)
BACKGROUND: Colour = (246, 244, 236)
VARIANT_HUE = -12.0


def scene(name: str, variant: int = 0) -> Image.Image:
    """The named scene, WIDTH x HEIGHT RGB; variant 1 mirrors it, 2 warms its soft colours,
    3 both. An unknown name is a ``KeyError`` (a typo in the demo content must not pass)."""
    draw = SCENES[name]
    variant %= 4
    canvas = SceneCanvas(BACKGROUND, hue=VARIANT_HUE if variant >= 2 else 0.0)
    draw(canvas)
    image = canvas.finish()
    return ImageOps.mirror(image) if variant % 2 else image
