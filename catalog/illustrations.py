"""Flat, text-free product illustrations for the demo catalogue (tea, honey, chicken, rice…).

Pure Pillow, no Django: ``illustration(kind, variant)`` returns a square RGB image and
``kind_for(title, category)`` picks the kind from a Vietnamese product title. Each picture is
drawn at twice its size and each 2x2 block averaged (anti-aliased edges). Same kind and variant
in, same pixels out.
"""

from __future__ import annotations

import colorsys
import math
import random
import re
import unicodedata
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw, ImageFilter, ImageOps

SIDE = 600  # the drawings' own coordinates: a 600 x 600 square
SIZE = 960  # the pictures' side in pixels: the product page shows them 480 px wide at 2x
SCALE = 2 * SIZE / SIDE  # drawn at twice SIZE, then each 2x2 block averaged: anti-aliasing

Colour = tuple[int, int, int]
Point = tuple[float, float]

# The site's palette (static/css/site.css) and the warm, natural colours around it.
GREEN = (31, 111, 67)
LEAF = (76, 148, 72)
LEAF_LIGHT = (132, 186, 96)
BUD = (178, 214, 120)
HONEY = (226, 148, 28)
HONEY_LIGHT = (247, 192, 72)
HONEY_DARK = (176, 100, 16)
WOOD = (168, 112, 62)
WOOD_DARK = (120, 76, 40)
CLAY = (178, 98, 56)
CLAY_DARK = (126, 64, 34)
CREAM = (255, 251, 240)
WHITE = (255, 255, 255)
PORCELAIN_BLUE = (46, 92, 140)
RED = (196, 52, 40)
GOLD = (232, 180, 70)
INK = (45, 40, 34)


def _scaled(value):
    if isinstance(value, (int, float)):
        return value * SCALE
    return (
        type(value)(_scaled(v) for v in value)
        if isinstance(value, tuple)
        else [_scaled(v) for v in value]
    )


class Canvas:
    """An ImageDraw in a SIDE x SIDE coordinate space, drawn at twice SIZE. ``hue`` (degrees)
    turns the soft background colours, so two products of one kind need not look identical."""

    def __init__(self, background: Colour, hue: float = 0.0):
        self.hue = hue
        self.image = Image.new("RGB", (2 * SIZE, 2 * SIZE), self.soft(background))
        self.draw = ImageDraw.Draw(self.image)

    def soft(self, colour: Colour) -> Colour:
        """A background colour, turned by the canvas's hue."""
        if not self.hue:
            return colour
        hue, lightness, saturation = colorsys.rgb_to_hls(*(v / 255 for v in colour))
        turned = colorsys.hls_to_rgb((hue + self.hue / 360) % 1, lightness, saturation)
        return tuple(round(v * 255) for v in turned)

    # Plain shapes -------------------------------------------------------------------------
    def ellipse(self, box, fill=None, outline=None, width=0):
        self.draw.ellipse(_scaled(box), fill=fill, outline=outline, width=round(width * SCALE))

    def polygon(self, points: Sequence[Point], fill=None, outline=None, width=0):
        self.draw.polygon(
            _scaled(list(points)), fill=fill, outline=outline, width=round(width * SCALE)
        )

    def rect(self, box, fill=None, radius=0, outline=None, width=0):
        self.draw.rounded_rectangle(
            _scaled(box),
            radius=radius * SCALE,
            fill=fill,
            outline=outline,
            width=round(width * SCALE),
        )

    def line(self, points: Sequence[Point], fill, width, rounded=True):
        points = _scaled(list(points))
        self.draw.line(points, fill=fill, width=round(width * SCALE), joint="curve")
        if rounded:  # round caps
            r = width * SCALE / 2
            for x, y in (points[0], points[-1]):
                self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def arc(self, box, start, end, fill, width):
        self.draw.arc(_scaled(box), start, end, fill=fill, width=round(width * SCALE))

    def chord(self, box, start, end, fill):
        self.draw.chord(_scaled(box), start, end, fill=fill)

    def circle(self, centre: Point, radius, fill=None, outline=None, width=0):
        x, y = centre
        self.ellipse((x - radius, y - radius, x + radius, y + radius), fill, outline, width)

    # Soft effects ---------------------------------------------------------------------------
    def _mask(self, shape: str, coords, **kwargs) -> Image.Image:
        mask = Image.new("L", self.image.size, 0)
        draw = ImageDraw.Draw(mask)
        if shape == "polygon":
            draw.polygon(_scaled(list(coords)), fill=255)
        elif shape == "rect":
            draw.rounded_rectangle(
                _scaled(coords), radius=kwargs.get("radius", 0) * SCALE, fill=255
            )
        else:
            getattr(draw, shape)(_scaled(coords), fill=255)
        return mask

    def gradient(self, shape: str, coords, top: Colour, bottom: Colour, **kw):
        """Fill a shape ("ellipse", "polygon", "rect") with a top-to-bottom gradient."""
        mask = self._mask(shape, coords, **kw)
        box = mask.getbbox()
        if not box:
            return
        width, height = box[2] - box[0], box[3] - box[1]
        # A one-pixel-wide ramp stretched without filtering: fast, and smooth for flat art.
        ramp = Image.linear_gradient("L").crop((0, 0, 1, 256))
        ramp = ramp.resize((1, height), Image.Resampling.BILINEAR)
        ramp = ramp.resize((width, height), Image.Resampling.NEAREST)
        self.image.paste(ImageOps.colorize(ramp, top, bottom), box[:2], mask.crop(box))

    def shadow(self, box, colour: Colour, blur=10):
        """A soft blurred ellipse (a shadow on the ground, a glow), in ``colour``."""
        pad = blur * 3
        x0, y0, x1, y1 = box
        region = tuple(
            round(v * SCALE)
            for v in (max(0, x0 - pad), max(0, y0 - pad), min(SIDE, x1 + pad), min(SIDE, y1 + pad))
        )
        size = (region[2] - region[0], region[3] - region[1])
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).ellipse(
            (
                x0 * SCALE - region[0],
                y0 * SCALE - region[1],
                x1 * SCALE - region[0],
                y1 * SCALE - region[1],
            ),
            fill=255,
        )
        mask = mask.filter(ImageFilter.GaussianBlur(blur * SCALE / 2))
        self.image.paste(Image.new("RGB", size, colour), region[:2], mask)

    def finish(self) -> Image.Image:
        # Averaging each 2x2 block is supersampling anti-aliasing; as smooth as LANCZOS on flat
        # shapes, without its ringing, and ten times faster.
        return self.image.reduce(2)


