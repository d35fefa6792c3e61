"""Cells for spreadsheets that a spreadsheet program shows as text and never runs.

Excel and LibreOffice run a cell starting with ``= + - @`` (or a tab or carriage return) as a
formula (CSV injection). Every CSV or XLSX export writes user-supplied text through
``safe_cell``.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` unchanged, except text that would start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
