"""payments/bankfeed.py: the signature scheme and the SePay / Casso payload shapes."""

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
    [record] = bankfeed.parse_delivery("sepay", json.dumps(sepay()).encode())
    assert record.transaction_id == "92704"
    assert record.bank_code == "Vietcombank"
    assert record.account_number == "1023456789"
    assert record.amount == 150_000
    assert record.content == "CS7K2P9Q thanh toan"
    assert record.bank_reference == "MBVCB.92704"
    # 14:02:37 in Ha Noi is 07:02:37 UTC
    assert record.transacted_at == dt.datetime(2026, 11, 23, 7, 2, 37, tzinfo=dt.UTC)


def test_sepay_outgoing_transfer_has_a_negative_amount():
    [record] = bankfeed.parse_delivery("sepay", json.dumps(sepay(direction="out")).encode())
    assert record.amount == -150_000


def test_casso_delivery_may_hold_several_transactions():
    body = json.dumps(
        casso(casso_item(transaction_id=1), casso_item(transaction_id=2, amount=-20_000))
    ).encode()
    records = bankfeed.parse_delivery("casso", body)
    assert [(r.transaction_id, r.amount) for r in records] == [("1", 150_000), ("2", -20_000)]
    assert records[0].bank_reference == "TF1"
    assert records[0].account_number == "1023456789"
    assert records[0].transacted_at == dt.datetime(2026, 11, 23, 7, 27, 6, tzinfo=dt.UTC)


def test_casso_without_sub_account_id_reads_subaccid():
    item = casso_item()
    del item["bank_sub_acc_id"]
    [record] = bankfeed.parse_delivery("casso", json.dumps(casso(item)).encode())
    assert record.account_number == "1023456789"


def test_times_in_iso_format_with_offset_are_kept():
    [record] = bankfeed.parse_delivery(
        "sepay", json.dumps(sepay(when="2026-11-23T14:02:37+07:00")).encode()
    )
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
        ("casso", {"error": 0, "data": [1]}, "Transaction 1"),
        (
            "casso",
            casso(casso_item(), _without(casso_item(transaction_id=2), "when")),
            "Transaction 2",
        ),
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
    [record] = bankfeed.parse_delivery("sepay", json.dumps(sepay(content="CS\u00007K")).encode())
    assert record.content == "CS7K"


def test_account_numbers_compare_without_punctuation():
    assert bankfeed.normalise_account(" 1023-456.789 ") == bankfeed.normalise_account("1023456789")