# Geometry helpers --------------------------------------------------------------------------------
def _rotate(points: Sequence[Point], angle_deg: float, centre: Point) -> list[Point]:
    a = math.radians(angle_deg)
    cx, cy = centre
    cos, sin = math.cos(a), math.sin(a)
    return [
        (cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos)
        for x, y in points
    ]


def _oval(cx, cy, rx, ry, angle=0.0, steps=72) -> list[Point]:
    points = [
        (cx + rx * math.cos(2 * math.pi * i / steps), cy + ry * math.sin(2 * math.pi * i / steps))
        for i in range(steps)
    ]
    return _rotate(points, angle, (cx, cy))


def _egg(cx, cy, rx, ry, angle=0.0, steps=72) -> list[Point]:
    """An egg: narrower at the top."""
    points = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        points.append((cx + rx * math.cos(t) * (1 + 0.13 * math.sin(t)), cy + ry * math.sin(t)))
    return _rotate(points, angle, (cx, cy))


def _leaf_points(base: Point, length, width, angle, serrated=False) -> list[Point]:
    """A pointed leaf from ``base`` along ``angle`` (degrees; 0 = right, -90 = up)."""
    bx, by = base
    steps = 24
    upper, lower = [], []
    for i in range(steps + 1):
        t = i / steps
        half = width / 2 * math.sin(math.pi * t) ** 0.8 * (1 - 0.25 * t)
        if serrated and 0.1 < t < 0.92 and i % 2:
            half *= 0.9
        upper.append((bx + length * t, by - half))
        lower.append((bx + length * t, by + half))
    return _rotate(upper + lower[::-1], angle, base)


def leaf(c: Canvas, base: Point, length, width, angle, fill=LEAF, vein=None, serrated=False):
    c.polygon(_leaf_points(base, length, width, angle, serrated), fill=fill)
    if vein:
        tip = _rotate([(base[0] + length * 0.92, base[1])], angle, base)[0]
        c.line([base, tip], fill=vein, width=max(2, width / 16))


def _wave(x0, x1, y, amplitude, period, steps=40) -> list[Point]:
    return [
        (x0 + (x1 - x0) * i / steps, y + amplitude * math.sin(2 * math.pi * i / steps * period))
        for i in range(steps + 1)
    ]


def _halo(c: Canvas, colour: Colour, radius=235, centre=(300, 300)):
    c.circle(centre, radius, fill=c.soft(colour))


def _tea_sprig(c: Canvas, base: Point, scale=1.0, angle=0.0):
    """One bud and two leaves (một tôm hai lá) on a short stem."""
    bx, by = base

    def at(dx, dy):
        return _rotate([(bx + dx * scale, by + dy * scale)], angle, base)[0]

    c.line([at(0, 0), at(4, -40), at(2, -90), at(-4, -130)], fill=(96, 140, 60), width=6 * scale)
    leaf(c, at(2, -50), 120 * scale, 52 * scale, angle - 20, LEAF, (58, 118, 56), True)
    leaf(c, at(0, -88), 100 * scale, 44 * scale, angle - 160, (96, 168, 80), (66, 128, 60), True)
    leaf(c, at(-4, -128), 70 * scale, 24 * scale, angle - 88, BUD, (150, 190, 100))


# Tea --------------------------------------------------------------------------------------------
def draw_tea(c: Canvas):
    """A clay teapot, a small cup of green tea and fresh tea leaves."""
    _halo(c, (214, 234, 206))
    c.shadow((100, 440, 460, 500), (176, 204, 168), blur=14)
    # handle (behind the body)
    c.arc((96, 296, 226, 440), 90, 270, CLAY_DARK, 22)
    # spout
    c.polygon([(380, 380), (404, 300), (470, 238), (492, 246), (440, 320), (430, 400)], CLAY_DARK)
    c.polygon([(466, 236), (494, 230), (498, 250), (486, 256)], CLAY)
    # body
    c.gradient("ellipse", (140, 250, 430, 480), (200, 118, 72), CLAY_DARK)
    c.arc((175, 280, 280, 420), 190, 250, (226, 160, 118), 10)  # highlight
    c.rect((165, 268, 405, 286), fill=CLAY_DARK, radius=9)  # shoulder band
    # lid and knob
    c.chord((200, 212, 370, 300), 180, 360, (190, 108, 64))
    c.ellipse((264, 186, 306, 222), fill=CLAY_DARK)
    c.rect((196, 252, 374, 270), fill=(160, 86, 48), radius=8)
    # cup with tea, in front
    c.shadow((380, 478, 560, 516), (170, 200, 160), blur=8)
    c.polygon([(392, 420), (548, 420), (530, 500), (410, 500)], fill=CREAM)
    c.polygon([(392, 420), (548, 420), (545, 434), (395, 434)], fill=(234, 228, 210))
    c.ellipse((390, 404, 550, 436), fill=WHITE)
    c.ellipse((402, 410, 538, 430), fill=(178, 190, 82))
    c.arc((402, 462, 538, 486), 20, 160, PORCELAIN_BLUE, 5)
    # steam
    for x in (445, 490):
        c.line([(x + 6 * math.sin(i / 2), 392 - i * 8) for i in range(10)], WHITE, 5)
    # leaves in front, left
    leaf(c, (70, 520), 130, 56, -28, LEAF, (52, 112, 52), True)
    leaf(c, (90, 530), 120, 50, -62, (96, 168, 80), (60, 124, 58), True)
    leaf(c, (110, 532), 90, 34, 4, LEAF_LIGHT, (90, 150, 70))


