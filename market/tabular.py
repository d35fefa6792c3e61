"""Read an uploaded CSV or XLSX table into numbered rows, and write spreadsheet-safe CSV.

Both the stall import and the administrative-unit import go through here, so they share one
set of limits (size, rows, zip expansion) and one way of naming columns: a header may use the
English column name or a Vietnamese one, with or without accents ("Mã quầy" = "ma quay" = code).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from core.csvsafe import safe_cell
from core.text import fold

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_XLSX_EXPANDED_BYTES = 30 * 1024 * 1024  # a small XLSX that unzips to gigabytes is refused


class TableError(Exception):
    """The file as a whole cannot be read (type, size, encoding, header)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int | None  # 1 is the header line; None: the whole file
    field: str  # the column's header as the user wrote it, or ""
    message: str


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column key → header as written


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 123456789 typed in a cell as 123456789.0
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise TableError(_("This file is not a valid XLSX workbook.")) from None
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        raise TableError(_("This workbook is too large once unpacked."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for damaged or foreign files
        raise TableError(_("This file is not a valid XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from None
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Vietnamese (decimal comma) save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [value.replace("\x00", "").strip() for value in values]
    except csv.Error as error:
        raise TableError(_("The file is not valid CSV: %(error)s") % {"error": error}) from None


def read_table(
    upload,
    *,
    columns: dict[str, Iterable[str]],
    required: Iterable[str],
    max_rows: int,
) -> Table:
    """The rows of ``upload`` (CSV or XLSX) as ``(row number, {column key: text})``.

    ``columns`` maps each key to the header names accepted for it (compared folded: no case,
    no accents). Unknown columns are refused, so a typo never silently drops data. Raises
    TableError for anything wrong with the file as a whole.
    """
    name = getattr(upload, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise TableError(_("Upload a .csv or .xlsx file."))
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise TableError(_("The file is larger than 2 MB."))
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_UPLOAD_BYTES:
        raise TableError(_("The file is larger than 2 MB."))
    if not data.strip():
        raise TableError(_("The file is empty."))
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix == ".xlsx" and not is_zip:
        raise TableError(_("This file is not a valid XLSX workbook."))
    if suffix == ".csv" and is_zip:
        raise TableError(_("This looks like an Excel workbook: name it .xlsx, or save as CSV."))
    lines = _xlsx_rows(data) if is_zip else _csv_rows(data)

    aliases = {fold(alias): key for key, names in columns.items() for alias in (key, *names)}
    header_line = next(lines, None)
    while header_line is not None and not any(header_line):
        header_line = next(lines, None)  # leading blank lines (a title row left empty)
    if header_line is None:
        raise TableError(_("The file is empty."))
    keys: list[str | None] = []
    table = Table()
    unknown = []
    for header in header_line:
        if not header:
            keys.append(None)
            continue
        key = aliases.get(fold(header))
        if key is None:
            unknown.append(header)
        elif key in table.headers:
            raise TableError(_("The column “%(name)s” appears twice.") % {"name": header})
        else:
            table.headers[key] = header
        keys.append(key)
    if unknown:
        raise TableError(
            _("Unknown columns: %(names)s. Use: %(allowed)s.")
            % {"names": ", ".join(unknown[:5]), "allowed": ", ".join(columns)}
        )
    missing = [key for key in required if key not in table.headers]
    if missing:
        raise TableError(
            _("Missing columns: %(names)s.") % {"names": ", ".join(missing)},
        )

    number = 1
    for values in lines:
        number += 1
        if not any(values):
            continue  # blank line
        if len(table.rows) >= max_rows:
            raise TableError(
                _("The file has more than %(count)s rows. Split it and import each part.")
                % {"count": max_rows}
            )
        row = {key: "" for key in table.headers}
        for index, value in enumerate(values):
            key = keys[index] if index < len(keys) else None
            if key is not None:
                row[key] = value
            elif value:
                raise TableError(
                    _("Row %(row)s has more values than the header has columns.") % {"row": number}
                )
        table.rows.append((number, row))
    if not table.rows:
        raise TableError(_("The file has a header but no rows."))
    return table


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """UTF-8 CSV with a BOM (so Excel reads the Vietnamese), every cell made safe."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def xlsx_bytes(header: list[str], rows: Iterable[list], *, title: str = "Sheet") -> bytes:
    """An XLSX workbook of one sheet: a bold header, numbers kept as numbers, every text cell
    made safe (openpyxl would store a text starting with "=" as a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(name)))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
