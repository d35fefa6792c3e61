"""payments/bankfeed/codec.py: the signature scheme and the SePay / Casso payload shapes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.utils import translation

from payments.bankfeed import codec as bankfeed
from tests.payments.bankfeed_support import casso, casso_item, sepay

BODY = b'{"id": 1}'
NOW = 1_795_000_000


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; the Vietnamese ones are checked on the pages."""
    with translation.override("en"):
        yield


def test_signature_is_hmac_sha256_over_timestamp_dot_body():
    expected = hmac.new(b"s3cret", b"1795000000." + BODY, hashlib.sha256).hexdigest()
    assert bankfeed.compute_signature("s3cret", "1795000000", BODY) == f"sha256={expected}"
    assert bankfeed.verify_signature("s3cret", "1795000000", BODY, f"sha256={expected}")
    assert bankfeed.verify_signature("s3cret", "1795000000", BODY, f"SHA256={expected.upper()}")


@pytest.mark.parametrize(
    "secret, timestamp, body, signature",
    [
        ("other", "1795000000", BODY, None),  # wrong secret
        ("s3cret", "1795000001", BODY, None),  # timestamp changed after signing
        ("s3cret", "1795000000", b'{"id": 2}', None),  # body changed after signing
        ("s3cret", "1795000000", BODY, ""),  # no signature
        ("s3cret", "1795000000", BODY, "sha256=zz"),  # garbage
        ("s3cret", "1795000000", BODY, "sha256=đ"),  # non-ASCII
        ("", "1795000000", BODY, None),  # no secret configured: never valid
    ],
)
def test_bad_signatures_are_refused(secret, timestamp, body, signature):
    good = bankfeed.compute_signature("s3cret", "1795000000", BODY)
    assert not bankfeed.verify_signature(
        secret, timestamp, body, good if signature is None else signature
    )


def test_timestamp_within_five_minutes_is_accepted():
    assert bankfeed.parse_timestamp(str(NOW - 299), now=NOW, max_age=300) == NOW - 299
    assert bankfeed.parse_timestamp(f" {NOW + 299} ", now=NOW, max_age=300) == NOW + 299


@pytest.mark.parametrize(
    "value, words",
    [
        (None, "missing"),
        ("", "missing"),
        ("yesterday", "whole number"),
        ("1795000000.5", "whole number"),
        (str(NOW - 301), "too old"),
        (str(NOW + 301), "future"),
    ],
)
def test_missing_malformed_stale_or_future_timestamps_are_refused(value, words):
    with pytest.raises(bankfeed.ParseError) as raised:
        bankfeed.parse_timestamp(value, now=NOW, max_age=300)
    assert words in str(raised.value)


def test_sepay_incoming_transfer_is_normalised():
    [record] = bankfeed.parse_delivery("sepay", json.dumps(sepay()).encode()).transactions
    assert record.transaction_id == "92704"
    assert record.bank_code == "Vietcombank"
    assert record.account_number == "1023456789"
    assert record.amount == 150_000
    assert record.content == "CS7K2P9Q thanh toan"
    assert record.bank_reference == "MBVCB.92704"
    # 14:02:37 in Ha Noi is 07:02:37 UTC
    assert record.transacted_at == dt.datetime(2026, 11, 23, 7, 2, 37, tzinfo=dt.UTC)


def test_sepay_outgoing_transfer_has_a_negative_amount():
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps(sepay(direction="out")).encode()
    ).transactions
    assert record.amount == -150_000


def test_casso_delivery_may_hold_several_transactions():
    body = json.dumps(
        casso(casso_item(transaction_id=1), casso_item(transaction_id=2, amount=-20_000))
    ).encode()
    records = bankfeed.parse_delivery("casso", body).transactions
    assert [(r.transaction_id, r.amount) for r in records] == [("1", 150_000), ("2", -20_000)]
    assert records[0].bank_reference == "TF1"
    assert records[0].account_number == "1023456789"
    assert records[0].transacted_at == dt.datetime(2026, 11, 23, 7, 27, 6, tzinfo=dt.UTC)


def test_casso_without_sub_account_id_reads_subaccid():
    item = casso_item()
    del item["bank_sub_acc_id"]
    [record] = bankfeed.parse_delivery("casso", json.dumps(casso(item)).encode()).transactions
    assert record.account_number == "1023456789"


def test_times_in_iso_format_with_offset_are_kept():
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps(sepay(when="2026-11-23T14:02:37+07:00")).encode()
    ).transactions
    assert record.transacted_at == dt.datetime(2026, 11, 23, 7, 2, 37, tzinfo=dt.UTC)


def _without(payload: dict, field: str) -> dict:
    return {key: value for key, value in payload.items() if key != field}