def draw_tea_leaves(c: Canvas):
    """A porcelain bowl heaped with dry, hook-curled tea (móc câu), a fresh sprig beside it."""
    _halo(c, (219, 236, 210))
    c.shadow((110, 470, 490, 530), (178, 204, 168), blur=14)
    # a smooth dome of dark, twisted tea, its edge roughened by the strands themselves
    c.chord((128, 226, 472, 474), 180, 360, (50, 80, 44))
    shades = ((70, 104, 54), (88, 120, 62), (58, 90, 48), (108, 136, 74), (40, 66, 38))
    rng = random.Random(18)  # fixed seed: the same picture every time
    for i in range(420):
        x, y, angle = rng.uniform(122, 478), rng.uniform(220, 360), rng.uniform(0, 180)
        if ((x - 300) / 176) ** 2 + ((y - 350) / 128) ** 2 > 1 or y > 352:
            continue
        c.polygon(_oval(x, y, 11, 3.5, angle, 16), fill=shades[i % 5])
    # bowl
    bowl = [
        (300 + 190 * math.cos(math.pi * i / 36), 350 + 140 * math.sin(math.pi * i / 36))
        for i in range(37)
    ]
    c.gradient("polygon", bowl, WHITE, (216, 220, 212))
    c.rect((214, 476, 386, 496), fill=(210, 212, 204), radius=8)
    c.ellipse((108, 336, 492, 366), fill=WHITE)
    c.arc((108, 336, 492, 366), 0, 180, PORCELAIN_BLUE, 5)
    c.line(_wave(160, 440, 420, 7, 4), PORCELAIN_BLUE, 5)
    _tea_sprig(c, (462, 520), scale=0.95, angle=10)


def draw_tea_bud(c: Canvas):
    """A fresh bud and two leaves in front of rows of tea bushes on a hill."""
    hills = Canvas((222, 240, 212))
    hills.circle((440, 180), 42, fill=(250, 230, 160))
    for n, (top, colour) in enumerate(
        ((330, (178, 214, 150)), (400, (150, 198, 124)), (470, (124, 180, 102)))
    ):

        def ridge(x, top=top, n=n):
            return top + 28 * math.sin((x + n * 150) / 110)

        hills.polygon(
            [(0, SIDE), *[(x, ridge(x)) for x in range(0, 601, 15)], (SIDE, SIDE)], fill=colour
        )
        bush = tuple(max(0, v - 14) for v in colour)
        for x in range(-10 + 12 * n, 620, 32):
            hills.ellipse((x - 14, ridge(x) + 14, x + 14, ridge(x) + 36), fill=bush)
    mask = Image.new("L", c.image.size, 0)
    ImageDraw.Draw(mask).ellipse(_scaled((65, 65, 535, 535)), fill=255)
    c.image.paste(hills.image, (0, 0), mask)
    _tea_sprig(c, (300, 535), scale=2.15, angle=-4)


def draw_tea_gift(c: Canvas):
    """A red gift box with a gold ribbon, tea leaves beside it."""
    _halo(c, (244, 222, 210))
    c.shadow((110, 470, 510, 530), (214, 186, 172), blur=14)
    # box: front and right side, top
    c.gradient("polygon", [(130, 260), (390, 260), (390, 500), (130, 500)], (206, 62, 48), RED)
    c.polygon([(390, 260), (480, 210), (480, 440), (390, 500)], fill=(150, 36, 28))
    c.polygon([(130, 260), (220, 210), (480, 210), (390, 260)], fill=(222, 84, 64))
    # ribbon: crosswise round the box, over the top
    c.polygon([(240, 260), (280, 260), (280, 500), (240, 500)], fill=GOLD)
    c.polygon([(130, 340), (390, 340), (390, 372), (130, 372)], fill=GOLD)
    c.polygon([(390, 340), (480, 290), (480, 322), (390, 372)], fill=(200, 150, 52))
    c.polygon([(240, 260), (280, 260), (370, 210), (330, 210)], fill=GOLD)
    c.polygon([(166, 240), (426, 240), (444, 230), (184, 230)], fill=GOLD)
    # bow
    c.polygon(_oval(232, 205, 56, 26, -20), fill=(244, 198, 92))
    c.polygon(_oval(348, 205, 56, 26, 20), fill=(244, 198, 92))
    c.polygon(_oval(232, 205, 34, 12, -20), fill=(214, 160, 56))
    c.polygon(_oval(348, 205, 34, 12, 20), fill=(214, 160, 56))
    c.polygon([(280, 224), (262, 290), (282, 280)], fill=(214, 160, 56))
    c.polygon([(300, 224), (318, 290), (298, 280)], fill=(214, 160, 56))
    c.circle((290, 216), 24, fill=GOLD)
    # a tea-leaf emblem on the front
    c.circle((185, 432), 34, fill=(226, 190, 110))
    leaf(c, (167, 450), 48, 24, -45, GREEN, None)
    # leaves in front
    leaf(c, (390, 540), 150, 60, -30, LEAF, (52, 112, 52), True)
    leaf(c, (420, 545), 130, 52, -70, (96, 168, 80), (60, 124, 58), True)
    leaf(c, (60, 540), 120, 46, -20, LEAF_LIGHT, (90, 150, 70), True)


def draw_tea_bags(c: Canvas):
    """A glass of green tea with a tea bag in it, two tea bags beside."""
    _halo(c, (214, 236, 222))
    c.shadow((120, 470, 440, 520), (172, 204, 184), blur=12)
    # glass with tea
    c.gradient(
        "polygon",
        [(150, 200), (390, 200), (370, 490), (170, 490)],
        (236, 246, 240),
        (214, 232, 222),
    )
    c.gradient(
        "polygon", [(158, 260), (382, 260), (370, 484), (170, 484)], (204, 206, 110), (150, 160, 60)
    )
    c.ellipse((158, 248, 382, 276), fill=(214, 214, 128))
    c.line([(182, 230), (196, 470)], WHITE, 10)  # glint
    # tea bag inside, string over the rim, tag outside
    c.polygon([(290, 330), (350, 330), (356, 420), (284, 420)], fill=(226, 206, 150))
    c.line([(320, 330), (330, 190), (412, 196), (430, 300)], (236, 230, 214), 3, rounded=False)
    c.rect((404, 296, 458, 350), fill=(232, 236, 220), radius=4)
    leaf(c, (416, 338), 40, 20, -50, LEAF)
    c.ellipse((150, 190, 390, 214), outline=(200, 222, 210), width=4)
    # loose tea bags
    c.shadow((420, 500, 560, 530), (172, 204, 184), blur=8)
    for x, y, a in ((420, 420, -12), (470, 440, 10)):
        pts = _rotate([(x, y), (x + 80, y), (x + 80, y + 84), (x, y + 84)], a, (x + 40, y + 42))
        c.polygon(pts, fill=(244, 238, 222))
        inner = _rotate(
            [(x + 10, y + 12), (x + 70, y + 12), (x + 70, y + 74), (x + 10, y + 74)],
            a,
            (x + 40, y + 42),
        )
        c.polygon(inner, fill=(198, 178, 118))
    leaf(c, (60, 540), 130, 52, -30, LEAF, (52, 112, 52), True)
    leaf(c, (80, 546), 100, 40, -70, LEAF_LIGHT, (90, 150, 70), True)


