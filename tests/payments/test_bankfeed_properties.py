"""Properties of the bank-feed parsers: whatever arrives, only the documented error comes out.

The SePay, Casso and delivery parsers raise ``codec.ParseError`` or return transactions that
can be stored as they are; the statement CSV parser returns rows or a list of row errors and
never raises. Signed deliveries of any JSON are stored or refused, never a crash.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payments.bankfeed import codec, intake
from payments.bankfeed import statement as statement_csv
from payments.models import BankFeedEvent
from tests.payments.bankfeed_support import casso_item, sepay, signed_headers

# Any character, lone surrogates and NUL included: JSON escapes can carry them all.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)
numbers = (
    st.integers()
    | st.integers(min_value=-(10**13), max_value=10**13)
    | st.floats(allow_nan=True, allow_infinity=True)
)
scalars = st.none() | st.booleans() | numbers | any_text
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
# Field values that look almost right: where parsers are most likely to slip.
near_misses = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-0",
        "1e3",
        "150.000",
        "9999999999",
        "10000000000",
        "-10000000000",
        "1023-456 789",
        "in",
        "out",
        "IN",
        "2026-11-23 14:02:37",
        "0001-01-01 00:00:00",
        "9999-12-31T23:59:59-05:00",
        "23/11/2026 14:02:37",
        "\x00",
        "\ud800",
        9_999_999_999,
        10_000_000_000,
        -(10**16),
        1.5,
        float("nan"),
        True,
        [],
        {},
    ]
)


@st.composite
def shaped(draw, valid: dict) -> dict:
    """``valid`` with a few of its fields replaced or left out, and a few unknown ones added."""
    data = dict(valid)
    for key in draw(st.lists(st.sampled_from(sorted(valid)), max_size=3, unique=True)):
        if draw(st.booleans()):
            del data[key]
        else:
            data[key] = draw(near_misses | json_values)
    extra = draw(st.dictionaries(st.text(max_size=8), near_misses | json_values, max_size=2))
    return {**extra, **data}


sepay_like = shaped(sepay())
casso_item_like = shaped(casso_item())
casso_like = st.fixed_dictionaries(
    {},
    optional={
        "error": st.just(0) | near_misses | json_values,
        "data": st.lists(casso_item_like | json_values, max_size=5) | casso_item_like | json_values,
    },
)
ACCOUNT = re.compile(r"[0-9A-Z]{1,30}")


def assert_storable(transaction: codec.BankTransaction) -> None:
    assert transaction.transaction_id and len(transaction.transaction_id) <= 100
    assert ACCOUNT.fullmatch(transaction.account_number)
    assert abs(transaction.amount) <= codec.MAX_AMOUNT
    for text in (
        transaction.content,
        transaction.bank_code,
        transaction.bank_reference,
        transaction.payment_code,
        transaction.transaction_id,
    ):
        assert "\x00" not in text
        text.encode("utf-8")  # no lone surrogate
    json.dumps(transaction.raw, allow_nan=False).encode("utf-8")
    assert "\\u0000" not in json.dumps(transaction.raw)


@settings(max_examples=500)
@given(sepay_like | json_values)
def test_parse_sepay_raises_only_parse_error(data):
    try:
        transaction = codec.parse_sepay(data)
    except codec.ParseError:
        return
    assert_storable(transaction)


@settings(max_examples=500)
@given(casso_like | json_values)
def test_parse_casso_raises_only_parse_error(data):
    try:
        parsed = codec.parse_casso(data)
    except codec.ParseError:
        return
    for transaction in parsed.transactions:
        assert_storable(transaction)
    items = data["data"] if isinstance(data["data"], list) else [data["data"]]
    assert len(parsed.transactions) + len(parsed.rejected) == len(items)
    for rejected in parsed.rejected:
        assert str(rejected.position) in rejected.message.split(":")[0]
        json.dumps(rejected.raw, allow_nan=False, ensure_ascii=False).encode("utf-8")


@given(
    st.sampled_from(codec.PROVIDERS),
    st.binary(max_size=300)
    | (sepay_like | casso_like | json_values).map(lambda value: json.dumps(value).encode()),
)
def test_parse_delivery_raises_only_parse_error(provider, body):
    try:
        parsed = codec.parse_delivery(provider, body)
    except codec.ParseError:
        return
    for transaction in parsed.transactions:
        assert_storable(transaction)


@given(st.none() | any_text | st.integers().map(str))
def test_timestamps_raise_only_parse_error(value):
    try:
        codec.parse_timestamp(value, now=1_795_000_000, max_age=300)
    except codec.ParseError:
        pass


# --- Statement CSV ----------------------------------------------------------------------------

cells = (
    st.text(max_size=12)
    | near_misses.filter(lambda value: isinstance(value, str))
    | st.sampled_from(['"', '""', ",", "\n", "\r\n", "=1+1", "a,b", '"x', "\ufeff", "9" * 5000])
)
HEADER = list(statement_csv.CSV_COLUMNS)
VALID_ROW = ["FT1", "23/11/2026 14:02:37", "1023456789", "150000", "CS7K2P9Q mua che", ""]


@st.composite
def statement_rows(draw) -> list[str]:
    """A valid row with a few cells replaced, or a row of anything."""
    if draw(st.booleans()):
        return draw(st.lists(cells, max_size=8))
    row = list(VALID_ROW)
    row[0] = f"FT{draw(st.integers(min_value=0, max_value=20))}"
    for index in draw(st.lists(st.integers(0, len(row) - 1), max_size=2, unique=True)):
        row[index] = draw(cells)
    return row


def csv_text(rows: list[list[str]], header: list[str] | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def assert_rows_or_errors(result) -> None:
    rows, errors = result
    assert isinstance(rows, list) and isinstance(errors, list)
    assert rows or errors
    for number, message in errors:
        assert number is None or isinstance(number, int)
        assert isinstance(message, str) and message
    if not errors:
        for row in rows:
            assert_storable(row)


@given(st.binary(max_size=400))
def test_statement_csv_of_any_bytes_never_raises(data):
    assert_rows_or_errors(statement_csv.parse_bank_statement_csv(io.BytesIO(data)))


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=400))
def test_statement_csv_of_any_text_never_raises(text):
    assert_rows_or_errors(statement_csv.parse_bank_statement_csv(io.StringIO(text)))


@settings(max_examples=300)
@given(
    st.lists(statement_rows(), max_size=5),
    st.just(HEADER) | st.sampled_from([HEADER[::-1], HEADER[:-1], [*HEADER, "extra"], None]),
)
def test_statement_csv_shaped_files_never_raise(rows, header):
    data = csv_text(rows, header).encode("utf-8", errors="surrogatepass")
    assert_rows_or_errors(statement_csv.parse_bank_statement_csv(io.BytesIO(data)))


# --- Signed deliveries all the way to the database --------------------------------------------


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(codec.PROVIDERS),
    (sepay_like | casso_like).map(lambda value: json.dumps(value).encode()),
)
def test_signed_deliveries_of_any_json_are_stored_or_refused_never_a_crash(provider, body):
    headers = {"Content-Type": "application/json", **signed_headers(provider, body)}
    result = intake.record_bank_delivery(
        provider=provider, headers=headers, body=body, remote_addr="127.0.0.1"
    )
    assert result.accepted or result.message
    for event in BankFeedEvent.objects.filter(pk__in=result.created_ids):
        assert abs(event.amount) <= codec.MAX_AMOUNT


def _local_time_by_formats(text: str):
    """parse_local_time as it was before its fast path: each format through strptime."""
    import datetime as dt

    text = text.strip()
    for fmt in codec._LOCAL_FORMATS:
        try:
            value = dt.datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    else:
        value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=codec.LOCAL_TZ)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("outside the calendar in UTC") from None


def _outcome(parse, text):
    try:
        return parse(text)
    except ValueError as error:
        return type(error).__name__


local_times = st.builds(
    "{:04d}-{:02d}-{:02d} {:02d}:{:02d}{}".format,
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 25),
    st.integers(0, 61),
    st.sampled_from(["", ":00", ":59", ":60", ":7"]) | st.integers(0, 61).map(":{:02d}".format),
) | st.sampled_from(
    ["2026-02-29 08:00", "2028-02-29 08:00:00", " 2026-11-30 08:15:00 ", "2026-11-30T08:15:00",
     "２０２６-11-30 08:15:00", "2026-11-30 08:15:00+07:00", "30/11/2026 08:15", "2026-1-5 1:2:3",
     "0001-01-01 00:00", "9999-12-31 23:59:59"]
)  # fmt: skip


@given(local_times | any_text)
@settings(max_examples=400, deadline=None)
def test_local_times_read_as_strptime_reads_them(text):
    assert _outcome(codec.parse_local_time, text) == _outcome(_local_time_by_formats, text)


@given(any_text)
@settings(max_examples=300, deadline=None)
def test_storable_text_has_no_nul_or_lone_surrogate_and_keeps_the_rest(text):
    stored = codec.storable(text)
    assert "\x00" not in stored and not re.search("[\ud800-\udfff]", stored)
    assert stored == re.sub("[\ud800-\udfff]", "\ufffd", text.replace("\x00", "\ufffd"))
