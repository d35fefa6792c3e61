"""QR code images for VietQR payloads: bare PNG/SVG for screens, labelled PNG for standees.

Pure Python: the symbol comes from ``core.qrsymbol`` (as a string of '0'/'1' modules), the bare
PNG is written by hand as a 1-bit image, and Pillow draws only the labelled cards. A
stallholder's phone asks for a fresh dynamic QR with every sale, so the bare PNG's path does a
few whole-string operations, never a loop over pixels.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from core.money import format_vnd
from core.qrsymbol import QUIET_ZONE, QRSymbol, QRSymbolError
from core.qrsymbol import encode as encode_symbol
from payments.vietqr import to_ascii
from payments.words import amount_in_words_vi

__all__ = [
    "QUIET_ZONE",
    "render_labelled_png",
    "render_png",
    "render_png_cached",
    "render_svg",
]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# One byte per module, as in an 8-bit grey image: '1' (dark) is 0x00, '0' (light) is 0xFF.
_MODULES_TO_GREY = bytes.maketrans(b"01", b"\xff\x00")


def _symbol(payload: str) -> QRSymbol:
    """The payload's QR symbol at level M (survives a scuffed or partly covered standee)."""
    if not isinstance(payload, str) or not payload:
        raise ValueError("A QR payload must be non-empty text.")
    try:
        return encode_symbol(payload)
    except QRSymbolError as error:
        raise ValueError(f"Cannot encode this payload as a QR code: {error}") from error


def _modules(payload: str) -> Image.Image:
    """The symbol as a 1-bit image, one pixel per module, quiet zone included (white = 1)."""
    symbol = _symbol(payload)
    grey = symbol.bits.encode("ascii").translate(_MODULES_TO_GREY)
    side = symbol.side + 2 * QUIET_ZONE
    blank = b"\xff" * (side * QUIET_ZONE)
    image = Image.frombytes("L", (side, side), blank + grey[: symbol.side * side] + blank)
    return image.convert("1", dither=Image.Dither.NONE)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(rows, width: int, scale: int) -> bytes:
    """A 1-bit greyscale PNG, ``width`` px square, of packed ``rows`` (PNG's 1-bit row format),
    each repeated ``scale`` times: the repeats written with PNG's "Up" filter (type 2, "same as
    the row above"), all zero bytes, which deflate packs at a tenth of the row's own cost."""
    repeats = (b"\x02" + bytes((width + 7) // 8)) * (scale - 1)
    scanlines = b"".join(b"\x00" + row + repeats for row in rows)
    header = struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"".join(
        (
            _PNG_SIGNATURE,
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(scanlines, 1)),
            _png_chunk(b"IEND", b""),
        )
    )


def _packed_rows(symbol: QRSymbol, scale: int) -> list[bytes]:
    """The PNG rows (1 bit per pixel, quiet zone included) of ``symbol`` at ``scale`` px per
    module, before each is repeated ``scale`` times.

    The symbol's layout already gives each row with four light columns either side (see
    core.qrsymbol). At 8 px per module one module is one byte, so a byte translation is the
    whole job; at other scales Pillow widens the rows and packs them 8 pixels to a byte."""
    stride = symbol.stride
    modules = symbol.side
    width = stride * scale
    row_bytes = (width + 7) // 8
    blank = [b"\xff" * row_bytes] * QUIET_ZONE
    if scale == 8:
        grey = symbol.bits.encode("ascii").translate(_MODULES_TO_GREY)
        rows = [grey[start : start + stride] for start in range(0, modules * stride, stride)]
        return blank + rows + blank
    grey = symbol.bits.encode("ascii")[: modules * stride].translate(_MODULES_TO_GREY)
    packed = (
        Image.frombytes("L", (stride, modules), grey)
        .resize((width, modules), Image.Resampling.NEAREST)  # NEAREST keeps modules sharp
        .convert("1", dither=Image.Dither.NONE)
        .tobytes()
    )
    return (
        blank
        + [packed[start : start + row_bytes] for start in range(0, len(packed), row_bytes)]
        + blank
    )


def render_png(payload: str, *, scale: int = 8) -> bytes:
    """PNG bytes of the QR code for ``payload``: EC level M, 4-module quiet zone, ``scale`` px per
    module (8 by default, what every dynamic payment QR is served at)."""
    if not isinstance(scale, int) or not 1 <= scale <= 64:
        raise ValueError("scale must be a whole number of pixels per module, 1 to 64.")
    symbol = _symbol(payload)
    return _png(_packed_rows(symbol, scale), symbol.stride * scale, scale)


@lru_cache(maxsize=1024)
def render_png_cached(payload: str, *, scale: int = 8) -> bytes:
    """``render_png`` remembered per payload: for static codes (stall standees, shop pages) that
    are served again and again. Do not use for one-off dynamic codes; they only evict others."""
    return render_png(payload, scale=scale)


def render_svg(payload: str) -> str:
    """The QR code as a standalone SVG document that scales to any size (``viewBox`` in modules).

    Dark modules are drawn as one path of horizontal runs, which keeps the file small.
    """
    symbol = _symbol(payload)
    side = symbol.side + 2 * QUIET_ZONE
    path = [
        f"M{column + QUIET_ZONE} {row + QUIET_ZONE}h{length}v1h-{length}z"
        for row, column, length in symbol.dark_runs()
    ]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(path)}"/>'
        "</svg>"
    )