# Honey and bees ---------------------------------------------------------------------------------
def _hexagon(cx, cy, r) -> list[Point]:
    return [
        (cx + r * math.cos(math.pi / 3 * i), cy + r * math.sin(math.pi / 3 * i)) for i in range(6)
    ]


def _bee(c: Canvas, centre: Point, size=1.0, angle=0.0):
    x, y = centre
    c.polygon(
        _oval(x - 6 * size, y - 20 * size, 14 * size, 22 * size, angle - 30), fill=(236, 244, 250)
    )
    c.polygon(
        _oval(x + 8 * size, y - 18 * size, 12 * size, 18 * size, angle + 25), fill=(220, 234, 244)
    )
    body = _oval(x, y, 30 * size, 19 * size, angle)
    c.polygon(body, fill=(246, 196, 52))
    for dx in (-8, 8):
        stripe = _rotate(
            [
                (x + dx * size - 4 * size, y - 19 * size),
                (x + dx * size + 4 * size, y - 19 * size),
                (x + dx * size + 4 * size, y + 19 * size),
                (x + dx * size - 4 * size, y + 19 * size),
            ],
            angle,
            (x, y),
        )
        c.polygon(stripe, fill=INK)
    head = _rotate([(x - 30 * size, y)], angle, (x, y))[0]
    c.circle(head, 11 * size, fill=INK)


def draw_honey(c: Canvas):
    """A jar of honey with a wooden dipper dripping into it."""
    for cx, cy in ((90, 110), (150, 145), (90, 180), (510, 430), (540, 490), (480, 490)):
        c.polygon(_hexagon(cx, cy, 34), fill=(246, 226, 178))
    _halo(c, (250, 230, 190), radius=215)
    c.shadow((140, 480, 460, 540), (220, 196, 150), blur=14)
    # jar: glass body full of honey, open neck
    c.gradient("rect", (150, 230, 450, 510), (238, 166, 44), HONEY_DARK, radius=64)
    c.rect((176, 290, 204, 460), fill=(248, 194, 92), radius=14)  # glint
    c.rect((186, 196, 414, 250), fill=(240, 206, 140), radius=12)  # neck
    c.rect((176, 186, 424, 210), fill=(250, 236, 206), radius=12)  # rim
    c.ellipse((190, 186, 410, 208), fill=HONEY_DARK)  # the honey inside, seen over the rim
    for x, length in ((226, 40), (286, 70), (372, 30)):  # drips down the neck
        c.rect((x - 9, 200, x + 9, 220 + length), fill=HONEY, radius=9)
        c.circle((x, 220 + length), 11, fill=HONEY)
    # blank label with a hexagon mark
    c.rect((215, 330, 385, 440), fill=CREAM, radius=14)
    c.polygon(_hexagon(300, 385, 32), fill=HONEY_LIGHT)
    c.polygon(_hexagon(300, 385, 20), fill=HONEY)
    # the dipper, lifted over the jar, honey running off it
    head, axis = (300, 118), math.radians(-38)
    ux, uy = math.cos(axis), math.sin(axis)
    c.line([head, (head[0] + 200 * ux, head[1] + 200 * uy)], WOOD, 14)
    c.polygon(_oval(head[0], head[1], 56, 40, math.degrees(axis)), fill=WOOD)
    for k in (-36, -12, 12, 36):  # grooves across the head
        cx, cy = head[0] + k * ux, head[1] + k * uy
        half = 40 * math.sqrt(max(0.0, 1 - (k / 56) ** 2))
        c.line([(cx - half * -uy, cy - half * ux), (cx + half * -uy, cy + half * ux)], WOOD_DARK, 7)
    c.chord((head[0] - 46, head[1] - 10, head[0] + 46, head[1] + 44), 0, 180, HONEY)
    c.rect((head[0] - 8, head[1] + 26, head[0] + 8, head[1] + 52), fill=HONEY, radius=8)
    c.polygon(_egg(head[0], head[1] + 66, 9, 13), fill=HONEY)
    _bee(c, (510, 190), 1.2, -15)


def draw_beeswax(c: Canvas):
    """A slab of honeycomb with a bee."""
    _halo(c, (250, 232, 196))
    c.shadow((100, 450, 500, 520), (222, 198, 150), blur=14)
    c.gradient("rect", (110, 190, 490, 480), (244, 196, 88), (210, 140, 38), radius=40)
    r = 27
    for row in range(8):
        for col in range(9):
            cx = 140 + col * r * 1.5
            cy = 215 + row * r * math.sqrt(3) + (r * math.sqrt(3) / 2 if col % 2 else 0)
            if cx > 470 or cy > 462:
                continue
            c.polygon(_hexagon(cx, cy, r - 3), fill=(250, 210, 104))
            c.polygon(_hexagon(cx + 2, cy + 3, r - 9), fill=(230, 160, 44))
    # two wax blocks in front
    for x, y in ((150, 430), (300, 450)):
        c.polygon([(x, y), (x + 130, y), (x + 150, y + 20), (x + 20, y + 20)], fill=(252, 232, 168))
        c.rect((x + 20, y + 20, x + 150, y + 84), fill=(240, 208, 128), radius=4)
        c.polygon([(x, y), (x + 20, y + 20), (x + 20, y + 84), (x, y + 64)], fill=(222, 184, 102))
    _bee(c, (455, 150), 1.3, -20)
    _bee(c, (130, 150), 0.9, 15)


# Chicken and eggs -------------------------------------------------------------------------------
def _grass(c: Canvas, x, y, colour=LEAF):
    for dx, h, lean in ((0, 34, -8), (10, 46, 0), (20, 30, 10)):
        c.polygon([(x + dx - 5, y), (x + dx + 5, y), (x + dx + lean, y - h)], fill=colour)