@pytest.mark.parametrize(
    "provider, payload, words",
    [
        ("sepay", b"{not json", "not valid JSON"),
        ("sepay", b"\xff\xfe", "not UTF-8"),
        ("sepay", b"[1, 2]", "JSON object"),
        ("sepay", _without(sepay(), "id"), "“id” is missing"),
        ("sepay", _without(sepay(), "accountNumber"), "“accountNumber” is missing"),
        ("sepay", _without(sepay(), "transferAmount"), "“transferAmount” is missing"),
        ("sepay", _without(sepay(), "transactionDate"), "“transactionDate” is missing"),
        ("sepay", _without(sepay(), "transferType"), "“transferType” is missing"),
        ("sepay", sepay(direction="sideways"), "“in” or “out”"),
        ("sepay", sepay(amount="150k"), "whole number"),
        ("sepay", sepay(amount=150000.5), "whole number"),
        ("sepay", sepay(amount=True), "whole number"),
        ("sepay", sepay(amount=-5), "negative"),
        ("sepay", sepay(amount=10**16), "too large"),
        ("sepay", sepay(account="12-34/56"), "account number"),
        ("sepay", sepay(when="23 Nov"), "date and time"),
        ("sepay", sepay(content=["a"]), "must be text"),
        ("sepay", sepay(content="x" * 1001), "longer than 1000"),
        ("sepay", sepay(transaction_id={"a": 1}), "number or text"),
        ("sepay", sepay(transaction_id="x" * 101), "1 to 100"),
        ("casso", {"error": 0}, "“data” is missing"),
        ("casso", {"error": 1, "data": []}, "reports an error"),
        ("casso", {"error": 0, "data": "x"}, "list of transactions"),
        ("casso", casso(casso_item(), casso_item()), "appears twice"),
        (
            "casso",
            {"error": 0, "data": [casso_item(transaction_id=n) for n in range(101)]},
            "at most",
        ),
    ],
)
def test_bad_payloads_raise_a_parse_error_naming_the_problem(provider, payload, words):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    with pytest.raises(bankfeed.ParseError) as raised:
        bankfeed.parse_delivery(provider, body)
    assert words in str(raised.value)


def test_nul_characters_are_dropped_from_content():
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps(sepay(content="CS\u00007K")).encode()
    ).transactions
    assert record.content == "CS7K"


def test_account_numbers_are_read_without_punctuation_in_one_form():
    assert bankfeed.clean_account(" 1023-456.789 ") == "1023456789"
    assert bankfeed.clean_account("va 0001") == "VA0001"
    assert bankfeed.clean_account("1023/456") is None


def test_sepay_virtual_account_is_kept():
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps({**sepay(), "subAccount": "va-0001"}).encode()
    ).transactions
    assert record.sub_account == "VA0001"
    [record] = bankfeed.parse_delivery("sepay", json.dumps(sepay()).encode()).transactions
    assert record.sub_account == ""


# --- Intake edge cases (issue 14 §4) ----------------------------------------------------------


def _casso_body(*items) -> bytes:
    return json.dumps(casso(*items)).encode()


def test_one_bad_casso_transaction_is_set_aside_and_the_good_ones_kept():
    bad = _without(casso_item(transaction_id=2), "when")
    parsed = bankfeed.parse_delivery(
        "casso", _casso_body(casso_item(transaction_id=1), bad, casso_item(transaction_id=3))
    )
    assert [t.transaction_id for t in parsed.transactions] == ["1", "3"]
    [rejected] = parsed.rejected
    assert rejected.position == 2
    assert rejected.message == "Transaction 2: The field “when” is missing."
    assert rejected.raw == bad


def test_a_casso_delivery_of_only_bad_transactions_sets_each_aside():
    parsed = bankfeed.parse_delivery("casso", _casso_body(1, {"id": 9}))
    assert parsed.transactions == ()
    assert [r.position for r in parsed.rejected] == [1, 2]
    assert parsed.rejected[0].message.startswith("Transaction 1: ")


def test_an_id_repeated_even_in_a_bad_transaction_rejects_the_delivery():
    bad = {**casso_item(transaction_id=1), "amount": "nhieu"}
    with pytest.raises(bankfeed.ParseError, match="appears twice"):
        bankfeed.parse_delivery("casso", _casso_body(casso_item(transaction_id=1), bad))


@pytest.mark.parametrize("empty", ["", "  ", None])
def test_casso_empty_bank_sub_acc_id_falls_back_to_subaccid(empty):
    item = {**casso_item(), "bank_sub_acc_id": empty, "subAccId": "1023456789"}
    [record] = bankfeed.parse_delivery("casso", _casso_body(item)).transactions
    assert record.account_number == "1023456789"


def test_casso_without_any_account_names_the_field():
    item = {**casso_item(), "bank_sub_acc_id": "", "subAccId": ""}
    [rejected] = bankfeed.parse_delivery("casso", _casso_body(item)).rejected
    assert "“bank_sub_acc_id” is missing" in rejected.message


