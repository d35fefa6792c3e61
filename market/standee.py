"""Print-ready stall standees (A6 and A5 PDF pages) with ReportLab.

Text is set in Be Vietnam Pro, a TrueType font shipped by the ``fontpkg-be-vietnam-pro`` PyPI
package, so every Vietnamese letter renders on a server with no system fonts. The QR code is
drawn as vector squares (the runs of dark modules from ``core.qrsymbol``), so it stays
sharp at any printer resolution. The layout is drawn once, in A6 points; A5 is the same page
scaled by √2 (both are ISO A sizes, same proportions).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from fontpkg_be_vietnam_pro import ROOT as FONT_ROOT
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A5, A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from core.qrsymbol import QUIET_ZONE
from core.qrsymbol import encode as encode_qr

REGULAR, SEMIBOLD, BOLD = "BeVietnamPro", "BeVietnamPro-SemiBold", "BeVietnamPro-Bold"
GREEN = HexColor("#1f6f43")
INK = HexColor("#1d1d1b")
MUTED = HexColor("#555555")
PALE = HexColor("#e8f3ec")
PAGE_SIZES = {"A6": A6, "A5": A5}


@dataclass(frozen=True)
class StandeeData:
    market_name: str
    stall_code: str
    stall_name: str
    stallholder: str
    bank_name: str
    masked_account: str
    payload: str
    verification_code: str


@cache
def register_fonts() -> None:
    files = {REGULAR: "Regular", SEMIBOLD: "SemiBold", BOLD: "Bold"}
    for name, weight in files.items():
        pdfmetrics.registerFont(
            TTFont(name, str(FONT_ROOT / "files" / f"BeVietnamPro-{weight}.ttf"))
        )


def _nfc(text: str) -> str:
    # Composed letters ("ệ" as one code point) map to the font's precomposed glyphs.
    return unicodedata.normalize("NFC", text or "")


def _fit(text: str, font: str, size: float, width: float, *, smallest: float) -> tuple[str, float]:
    """Shrink ``size`` until ``text`` fits ``width``; past ``smallest``, cut with an ellipsis."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text, size
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…", size


def _centred(
    c: canvas.Canvas,
    text: str,
    font: str,
    size: float,
    y: float,
    *,
    width: float,
    page_width: float,
    smallest: float | None = None,
    color: Color = INK,
) -> float:
    text, size = _fit(_nfc(text), font, size, width, smallest=smallest or size)
    c.setFillColor(color)
    c.setFont(font, size)
    c.drawCentredString(page_width / 2, y, text)
    return size


def _draw_qr(c: canvas.Canvas, payload: str, x: float, y: float, side: float) -> None:
    """The QR symbol (quiet zone included) as black squares in a ``side``-point square."""
    symbol = encode_qr(payload)
    cell = side / (symbol.side + 2 * QUIET_ZONE)
    c.setFillColor(white)
    c.rect(x, y, side, side, stroke=0, fill=1)
    c.setFillColor(HexColor("#000000"))
    path = c.beginPath()
    for row, column, length in symbol.dark_runs():
        # Rows are drawn from the top; PDF y grows upwards. A hair of overlap hides the seams
        # some viewers show between adjacent squares.
        path.rect(
            x + (column + QUIET_ZONE) * cell,
            y + side - (row + QUIET_ZONE + 1) * cell,
            length * cell + 0.01,
            cell + 0.01,
        )
    c.drawPath(path, stroke=0, fill=1)