def draw_chicken(c: Canvas):
    """A free-range hen on grass, pecking distance from a few grains of corn."""
    c.gradient("rect", (0, 0, SIDE, SIDE), (252, 240, 222), (246, 226, 196))
    c.circle((300, 290), 230, fill=(250, 232, 206))
    c.chord((-200, 440, 800, 760), 180, 360, (170, 204, 120))
    for x, y in ((40, 470), (520, 480), (470, 520), (90, 540)):
        _grass(c, x, y, (120, 168, 86))
    c.shadow((150, 468, 450, 510), (130, 170, 90), blur=10)
    # legs
    for x in (270, 330):
        c.line([(x, 420), (x - 4, 480)], (232, 168, 48), 10)
        for toe in (-26, 0, 22):
            c.line([(x - 4, 480), (x - 4 + toe, 492)], (232, 168, 48), 6)
    # tail feathers
    for angle, length, colour in (
        (-70, 150, (40, 62, 44)),
        (-45, 160, (62, 90, 56)),
        (-20, 130, (40, 62, 44)),
        (-95, 120, (150, 60, 30)),
    ):
        leaf(c, (410, 330), length, 62, angle, colour)
    # body
    body = [
        (150, 300),
        (200, 250),
        (300, 250),
        (400, 280),
        (450, 330),
        (440, 390),
        (390, 440),
        (300, 455),
        (210, 430),
        (165, 380),
    ]
    c.gradient("polygon", body, (214, 124, 58), (160, 74, 30))
    c.polygon(_oval(300, 380, 150, 78), fill=(196, 104, 46))
    c.gradient("polygon", _oval(300, 350, 150, 100), (214, 124, 58), (168, 80, 34))
    # wing with feather scallops
    wing = _leaf_points((230, 350), 190, 100, -8)
    c.polygon(wing, fill=(150, 68, 28))
    for i in range(4):
        c.arc((260 + i * 32, 360, 320 + i * 32, 420), 20, 160, (196, 104, 46), 5)
    # neck and head
    c.gradient("polygon", _oval(205, 262, 56, 100, 18), (226, 146, 68), (206, 116, 52))
    c.circle((195, 190), 52, fill=(226, 146, 68))
    # comb, wattle, beak, eye
    for x, y, r in ((165, 142, 18), (190, 134, 21), (216, 142, 18)):
        c.circle((x, y), r, fill=(214, 48, 40))
    c.polygon(_egg(148, 238, 14, 22), fill=(214, 48, 40))
    c.polygon([(146, 186), (108, 200), (146, 210)], fill=(242, 180, 50))
    c.circle((180, 182), 10, fill=INK)
    c.circle((183, 179), 3.5, fill=WHITE)
    # corn
    for x, y in ((90, 500), (110, 512), (72, 516), (500, 506), (520, 520)):
        c.polygon(_oval(x, y, 7, 5), fill=(244, 196, 60))


def _basket(c: Canvas, box, colour=(186, 132, 72), dark=(140, 94, 48), handle=False):
    """A woven basket seen from the front; ``box`` is its front face."""
    x0, y0, x1, y1 = box
    inset = (x1 - x0) * 0.1
    if handle:
        c.arc((x0 + 20, y0 - (y1 - y0) * 1.2, x1 - 20, y0 + 60), 180, 360, dark, 16)
    c.polygon([(x0, y0), (x1, y0), (x1 - inset, y1), (x0 + inset, y1)], fill=colour)
    rows = 6
    for i in range(1, rows):
        y = y0 + (y1 - y0) * i / rows
        c.line([(x0 + inset * i / rows, y), (x1 - inset * i / rows, y)], dark, 3, rounded=False)
    for i in range(1, 12):
        x_top = x0 + (x1 - x0) * i / 12
        x_bottom = x0 + inset + (x1 - x0 - 2 * inset) * i / 12
        c.line([(x_top, y0), (x_bottom, y1)], dark, 2, rounded=False)
    c.rect((x0 - 10, y0 - 10, x1 + 10, y0 + 14), fill=dark, radius=12)
    c.rect((x0 - 6, y0 - 8, x1 + 6, y0 + 4), fill=colour, radius=6)


def draw_eggs(c: Canvas):
    """A woven basket of brown eggs on straw, one egg in front."""
    _halo(c, (248, 234, 204))
    c.shadow((90, 470, 510, 530), (222, 204, 166), blur=14)
    for i in range(9):  # straw sticking out over the rim
        x = 130 + i * 42
        c.line([(x, 350), (x + 24 * math.sin(i * 1.7), 318 + 6 * (i % 3))], (222, 190, 110), 4)
    eggs = [
        (178, 300, -14, (232, 190, 144)),
        (262, 272, 6, (220, 172, 120)),
        (350, 276, -6, (240, 212, 176)),
        (428, 304, 14, (226, 180, 132)),
        (224, 334, 4, (236, 198, 156)),
        (386, 336, -8, (222, 176, 126)),
        (304, 324, 0, (238, 204, 162)),
    ]
    for x, y, a, colour in eggs:
        c.polygon(_egg(x, y + 2, 48, 63, a), fill=tuple(v - 26 for v in colour))  # edge
        c.polygon(_egg(x, y, 46, 61, a), fill=colour)
        c.polygon(_egg(x - 14, y - 22, 10, 16, a), fill=tuple(min(255, v + 14) for v in colour))
    _basket(c, (100, 350, 500, 480))
    c.shadow((420, 520, 530, 548), (200, 180, 140), blur=6)
    c.polygon(_egg(476, 478, 48, 63, 20), fill=(204, 160, 112))
    c.polygon(_egg(476, 476, 46, 61, 20), fill=(230, 186, 138))
    c.polygon(_egg(466, 454, 10, 16, 20), fill=(248, 214, 172))