@pytest.mark.parametrize(
    "written", ["1023 456 789", "1023-456-789", "1023.456.789", " 1023-456 789. ", 1023456789]
)
def test_account_numbers_with_spaces_dashes_or_dots_are_stored_normalised(written):
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps(sepay(account=written)).encode()
    ).transactions
    assert record.account_number == "1023456789"
    item = {**casso_item(), "bank_sub_acc_id": written}
    [record] = bankfeed.parse_delivery("casso", _casso_body(item)).transactions
    assert record.account_number == "1023456789"


def test_account_letters_are_upper_cased_like_the_comparison():
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps(sepay(account="choso-68")).encode()
    ).transactions
    assert record.account_number == "CHOSO68"


@pytest.mark.parametrize("account", ["12/34", "1023_456", "-", "x" * 31, "tài khoản"])
def test_accounts_that_are_not_account_numbers_are_refused(account):
    with pytest.raises(bankfeed.ParseError, match="account number"):
        bankfeed.parse_delivery("sepay", json.dumps(sepay(account=account)).encode())


def test_sepay_code_fills_the_payment_code():
    payload = {**sepay(content="thanh toan don hang"), "code": " CS7K2P9Q "}
    [record] = bankfeed.parse_delivery("sepay", json.dumps(payload).encode()).transactions
    assert record.payment_code == "CS7K2P9Q"
    [record] = bankfeed.parse_delivery("sepay", json.dumps(sepay()).encode()).transactions
    assert record.payment_code == ""  # "code": null


def test_sepay_code_that_is_not_text_is_refused():
    with pytest.raises(bankfeed.ParseError, match="“code” must be text"):
        bankfeed.parse_delivery("sepay", json.dumps({**sepay(), "code": ["CS"]}).encode())


def test_the_largest_amount_an_order_can_hold_is_accepted():
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps(sepay(amount=9_999_999_999)).encode()
    ).transactions
    assert record.amount == 9_999_999_999


@pytest.mark.parametrize("amount", [10_000_000_000, 9_999_999_999_999, -10_000_000_000])
def test_amounts_oscar_cannot_hold_are_refused_with_the_limit(amount):
    with pytest.raises(bankfeed.ParseError) as raised:
        bankfeed.parse_sepay(sepay(amount=abs(amount)))
    assert "9.999.999.999 ₫" in str(raised.value)
    [rejected] = bankfeed.parse_casso(casso(casso_item(amount=amount))).rejected
    assert "9.999.999.999 ₫" in rejected.message


@pytest.mark.parametrize(
    "when", ["0001-01-01 00:00:00", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+14:00"]
)
def test_times_that_leave_the_calendar_in_utc_are_a_parse_error_not_a_crash(when):
    with pytest.raises(bankfeed.ParseError, match="date and time"):
        bankfeed.parse_sepay(sepay(when=when))
    with pytest.raises(ValueError):
        bankfeed.parse_local_time(when)


def test_raw_transaction_is_storable_json():
    payload = {**sepay(), "note": "a\u0000b\ud800", "balance": float("nan"), "x": [float("inf")]}
    [record] = bankfeed.parse_delivery("sepay", json.dumps(payload).encode()).transactions
    assert record.raw["note"] == "a\ufffdb\ufffd"
    assert record.raw["balance"] == "NaN" and record.raw["x"] == ["Infinity"]
    json.dumps(record.raw, allow_nan=False).encode("utf-8")  # no NaN, no lone surrogate


def test_lone_surrogates_in_text_fields_are_replaced():
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps(sepay(content="CS7K\ud800")).encode()
    ).transactions
    assert record.content == "CS7K\ufffd"


def test_json_nested_too_deeply_is_refused():
    body = b'{"a": ' * 40 + b"1" + b"}" * 40
    with pytest.raises(bankfeed.ParseError, match="nested"):
        bankfeed.parse_delivery("sepay", body)


@pytest.mark.parametrize(
    "value, accepted",
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("Application/JSON ;charset=UTF-8", True),
        ("text/plain", False),
        ("text/plain; charset=utf-8", False),
        ("application/x-www-form-urlencoded", False),
        ("multipart/form-data; boundary=x", False),
        ("application/jsonx", False),
        ("application/json-patch+json", False),
        ("", False),
        (None, False),
    ],
)
def test_only_json_content_types_are_accepted(value, accepted):
    assert bankfeed.is_json_content_type(value) is accepted


def test_stale_timestamps_are_told_apart_from_malformed_ones():
    with pytest.raises(bankfeed.StaleTimestamp):
        bankfeed.parse_timestamp(str(NOW - 301), now=NOW, max_age=300)
    with pytest.raises(bankfeed.ParseError) as raised:
        bankfeed.parse_timestamp("soon", now=NOW, max_age=300)
    assert not isinstance(raised.value, bankfeed.StaleTimestamp)
    assert bankfeed.read_timestamp(f" {NOW - 10**6} ") == NOW - 10**6  # age not checked