def _draw_page(c: canvas.Canvas, data: StandeeData) -> None:
    """One A6 standee (105 × 148 mm), in points."""
    width, height = A6
    margin = 6 * mm
    inner = width - 2 * margin

    # Header band: market name on green.
    band = 17 * mm
    c.setFillColor(GREEN)
    c.rect(0, height - band, width, band, stroke=0, fill=1)
    _centred(
        c,
        data.market_name,
        BOLD,
        15,
        height - band + 6.2 * mm,
        width=inner,
        page_width=width,
        smallest=9,
        color=white,
    )
    c.setFillColor(white)
    c.setFont(REGULAR, 7.5)
    c.drawCentredString(width / 2, height - band + 2.2 * mm, _nfc(_("Cashless market · Chợ 4.0")))

    # Stall code and name.
    y = height - band - 9.5 * mm
    _centred(
        c,
        f"{_('Stall')} {data.stall_code}",
        BOLD,
        20,
        y,
        width=inner,
        page_width=width,
        smallest=12,
    )
    y -= 6 * mm
    _centred(c, data.stall_name, SEMIBOLD, 12, y, width=inner, page_width=width, smallest=8)

    # The QR, as large as the page allows, on a pale frame.
    qr_side = 72 * mm
    qr_x = (width - qr_side) / 2
    qr_y = y - 3 * mm - qr_side
    c.setFillColor(PALE)
    c.roundRect(
        qr_x - 2 * mm, qr_y - 2 * mm, qr_side + 4 * mm, qr_side + 4 * mm, 3 * mm, stroke=0, fill=1
    )
    _draw_qr(c, data.payload, qr_x, qr_y, qr_side)

    # Call to action.
    y = qr_y - 9 * mm
    _centred(
        c,
        _("Scan the code to pay"),
        BOLD,
        15,
        y,
        width=inner,
        page_width=width,
        smallest=10,
        color=GREEN,
    )
    with translation.override("en"):
        english = _("Scan the code to pay")
    y -= 4.2 * mm
    _centred(c, english, REGULAR, 7.5, y, width=inner, page_width=width, color=MUTED)

    # Who the money goes to.
    y -= 6.5 * mm
    _centred(
        c,
        f"{data.bank_name}  {data.masked_account}",
        SEMIBOLD,
        11,
        y,
        width=inner,
        page_width=width,
        smallest=8,
    )
    if data.stallholder:
        y -= 5 * mm
        _centred(c, data.stallholder, REGULAR, 10, y, width=inner, page_width=width, smallest=7)

    # Footer: the verification code and where to check it.
    c.setStrokeColor(HexColor("#cccccc"))
    c.setLineWidth(0.5)
    c.line(margin, 13 * mm, width - margin, 13 * mm)
    _centred(
        c,
        f"{_('Verification code')}: {data.verification_code}",
        BOLD,
        10,
        8.2 * mm,
        width=inner,
        page_width=width,
        smallest=7,
    )
    check_url = f"{settings.SITE_URL.rstrip('/')}/qr/check/"
    _centred(
        c,
        _("Check this sticker is genuine: %(url)s") % {"url": check_url},
        REGULAR,
        6.5,
        4.3 * mm,
        width=inner,
        page_width=width,
        smallest=5,
        color=MUTED,
    )


def render_standees(
    pages: Iterable[StandeeData],
    *,
    size: str = "A6",
    on_page: Callable[[int], None] | None = None,
) -> bytes:
    """A PDF with one standee per page, in Vietnamese (the language of the market)."""
    if size not in PAGE_SIZES:
        raise ValueError(f"Unknown standee size {size!r}.")
    register_fonts()
    page_width, page_height = PAGE_SIZES[size]
    scale = page_width / A6[0]
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(page_width, page_height), pageCompression=1)
    c.setTitle("Chợ Số — standee")
    c.setAuthor("Chợ Số")
    count = 0
    with translation.override("vi"):
        for data in pages:
            c.saveState()
            c.scale(scale, scale)
            _draw_page(c, data)
            c.restoreState()
            c.showPage()
            count += 1
            if on_page is not None:
                on_page(count)
        if count == 0:
            c.setFont(REGULAR, 12)
            c.drawCentredString(page_width / 2, page_height / 2, _("No stall has a registered QR."))
            c.showPage()
    c.save()
    return buffer.getvalue()