def draw_chicken_dressed(c: Canvas):
    """A whole boiled chicken (gà luộc) on a plate with lettuce and lime."""
    _halo(c, (246, 230, 208))
    c.shadow((70, 420, 530, 520), (214, 192, 162), blur=14)
    c.ellipse((60, 330, 540, 500), fill=WHITE)
    c.ellipse((86, 346, 514, 486), outline=PORCELAIN_BLUE, width=6)
    c.ellipse((116, 362, 484, 470), fill=(246, 244, 236))
    for base, angle in (((150, 420), -170), ((450, 420), -10), ((200, 440), 160)):
        leaf(c, base, 120, 76, angle, (134, 190, 96), (104, 160, 74), True)
    # legs, drawn first so the body overlaps their tops
    bone = (250, 240, 222)
    for centre, angle in (((392, 262), -52), ((436, 300), -22)):
        c.polygon(_egg(*centre, 44, 66, angle + 90), fill=(226, 164, 56))
        a = math.radians(angle)
        tip = (centre[0] + 92 * math.cos(a), centre[1] + 92 * math.sin(a))
        c.line([centre, tip], bone, 16)
        side = (-math.sin(a) * 9, math.cos(a) * 9)
        c.circle((tip[0] + side[0], tip[1] + side[1]), 11, fill=bone)
        c.circle((tip[0] - side[0], tip[1] - side[1]), 11, fill=bone)
    c.gradient("polygon", _oval(290, 350, 170, 104, -6), (250, 210, 102), (220, 156, 50))
    c.polygon(_oval(250, 310, 84, 30, -14), fill=(254, 226, 140))  # shine on the skin
    c.polygon(_leaf_points((180, 380), 150, 64, -6), fill=(236, 180, 70))  # wing
    c.arc((190, 360, 320, 410), 20, 150, (214, 150, 50), 4)
    # lime halves and a chilli on the plate
    for x, y in ((396, 446), (444, 430)):
        c.circle((x, y), 28, fill=(110, 170, 60))
        c.circle((x, y), 22, fill=(196, 226, 132))
        for a in range(0, 360, 60):
            r = math.radians(a)
            c.line([(x, y), (x + 18 * math.cos(r), y + 18 * math.sin(r))], (150, 200, 90), 3)
    c.line([(190, 450), (250, 458), (290, 452)], (210, 44, 34), 12)
    c.line([(298, 450), (312, 444)], (80, 130, 50), 6)


# Rice, noodles, bánh chưng ----------------------------------------------------------------------
def _grains(c: Canvas, box, count, colour=(255, 252, 242), shade=(226, 218, 196), seed=1):
    """Grains of rice scattered over the oval inscribed in ``box``."""
    x0, y0, x1, y1 = box
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    rng = random.Random(seed)
    for i in range(count):
        x, y, angle = rng.uniform(x0, x1), rng.uniform(y0, y1), rng.uniform(0, 180)
        if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1:
            c.polygon(_oval(x, y, 8, 4, angle, 16), fill=shade if i % 4 == 0 else colour)


def _rice_stalk(c: Canvas, base: Point, length, angle, colour=(214, 170, 72)):
    """An ear of rice: a stem with pairs of grains, sized to its length."""
    bx, by = base
    tip = _rotate([(bx + length, by)], angle, base)[0]
    c.line([base, tip], (176, 150, 80), max(2.5, length / 40))
    for i in range(2, 10):
        t = i / 10
        px, py = bx + (tip[0] - bx) * t, by + (tip[1] - by) * t
        for side in (-1, 1):  # grains either side of the stem, leaning towards the tip
            a = math.radians(angle)
            gx = px - side * math.sin(a) * length * 0.05
            gy = py + side * math.cos(a) * length * 0.05
            grain = _oval(gx, gy, length * 0.07, length * 0.038, angle + side * 35, 16)
            c.polygon(grain, fill=colour)


def draw_rice(c: Canvas):
    """An open sack of rice, an ear of rice on it, ears and a few grains beside it."""
    _halo(c, (242, 232, 210))
    c.shadow((100, 470, 520, 530), (216, 200, 170), blur=14)
    # sack
    sack = [
        (150, 210),
        (450, 210),
        (480, 300),
        (490, 460),
        (450, 500),
        (150, 500),
        (110, 460),
        (120, 300),
    ]
    c.gradient("polygon", sack, (230, 204, 150), (196, 164, 108))
    for y in (330, 350):
        c.line([(118, y), (488, y)], (170, 124, 80), 6, rounded=False)
    c.polygon([(150, 210), (450, 210), (470, 250), (130, 250)], fill=(214, 184, 126))
    # folded-down rim and the rice inside
    c.ellipse((150, 170, 450, 250), fill=(200, 168, 112))
    c.ellipse((170, 178, 430, 238), fill=(252, 248, 236))
    c.chord((180, 150, 420, 230), 180, 360, (252, 248, 236))
    _grains(c, (186, 164, 414, 232), 90)
    # an ear of rice on the sack, no text
    c.circle((300, 415), 54, fill=(246, 236, 206))
    _rice_stalk(c, (282, 462), 100, -75, colour=(206, 158, 56))
    # a few grains spilled in front
    _grains(c, (400, 500, 540, 536), 16, colour=(255, 253, 246), shade=(236, 228, 208), seed=3)
    _rice_stalk(c, (70, 540), 170, -60)
    _rice_stalk(c, (90, 545), 150, -40)


def draw_sticky_rice(c: Canvas):
    """A blue-and-white bowl heaped with sticky rice, chopsticks and ears of rice."""
    _halo(c, (244, 236, 216))
    c.shadow((110, 470, 490, 530), (214, 200, 172), blur=14)
    # heap, with a faint edge so white rice shows on a pale ground
    heap = ((200, 300, 46), (262, 262, 52), (334, 260, 54), (398, 298, 46), (300, 300, 70))
    for x, y, r in heap:
        c.circle((x, y), r + 4, fill=(226, 218, 196))
    for x, y, r in heap:
        c.circle((x, y), r, fill=(252, 248, 236))
    _grains(c, (166, 206, 434, 360), 150, seed=2)
    # bowl
    bowl = [
        (300 + 180 * math.cos(math.pi * i / 36), 340 + 150 * math.sin(math.pi * i / 36))
        for i in range(37)
    ]
    c.gradient("polygon", bowl, WHITE, (214, 218, 222))
    c.ellipse((110, 326, 490, 356), fill=WHITE)
    c.arc((110, 326, 490, 356), 0, 180, PORCELAIN_BLUE, 6)
    c.arc((150, 430, 450, 480), 10, 170, PORCELAIN_BLUE, 6)
    for x in (200, 300, 400):
        c.polygon(_oval(x, 400 - (8 if x == 300 else 0), 18, 11, 0, 20), fill=PORCELAIN_BLUE)
        c.polygon(_oval(x, 400 - (8 if x == 300 else 0), 8, 5, 0, 16), fill=WHITE)
    c.rect((220, 486, 380, 500), fill=(200, 202, 206), radius=6)
    # chopsticks
    c.line([(380, 170), (560, 480)], (150, 96, 52), 12)
    c.line([(410, 160), (580, 460)], (176, 118, 66), 12)
    _rice_stalk(c, (60, 550), 200, -65)
    _rice_stalk(c, (80, 552), 170, -45)