# --- Labelled standee / payment slip -------------------------------------------------------------

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian/Ubuntu fonts-dejavu-core
    Path("/usr/share/fonts/dejavu"),  # Fedora, Alpine
    Path("/usr/share/fonts/TTF"),  # Arch
)


@cache
def _font_path(bold: bool) -> Path | None:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    return None


@cache
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans when installed (full Vietnamese coverage), else Pillow's built-in font."""
    path = _font_path(bold)
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _printable(text: str) -> str:
    """``text`` as the card's font can draw it.

    Pillow's built-in font has no Vietnamese glyphs (accented letters come out as boxes), so
    without DejaVu the card falls back to plain ASCII: readable "Nguyen Van Duc" beats tofu.
    """
    if _font_path(False) is not None and _font_path(True) is not None:
        return text
    return to_ascii(text.replace("₫", "VND"))


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a single over-long word gets a line of its own."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def render_labelled_png(
    payload: str,
    *,
    bank_name: str,
    holder: str,
    amount: int | None,
    caption: str | None = None,
) -> bytes:
    """A printable card: the QR code, then bank, account holder, amount ("150.000 ₫"), the
    amount in Vietnamese words and an optional caption, centred below it."""
    module_px = 8
    qr = _modules(payload)
    qr_px = qr.width * module_px
    margin = 24
    width = max(qr_px, 440) + 2 * margin
    text_width = width - 2 * margin

    # (text, font, grey level, space above) for each line, wrapped to the card's width.
    blocks: list[tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont, int, int]] = []

    def add(text: str | None, font, grey: int, gap: int) -> None:
        if not text:
            return
        for index, line in enumerate(_wrap(_printable(text), font, text_width)):
            blocks.append((line, font, grey, gap if index == 0 else 4))

    add(bank_name, _font(22), 40, 0)
    add(holder, _font(26, bold=True), 0, 8)
    if amount is not None:
        add(format_vnd(amount), _font(36, bold=True), 0, 14)
        add(amount_in_words_vi(amount), _font(19), 60, 6)
    add(caption, _font(19), 60, 14)

    # Ascent + descent, not the ink box, so lines with and without diacritics space evenly.
    line_heights = [gap + sum(font.getmetrics()) for _text, font, _grey, gap in blocks]
    height = margin + qr_px + 8 + sum(line_heights) + margin

    card = Image.new("L", (width, height), 255)
    card.paste(
        qr.resize((qr_px, qr_px), Image.Resampling.NEAREST).convert("L"),
        ((width - qr_px) // 2, margin),
    )
    draw = ImageDraw.Draw(card)
    y = margin + qr_px + 8
    for (text, font, grey, gap), line_height in zip(blocks, line_heights, strict=True):
        x = (width - font.getlength(text)) / 2
        draw.text((x, y + gap), text, font=font, fill=grey)
        y += line_height

    buffer = BytesIO()
    card.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()
