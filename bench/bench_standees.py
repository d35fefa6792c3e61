"""Benchmark: a 60-stall batch of standee PDFs (issue target: ≤ 20 s) against plain ReportLab.

Run from the project root: ``.venv/bin/python bench/bench_standees.py [--stalls N]``. The
baseline, measured in the same run, draws the same payloads with ReportLab's own QR widget and
three lines of text per page — the least a standee could be. Prints both and the ratio; exits 1
if the batch takes longer than 20 s.
"""

# ruff: noqa: E402  (imports follow the sys.path line that makes the project importable)
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import io
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from market.standee import StandeeData, render_standees
from payments.vietqr import VietQR, encode

TARGET_SECONDS = 20.0


def stalls(count: int) -> list[StandeeData]:
    return [
        StandeeData(
            market_name="Chợ Hùng Sơn",
            stall_code=f"A-{index:02d}",
            stall_name=f"Rau sạch Đại Từ {index}",
            stallholder="Nguyễn Thị Hằng",
            bank_name="Vietcombank",
            masked_account=f"•••• {index:04d}",
            payload=encode(VietQR(bank_bin="970436", account=f"10234{index:05d}")),
            verification_code=f"HS{index:04d}",
        )
        for index in range(1, count + 1)
    ]


def plain_reportlab(pages: list[StandeeData]) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A6, pageCompression=1)
    for data in pages:
        widget = QrCodeWidget(data.payload)
        x0, y0, x1, y1 = widget.getBounds()
        side = 80 * mm
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, c, (A6[0] - side) / 2, 40 * mm)
        c.setFont("Helvetica", 12)
        c.drawCentredString(A6[0] / 2, 30 * mm, data.market_name)
        c.drawCentredString(A6[0] / 2, 22 * mm, data.stall_code)
        c.drawCentredString(A6[0] / 2, 14 * mm, data.verification_code)
        c.showPage()
    c.save()
    return buffer.getvalue()


def best_seconds(function, rounds: int) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(rounds):
        start = time.perf_counter()
        size = len(function())
        best = min(best, time.perf_counter() - start)
    return best, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stalls", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = stalls(args.stalls)
    render_standees(pages[:1])  # warm-up: fonts
    results = {
        "plain ReportLab (QR widget + 3 lines)": best_seconds(
            lambda: plain_reportlab(pages), args.rounds
        ),
        "market.standee A6": best_seconds(lambda: render_standees(pages, size="A6"), args.rounds),
        "market.standee A5": best_seconds(lambda: render_standees(pages, size="A5"), args.rounds),
    }
    print(f"Standee batch benchmark: {args.stalls} stalls, best of {args.rounds}")
    print(f"{'method':<40} {'seconds':>8} {'KB':>7}")
    for name, (seconds, size) in results.items():
        print(f"{name:<40} {seconds:>8.2f} {size / 1024:>7.0f}")
    baseline = results["plain ReportLab (QR widget + 3 lines)"][0]
    slowest = max(results["market.standee A6"][0], results["market.standee A5"][0])
    print(f"full standee ×{baseline / slowest:.1f} faster than the plain page")
    print(f"target: {args.stalls} standees in ≤ {TARGET_SECONDS:.0f} s")
    from bench.report import record

    record(
        "standee_batch_60_s",
        round(slowest * 60 / args.stalls, 2),
        stalls=args.stalls,
        seconds={name: round(seconds, 2) for name, (seconds, _) in results.items()},
    )
    if slowest > TARGET_SECONDS:
        print("FAIL: over target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