def draw_noodles(c: Canvas):
    """Skeins of dried glass noodles (miến dong), tied, on a round bamboo tray."""
    _halo(c, (240, 230, 210))
    c.shadow((50, 450, 550, 540), (212, 196, 166), blur=14)
    c.ellipse((50, 360, 550, 530), fill=(196, 150, 90))
    c.ellipse((70, 372, 530, 518), fill=(222, 184, 120))
    for i in range(6):
        c.ellipse(
            (90 + i * 36, 384 + i * 11, 510 - i * 36, 506 - i * 11), outline=(196, 150, 90), width=3
        )
    for cx, cy, angle in ((300, 300, -16), (270, 360, 8), (330, 410, -4)):
        _skein(c, (cx, cy), angle)
    leaf(c, (470, 250), 110, 44, -60, LEAF, (52, 112, 52))
    leaf(c, (474, 256), 90, 36, -10, LEAF_LIGHT, (90, 150, 70))


def _skein(c: Canvas, centre: Point, angle, length=300, height=74):
    """A folded skein of dried glass noodles, tied in the middle."""
    cx, cy = centre
    half_l, half_h = length / 2, height / 2
    outline = [
        (
            cx + half_l * math.copysign(abs(math.cos(t)) ** 0.3, math.cos(t)),
            cy + half_h * math.copysign(abs(math.sin(t)) ** 0.7, math.sin(t)),
        )
        for t in (2 * math.pi * i / 60 for i in range(60))
    ]
    c.polygon(_rotate(outline, angle, centre), fill=(200, 184, 156))
    for k in range(-4, 5):  # strands along the skein
        y = cy + k * half_h / 5
        strand = [
            (x, y + 2.5 * math.sin(x / 9 + k))
            for x in range(int(cx - half_l + 14), int(cx + half_l - 13), 6)
        ]
        c.line(_rotate(strand, angle, centre), (236, 226, 204), 3)
    band = [
        (cx - 12, cy - half_h - 4),
        (cx + 12, cy - half_h - 4),
        (cx + 12, cy + half_h + 4),
        (cx - 12, cy + half_h + 4),
    ]
    c.polygon(_rotate(band, angle, centre), fill=RED)


def draw_banh_chung(c: Canvas):
    """A square bánh chưng tied with bamboo strings on a dong leaf, a cut piece in front."""
    c.gradient("rect", (0, 0, SIDE, SIDE), (252, 236, 226), (246, 220, 206))
    for x, y in ((80, 90), (520, 110), (60, 470)):  # hoa mai (apricot blossom)
        for k in range(5):
            a = math.radians(k * 72 - 90)
            c.circle((x + 14 * math.cos(a), y + 14 * math.sin(a)), 11, fill=(246, 200, 70))
        c.circle((x, y), 6, fill=(214, 120, 40))
    c.shadow((90, 460, 520, 530), (220, 186, 170), blur=14)
    leaf(c, (60, 470), 500, 180, -8, (74, 140, 66), (54, 112, 50))
    # the cake: front, side, top
    front = [(150, 250), (390, 250), (390, 470), (150, 470)]
    c.gradient("polygon", front, (74, 130, 62), (48, 98, 44))
    c.polygon([(390, 250), (460, 200), (460, 412), (390, 470)], fill=(40, 84, 38))
    c.polygon([(150, 250), (220, 200), (460, 200), (390, 250)], fill=(96, 156, 78))
    for i in range(1, 12):  # the veins of the dong leaves it is wrapped in
        x = 150 + i * 20
        c.line([(x, 466), (x + 8, 254)], (66, 120, 56), 1.5, rounded=False)
    strings = (232, 214, 160)
    for t in (0.33, 0.66):
        x = 150 + 240 * t
        c.line([(x, 470), (x, 250), (x + 70, 200)], strings, 8, rounded=False)
        y = 250 + 220 * t
        c.line([(150, y), (390, y), (460, y - 50 - 8 * t)], strings, 8, rounded=False)
        c.line(
            [(150 + 70 * t, 250 - 50 * t), (390 + 70 * t, 250 - 50 * t)], strings, 8, rounded=False
        )


# Vegetables, fruit, the market basket -----------------------------------------------------------
def _cucumber(c: Canvas, start: Point, end: Point, width):
    c.line([start, end], (54, 110, 46), width)
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    nx, ny = -dy / length, dx / length
    for k in (-0.22, 0.0, 0.22):
        c.line(
            [
                (start[0] + nx * width * k + dx * 0.08, start[1] + ny * width * k + dy * 0.08),
                (end[0] + nx * width * k - dx * 0.08, end[1] + ny * width * k - dy * 0.08),
            ],
            (96, 156, 70),
            width * 0.08,
        )
    for i in range(1, 12):
        t = i / 12
        side = 0.3 if i % 2 else -0.3
        c.circle(
            (start[0] + dx * t + nx * width * side, start[1] + dy * t + ny * width * side),
            2.5,
            fill=(178, 210, 140),
        )
    c.circle(end, width * 0.18, fill=(150, 130, 70))


def draw_vegetables(c: Canvas):
    """Cucumbers with a leaf and a yellow flower, a slice in front."""
    _halo(c, (222, 238, 210))
    c.shadow((80, 440, 520, 520), (184, 208, 170), blur=14)
    leaf(c, (300, 330), 230, 150, -40, (96, 160, 74), (70, 130, 60), True)
    _cucumber(c, (120, 420), (470, 300), 70)
    _cucumber(c, (150, 470), (500, 400), 74)
    for k in range(5):  # flower
        a = math.radians(k * 72 - 90)
        c.polygon(
            _oval(480 + 22 * math.cos(a), 250 + 22 * math.sin(a), 20, 12, k * 72 - 90),
            fill=(248, 206, 62),
        )
    c.circle((480, 250), 9, fill=(226, 150, 40))
    # slice
    c.circle((170, 510), 48, fill=(62, 120, 50))
    c.circle((170, 510), 42, fill=(214, 236, 176))
    c.circle((170, 510), 26, fill=(190, 220, 150))
    for a in range(0, 360, 40):
        r = math.radians(a)
        c.polygon(
            _oval(170 + 15 * math.cos(r), 510 + 15 * math.sin(r), 5, 2.5, a, 12),
            fill=(250, 250, 230),
        )


def _orange(c: Canvas, centre: Point, r):
    x, y = centre
    c.gradient("ellipse", (x - r, y - r, x + r, y + r), (250, 168, 52), (224, 120, 24))
    c.circle((x - r * 0.35, y - r * 0.35), r * 0.22, fill=(254, 200, 110))
    c.circle((x + r * 0.1, y - r * 0.92), r * 0.08, fill=(110, 100, 40))


