"""The stall register import and the administrative-unit list (CSV or XLSX): whatever the file,
a clear error or a complete import, never a crash and never part of a file.

Inputs: arbitrary bytes under .csv/.xlsx names; tables of near-valid rows (formula-like cells,
control characters, huge and odd values, Vietnamese with and without accents) in UTF-8 (with
or without BOM), UTF-16, Windows-1258 and Latin-1, comma, semicolon, tab or pipe separated;
real XLSX workbooks damaged byte by byte, and zip files that are not workbooks.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core.csvsafe import FORMULA_START
from market import services, tabular
from market.models import Commune, Province, Stall, StallChange, StallQR
from tests.fuzz.images import damaged
from tests.market import builders

PURE_EXAMPLES = 300
DB_EXAMPLES = 60
VIEW_EXAMPLES = 25
DB = settings(max_examples=DB_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])

STALL_HEADER = ["code", "name", "goods_category", "stallholder_name", "bank", "account_number",
                "account_holder"]  # fmt: skip
STALL_ROW = ["A-10", "Quầy rau Hạnh", "Rau củ", "Lê Thị Hạnh", "Vietcombank", "1023 4567 11",
             "le thi hanh"]  # fmt: skip
UNIT_HEADER = ["province_code", "province_name", "code", "name", "kind", "former_district"]
UNIT_ROW = ["19", "Tỉnh Thái Nguyên", "05695", "Xã Đại Từ", "xã", "Huyện Đại Từ"]

tricky_cells = st.sampled_from(
    ["", " ", "=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+84912345678", "-1", "@SUM(A1)",
     "\tA-1", "\rA-1", "A-01", "a-01", "Chè", "CHE", "Che\u0301", "\x00", "\x1b[31m", "\ufeff",
     "9" * 40, "x" * 300, "970436", "VCB", "1023456789", "NGUYỄN", "fish", "tea", "0", "1e9",
     '"', '""', ",", ";", "\n", "\r\n", "<b>x</b>", "\ud7ff", "🍵"]
)  # fmt: skip
cells = tricky_cells | st.text(max_size=15)
encodings = st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"])
delimiters = st.sampled_from([",", ",", ";", "\t", "|"])


@st.composite
def table_rows(draw, header: list[str], row: list[str], min_rows: int = 0) -> list[list[str]]:
    """A header (maybe shuffled, shortened or with an unknown column) and rows that are the
    valid row with a few cells replaced."""
    head = list(header)
    if draw(st.booleans()):
        head = draw(st.permutations(head))
    if draw(st.integers(0, 7)) == 0:
        head = head[: draw(st.integers(0, len(head)))] + draw(st.lists(cells, max_size=2))
    rows = [head]
    for number in range(draw(st.integers(min_rows, 4))):
        values = dict(zip(header, row, strict=True))
        values["code"] = f"{values['code'][:-1]}{number}"
        values["name"] = f"{values['name']} {number}"
        for key in draw(st.lists(st.sampled_from(header), max_size=2, unique=True)):
            values[key] = draw(cells)
        line = [values.get(name, draw(cells)) for name in head]
        if draw(st.integers(0, 7)) == 0:
            line = line[: draw(st.integers(0, len(line)))] + draw(st.lists(cells, max_size=2))
        rows.append(line)
    return rows


def csv_bytes(rows, delimiter: str, encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(rows) -> bytes:
    # openpyxl refuses some control characters in cells: keep what it can write.
    try:
        return builders.xlsx_upload(rows).read()
    except Exception:  # IllegalCharacterError: the spreadsheet could not hold these cells
        return builders.xlsx_upload([[cell.isprintable() and cell or "" for cell in row]
                                     for row in rows]).read()  # fmt: skip


def not_a_workbook_zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name or "x", data)
    return buffer.getvalue()


@st.composite
def table_files(draw, header: list[str], row: list[str]) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["csv", "csv", "xlsx", "damaged-xlsx", "zip", "bytes"]))
    if kind == "bytes":
        return draw(st.sampled_from(["t.csv", "t.xlsx", "t.txt"])), draw(st.binary(max_size=400))
    if kind == "zip":
        members = draw(st.lists(st.tuples(
            st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                             "_rels/.rels", "../evil", "a"]),
            st.binary(max_size=60)), max_size=4))  # fmt: skip
        return draw(st.sampled_from(["t.xlsx", "t.csv"])), not_a_workbook_zip(members)
    rows = draw(table_rows(header, row))
    if kind == "csv":
        return "t.csv", csv_bytes(rows, draw(delimiters), draw(encodings))
    workbook = xlsx_bytes(rows)
    if kind == "xlsx":
        return "t.xlsx", workbook
    return draw(damaged({"xlsx": ("t.xlsx", workbook)}))


@st.composite
def near_valid_files(draw, header: list[str], row: list[str]) -> tuple[str, bytes]:
    """UTF-8 CSV or a sound workbook whose rows are near-valid: most of these import."""
    rows = draw(table_rows(header, row, min_rows=1))
    if draw(st.booleans()):
        return "t.xlsx", xlsx_bytes(rows)
    return "t.csv", csv_bytes(rows, draw(st.sampled_from([",", ";"])), "utf-8")


def any_table(header: list[str], row: list[str]):
    return near_valid_files(header, row) | table_files(header, row)


def upload(named: tuple[str, bytes]) -> SimpleUploadedFile:
    return SimpleUploadedFile(*named)


# --- The reader, alone ------------------------------------------------------------------------


@settings(max_examples=PURE_EXAMPLES)
@given(any_table(STALL_HEADER, STALL_ROW))
def test_read_table_gives_rows_or_a_table_error(named):
    try:
        table = tabular.read_table(
            upload(named),
            columns=services.STALL_COLUMNS,
            required=services.STALL_REQUIRED_COLUMNS,
            max_rows=services.STALL_IMPORT_MAX_ROWS,
        )
    except tabular.TableError as error:
        assert error.message
        event("refused")
        return
    event("read")
    assert table.rows
    for number, row in table.rows:
        assert number >= 2 and set(row) == set(table.headers)
        assert all(isinstance(value, str) and "\x00" not in value for value in row.values())


# --- Imports: all rows or none ----------------------------------------------------------------


def register_counts() -> tuple[int, int, int]:
    return Stall.objects.count(), StallChange.objects.count(), StallQR.objects.count()


@pytest.fixture
def world(db):
    return builders.world()


@pytest.mark.django_db
@DB
@given(named=any_table(STALL_HEADER, STALL_ROW))
def test_stall_import_imports_every_row_or_nothing(world, named):
    before = register_counts()
    report = services.stalls_import(
        market=world.market_a, upload=upload(named), actor=world.users["board_a"]
    )
    if not report.ok:
        event("refused")
        assert register_counts() == before
        assert all(error.message for error in report.errors)
        return
    event("imported")
    assert report.created + report.updated + report.unchanged >= 1
    assert Stall.objects.count() == before[0] + report.created
    # What was imported goes out again safe for a spreadsheet (no formula runs).
    header, rows = services.stall_export_rows(market=world.market_a)
    if any(isinstance(v, str) and v.startswith(FORMULA_START) for row in rows for v in row):
        event("a formula-like value imported")
    exported = list(csv.reader(io.StringIO(tabular.csv_text(header, rows).lstrip("\ufeff"))))
    for line in exported:
        for cell in line:
            assert not cell.startswith(FORMULA_START), cell


def unit_counts() -> tuple[int, int]:
    return Province.objects.count(), Commune.objects.count()


@pytest.mark.django_db
@DB
@given(named=any_table(UNIT_HEADER, UNIT_ROW))
def test_unit_list_loads_every_row_or_nothing(named):
    before = unit_counts()
    report = services.admin_units_import(upload=upload(named))
    if not report.ok:
        event("refused")
        assert unit_counts() == before
        assert all(error.message for error in report.errors)
        return
    event("loaded")
    assert Commune.objects.count() == before[1] + report.created


# --- Through the pages ------------------------------------------------------------------------


@pytest.mark.django_db
@settings(max_examples=VIEW_EXAMPLES, suppress_health_check=list(HealthCheck))
@given(named=any_table(STALL_HEADER, STALL_ROW))
def test_stall_import_page_answers_400_with_the_problem_or_imports(client, world, named):
    client.force_login(world.users["board_a"])
    before = register_counts()
    response = client.post(
        f"/markets/{world.market_a.slug}/stalls/import/", {"file": upload(named)}
    )
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert register_counts() == before


@pytest.mark.django_db
@settings(max_examples=VIEW_EXAMPLES, suppress_health_check=list(HealthCheck))
@given(named=any_table(UNIT_HEADER, UNIT_ROW))
def test_admin_unit_upload_page_shows_the_problem_or_loads(admin_client, named):
    before = unit_counts()
    response = admin_client.post("/django-admin/market/commune/upload/", {"file": upload(named)})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert unit_counts() == before
