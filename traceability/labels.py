"""Print-ready traceability label sheets (A4 PDF, common sticker sizes) with ReportLab.

Each label carries the GS1 Digital Link QR (vector squares, symbol ≥ 15 mm without its quiet
zone), the product name, producer, OCOP stars, lot and dates, and the human-readable GTIN /
lot / serial so a code can be typed by hand when a camera fails. Text is set in Be Vietnam Pro
(the ``fontpkg-be-vietnam-pro`` package, registered by ``market.standee``), so Vietnamese
letters render on a server without system fonts. No database access: callers pass
``LabelData``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from core.qrsymbol import QUIET_ZONE
from core.qrsymbol import encode as encode_qr
from market.standee import BOLD, REGULAR, SEMIBOLD, register_fonts

__all__ = ["LAYOUTS", "LabelData", "SheetLayout", "render_label_sheets"]

INK = HexColor("#1d1d1b")
MUTED = HexColor("#444444")
GREEN = HexColor("#1f6f43")
STAR = HexColor("#d99a00")
GUIDE = HexColor("#bbbbbb")
MIN_SYMBOL_MM = 15.0  # the QR symbol itself, quiet zone excluded


@dataclass(frozen=True)
class SheetLayout:
    """An A4 sheet of ``columns × rows`` labels, ``width × height`` mm each, centred on the page
    unless margins are given (as on the sticker maker's template)."""

    key: str
    name: str
    columns: int
    rows: int
    width_mm: float
    height_mm: float
    qr_mm: float  # QR square including its quiet zone

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


LAYOUTS: dict[str, SheetLayout] = {
    layout.key: layout
    for layout in (
        # 3 × 8 = 24 labels, 70 × 37 mm (Tomy/Decal A4 "24 nhãn", Avery 3474-like).
        SheetLayout("a4-24", gettext_lazy("A4, 24 labels 70 × 37 mm"), 3, 8, 70, 37, 29),
        # 3 × 7 = 21 labels, 70 × 42.3 mm (Avery L7160-like: room for the larger QR).
        SheetLayout("a4-21", gettext_lazy("A4, 21 labels 70 × 42.3 mm"), 3, 7, 70, 42.3, 33),
        # 4 × 10 = 40 labels, 48.5 × 25.4 mm (Avery 3657-like): the smallest that keeps a
        # 15 mm symbol.
        SheetLayout("a4-40", gettext_lazy("A4, 40 labels 48.5 × 25.4 mm"), 4, 10, 48.5, 25.4, 22),
    )
}


@dataclass(frozen=True)
class LabelData:
    uri: str  # the GS1 Digital Link the QR encodes
    product_name: str
    producer_name: str
    gtin: str
    lot_code: str
    serial: str = ""
    harvest_date: dt.date | None = None
    production_date: dt.date | None = None
    expiry_date: dt.date | None = None
    best_before: dt.date | None = None
    ocop_stars: int | None = None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines; the last one ends in … if cut."""
    words = _nfc(text).split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        lines.append(current)
    lines = lines[:max_lines]
    if lines and pdfmetrics.stringWidth(lines[-1], font, size) > width:
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _fit(text: str, font: str, size: float, width: float, smallest: float) -> tuple[str, float]:
    text = _nfc(text)
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.25
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text, size
    return _lines(text, font, size, width, 1)[0], size


def qr_modules(payload: str) -> list[str]:
    """The QR symbol (level M) as rows of modules, '1' dark, without the quiet zone."""
    return encode_qr(payload).rows()


def _draw_qr(c: canvas.Canvas, payload: str, x: float, y: float, side: float) -> float:
    """The QR (quiet zone included) in a ``side``-point square; returns the symbol's size.

    Vector squares, one rectangle per horizontal run of dark modules, written as PDF
    operators in module units (ReportLab's per-number formatting was 2/3 of the render time
    of a 1,000-label sheet).
    """
    symbol = encode_qr(payload)
    count = symbol.side + 2 * QUIET_ZONE
    cell = side / count
    c.setFillColor(white)
    c.rect(x, y, side, side, stroke=0, fill=1)
    # A hair of overlap hides the seams some viewers draw between rows.
    runs = [f"{column} {row} {length} 1.02 re" for row, column, length in symbol.dark_runs()]
    c.saveState()
    # Module space: origin at the symbol's top-left corner, one unit per module, y downwards.
    c.transform(cell, 0, 0, -cell, x + QUIET_ZONE * cell, y + side - QUIET_ZONE * cell)
    c.addLiteral("0 g\n" + "\n".join(runs) + "\nf")
    c.restoreState()
    return symbol.side * cell


def _star(c: canvas.Canvas, cx: float, cy: float, radius: float) -> None:
    # Drawn, not typed: the font has no ★ glyph.
    path = c.beginPath()
    for point in range(10):
        r = radius if point % 2 == 0 else radius * 0.45
        angle = math.pi / 2 + point * math.pi / 5
        px, py = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if point == 0:
            path.moveTo(px, py)
        else:
            path.lineTo(px, py)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _date_lines(data: LabelData) -> list[str]:
    lines = []
    if data.harvest_date:
        lines.append(f"{_('Harvested')}: {_date(data.harvest_date)}")
    if data.production_date:
        lines.append(f"{_('Produced')}: {_date(data.production_date)}")
    if data.expiry_date:
        lines.append(f"{_('Use by')}: {_date(data.expiry_date)}")
    elif data.best_before:
        lines.append(f"{_('Best before')}: {_date(data.best_before)}")
    return lines


def human_readable(data: LabelData) -> list[str]:
    """The GS1 human-readable interpretation: (01) GTIN, (10) lot, (21) serial."""
    lines = [f"(01) {data.gtin}", f"(10) {data.lot_code}"]
    if data.serial:
        lines.append(f"(21) {data.serial}")
    return lines


def _draw_label(
    c: canvas.Canvas, data: LabelData, layout: SheetLayout, x: float, y: float, guides: bool
) -> None:
    """One label with its lower-left corner at (x, y), in points."""
    width, height = layout.width_mm * mm, layout.height_mm * mm
    scale = layout.height_mm / 37  # type sizes are set for the 37 mm label
    pad = 1.6 * mm
    if guides:
        c.setStrokeColor(GUIDE)
        c.setLineWidth(0.3)
        c.setDash(1, 2)
        c.roundRect(x, y, width, height, 2 * mm, stroke=1, fill=0)
        c.setDash()

    # QR at the top left; the "scan to trace" line sits below it, outside the quiet zone
    # (text inside the quiet zone makes cheap phone cameras miss the code).
    qr_side = layout.qr_mm * mm
    caption = 5.2 * scale
    qr_x = x + pad * 0.5
    qr_y = y + height - pad * 0.5 - qr_side
    _draw_qr(c, data.uri, qr_x, qr_y, qr_side)
    c.setFillColor(GREEN)
    text, size = _fit(_("Scan to trace"), SEMIBOLD, caption, qr_side, 3.5)
    c.setFont(SEMIBOLD, size)
    c.drawCentredString(qr_x + qr_side / 2, max(y + 0.8 * mm, qr_y - size * 1.05), text)

    # Text column on the right, top to bottom.
    left = qr_x + qr_side + 0.4 * mm
    column = x + width - pad - left
    top = y + height - pad
    # The name in two lines, in a smaller size before it is ever cut short.
    name_size = 8.0 * scale
    smallest = name_size * 0.75
    name_lines = _lines(data.product_name, BOLD, name_size, column, 2)
    while name_size > smallest and name_lines and name_lines[-1].endswith("…"):
        name_size -= 0.25
        name_lines = _lines(data.product_name, BOLD, name_size, column, 2)
    c.setFillColor(INK)
    c.setFont(BOLD, name_size)
    line_y = top - name_size
    for line in name_lines:
        c.drawString(left, line_y, line)
        line_y -= name_size * 1.12

    small = 6.0 * scale
    text, size = _fit(data.producer_name, REGULAR, small, column, small * 0.8)
    c.setFillColor(MUTED)
    c.setFont(REGULAR, size)
    c.drawString(left, line_y + name_size * 0.12 - 0.3 * mm, text)
    line_y -= small * 1.15

    if data.ocop_stars:
        radius = 2.6 * scale
        c.setFillColor(STAR)
        c.setFont(BOLD, small)
        c.drawString(left, line_y - 0.2 * mm, "OCOP")
        start = left + pdfmetrics.stringWidth("OCOP ", BOLD, small) + radius
        for index in range(data.ocop_stars):
            _star(c, start + index * radius * 2.1, line_y + radius * 0.55 - 0.2 * mm, radius)
        line_y -= small * 1.3

    c.setFillColor(INK)
    for line in _date_lines(data):
        text, size = _fit(line, REGULAR, small, column, small * 0.75)
        c.setFont(REGULAR, size)
        c.drawString(left, line_y, text)
        line_y -= small * 1.15

    # Human-readable code at the bottom, so it can be typed in if the QR will not scan.
    code_size = 5.6 * scale
    lines = human_readable(data)
    base = y + pad + (len(lines) - 1) * code_size * 1.12
    c.setFillColor(INK)
    for line in lines:
        text, size = _fit(line, SEMIBOLD, code_size, column, code_size * 0.7)
        c.setFont(SEMIBOLD, size)
        c.drawString(left, base, text)
        base -= code_size * 1.12


def render_label_sheets(
    labels: Iterable[LabelData],
    *,
    layout: str = "a4-24",
    guides: bool = False,
    on_label: Callable[[int], None] | None = None,
) -> bytes:
    """A PDF of A4 sheets, labels filled row by row from the top left.

    ``guides`` draws a dotted outline per label (for plain paper to be cut by hand; pre-cut
    sticker sheets print without). ``on_label(n)`` is called after each label, for progress.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown label layout {layout!r}.")
    sheet = LAYOUTS[layout]
    register_fonts()
    page_width, page_height = A4
    left = (page_width - sheet.columns * sheet.width_mm * mm) / 2
    top = page_height - (page_height - sheet.rows * sheet.height_mm * mm) / 2
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle("Chợ Số — tem truy xuất nguồn gốc")
    c.setAuthor("Chợ Số")
    count = 0
    with translation.override("vi"):
        for data in labels:
            slot = count % sheet.per_sheet
            if count and slot == 0:
                c.showPage()
            row, col = divmod(slot, sheet.columns)
            x = left + col * sheet.width_mm * mm
            y = top - (row + 1) * sheet.height_mm * mm
            _draw_label(c, data, sheet, x, y, guides)
            count += 1
            if on_label is not None:
                on_label(count)
        if count == 0:
            c.setFont(REGULAR, 12)
            c.drawCentredString(page_width / 2, page_height / 2, _("No labels to print."))
        c.showPage()
    c.save()
    return buffer.getvalue()