def draw_fruit(c: Canvas):
    """Oranges with leaves, one cut in half."""
    _halo(c, (250, 232, 206))
    c.shadow((80, 450, 520, 520), (220, 196, 160), blur=14)
    _orange(c, (220, 330), 110)
    _orange(c, (390, 360), 100)
    leaf(c, (240, 230), 120, 50, -50, LEAF, (52, 112, 52))
    leaf(c, (240, 230), 100, 42, -150, LEAF_LIGHT, (90, 150, 70))
    # half
    c.circle((200, 470), 70, fill=(238, 140, 30))
    c.circle((200, 470), 62, fill=(254, 238, 200))
    for k in range(10):
        a = math.radians(k * 36)
        a2 = math.radians(k * 36 + 30)
        c.polygon(
            [
                (200, 470),
                (200 + 56 * math.cos(a), 470 + 56 * math.sin(a)),
                (200 + 56 * math.cos(a2), 470 + 56 * math.sin(a2)),
            ],
            fill=(250, 176, 60),
        )
    c.circle((200, 470), 8, fill=(254, 238, 200))


def draw_basket(c: Canvas):
    """A market basket of vegetables and fruit: for anything without its own picture."""
    _halo(c, (236, 230, 212))
    c.shadow((90, 470, 510, 530), (210, 200, 176), blur=14)
    # produce behind the rim
    c.circle((220, 300), 80, fill=(110, 170, 80))  # cabbage
    c.circle((220, 300), 60, fill=(150, 200, 110))
    c.arc((180, 250, 260, 350), 200, 340, (110, 170, 80), 5)
    c.circle((340, 310), 56, fill=(214, 64, 46))  # tomato
    c.polygon([(340, 250), (330, 270), (350, 270)], fill=GREEN)
    c.polygon(_rotate(_oval(420, 290, 90, 24), -55, (420, 290)), fill=(236, 128, 40))  # carrot
    leaf(c, (460, 212), 60, 20, -80, LEAF)
    leaf(c, (462, 214), 60, 20, -40, LEAF)
    _orange(c, (290, 350), 46)
    _basket(c, (120, 350, 480, 500), handle=True)


DRAWINGS: dict[str, Callable[[Canvas], None]] = {
    "tea": draw_tea,
    "tea_leaves": draw_tea_leaves,
    "tea_bud": draw_tea_bud,
    "tea_gift": draw_tea_gift,
    "tea_bags": draw_tea_bags,
    "honey": draw_honey,
    "beeswax": draw_beeswax,
    "chicken": draw_chicken,
    "eggs": draw_eggs,
    "chicken_dressed": draw_chicken_dressed,
    "rice": draw_rice,
    "sticky_rice": draw_sticky_rice,
    "noodles": draw_noodles,
    "banh_chung": draw_banh_chung,
    "vegetables": draw_vegetables,
    "fruit": draw_fruit,
    "basket": draw_basket,
}
KINDS = tuple(DRAWINGS)

BACKGROUNDS: dict[str, Colour] = {
    "tea": (236, 244, 230),
    "tea_leaves": (238, 245, 232),
    "tea_bud": (232, 244, 224),
    "tea_gift": (250, 236, 228),
    "tea_bags": (234, 245, 238),
    "honey": (253, 243, 222),
    "beeswax": (253, 244, 224),
    "chicken": (252, 240, 222),
    "eggs": (252, 245, 226),
    "chicken_dressed": (252, 242, 228),
    "rice": (250, 245, 232),
    "sticky_rice": (250, 246, 234),
    "noodles": (250, 244, 232),
    "banh_chung": (252, 236, 226),
    "vegetables": (238, 246, 230),
    "fruit": (254, 242, 226),
    "basket": (248, 244, 234),
}


#: Variants of one kind: 0 as drawn, 1 mirrored, 2 with warmer background colours, 3 both.
VARIANTS = 4
VARIANT_HUE = -14.0


def illustration(kind: str, variant: int = 0) -> Image.Image:
    """The ``kind``'s picture, SIZE x SIZE RGB; an unknown kind gets the market basket.
    ``variant`` (taken modulo VARIANTS) mirrors it and/or warms its background."""
    kind = kind if kind in DRAWINGS else "basket"
    variant %= VARIANTS
    canvas = Canvas(BACKGROUNDS[kind], hue=VARIANT_HUE if variant >= 2 else 0.0)
    DRAWINGS[kind](canvas)
    image = canvas.finish()
    return ImageOps.mirror(image) if variant % 2 else image


# Which picture for which product ----------------------------------------------------------------
# First match wins, so the narrower words come before the broader ones ("hộp quà chè" before
# "chè", "sáp ong" before "ong", "gà làm sẵn" before "gà").
KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("tea_bags", ("túi lọc", "trà túi")),
    ("tea_gift", ("hộp quà chè", "hộp quà trà", "chè hộp quà")),
    ("tea_bud", ("nõn tôm", "đinh", "chè tươi", "búp tươi")),
    ("tea_leaves", ("búp khô", "sao suốt", "chè búp", "chè khô")),
    ("tea", ("chè", "trà")),
    ("beeswax", ("sáp ong", "tổ ong")),
    ("honey", ("mật ong", "mật")),
    ("eggs", ("trứng",)),
    ("chicken_dressed", ("làm sẵn", "gà luộc", "gà ủ", "thịt gà")),
    ("chicken", ("gà", "vịt", "ngan")),
    ("banh_chung", ("bánh chưng", "bánh tét", "bánh giầy", "bánh dày")),
    ("sticky_rice", ("nếp", "xôi", "cốm")),
    ("rice", ("gạo", "thóc", "lúa")),
    ("noodles", ("miến", "bún", "phở", "mì")),
    ("fruit", ("cam", "bưởi", "nhãn", "vải", "quýt", "chuối", "na", "ổi", "xoài", "hoa quả")),
    ("vegetables", ("dưa chuột", "rau", "bí", "cải", "su su", "măng", "dưa", "cà chua", "cà tím")),
]


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def kind_for(title: str, category: str = "") -> str:
    """The illustration kind for a product, from words in its title, then its category."""
    for text in (title, category):
        words = _normalised(text)
        for kind, keywords in KEYWORDS:
            if any(re.search(rf"(?<!\w){re.escape(k)}(?!\w)", words) for k in keywords):
                return kind
    return "basket"
