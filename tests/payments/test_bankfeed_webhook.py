"""POST /pay/webhooks/bank/<provider>/: signed deliveries stored once, bad ones only recorded."""

from __future__ import annotations

import json
import time

import pytest

from payments.bankfeed.codec import SIGNATURE_HEADER, TIMESTAMP_HEADER
from payments.models import BankFeedEvent, BankFeedRejection, PaymentRequest, ReconciliationLog
from tests.payments.bankfeed_support import (
    casso,
    casso_item,
    deliver,
    encode,
    payment_request,
    sepay,
    signed_headers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_150k():
    return payment_request(150_000)


def nothing_stored_but_one_rejection(reason_words: str = "") -> BankFeedRejection:
    assert BankFeedEvent.objects.count() == 0
    assert ReconciliationLog.objects.count() == 0
    assert PaymentRequest.objects.filter(amount_received__gt=0).count() == 0
    rejection = BankFeedRejection.objects.get()
    assert reason_words in rejection.reason
    return rejection


def test_signed_sepay_delivery_is_stored_answered_and_pays_the_request(client, request_150k):
    payload = sepay(content=f"MBVCB.3278.{request_150k.reference}.CT tu 0123456789")
    response = deliver(client, "sepay", payload)

    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "success": True,
        "received": 1,
        "duplicates": 0,
        "rejected": 0,
    }
    event = BankFeedEvent.objects.get()
    assert (event.provider, event.transaction_id, event.amount) == ("sepay", "92704", 150_000)
    assert json.loads(event.delivery.raw_body) == payload
    assert event.delivery.headers[SIGNATURE_HEADER].startswith("sha256=")
    assert event.status == BankFeedEvent.Status.MATCHED
    request_150k.refresh_from_db()
    assert request_150k.status == PaymentRequest.Status.PAID
    assert request_150k.amount_received == 150_000
    assert BankFeedRejection.objects.count() == 0


def test_casso_delivery_with_two_transactions_stores_two_events(client, request_150k):
    other = payment_request(80_000)
    payload = casso(
        casso_item(transaction_id=1, content=f"{request_150k.reference} mua che"),
        casso_item(transaction_id=2, amount=80_000, content=f"ck {other.reference.lower()}"),
    )
    response = deliver(client, "casso", payload)

    assert response.status_code == 200
    assert response.json()["received"] == 2
    assert sorted(BankFeedEvent.objects.values_list("transaction_id", flat=True)) == ["1", "2"]
    for request in (request_150k, other):
        request.refresh_from_db()
        assert request.status == PaymentRequest.Status.PAID


def test_repeated_delivery_answers_200_and_pays_once(client, request_150k, monkeypatch):
    from payments.bankfeed.tasks import drain_bank_events_task

    payload = sepay(content=request_150k.reference)
    first = deliver(client, "sepay", payload)
    sent = []
    monkeypatch.setattr(drain_bank_events_task, "delay", lambda: sent.append("drain"))
    second = deliver(client, "sepay", payload)

    assert first.status_code == second.status_code == 200
    assert second.json()["received"] == 0 and second.json()["duplicates"] == 1
    assert sent == []  # not sent to reconciliation again
    assert BankFeedEvent.objects.count() == 1
    request_150k.refresh_from_db()
    assert request_150k.amount_received == 150_000
    assert ReconciliationLog.objects.count() == 1


def test_casso_redelivery_with_one_new_transaction_stores_only_the_new_one(client, request_150k):
    deliver(client, "casso", casso(casso_item(transaction_id=1)))
    response = deliver(
        client, "casso", casso(casso_item(transaction_id=1), casso_item(transaction_id=2))
    )
    assert response.json()["received"] == 1 and response.json()["duplicates"] == 1
    assert BankFeedEvent.objects.count() == 2


def test_bad_signature_is_401_and_only_recorded(client, request_150k):
    response = deliver(client, "sepay", sepay(content=request_150k.reference), secret="wrong")
    assert response.status_code == 401
    assert response.json()["ok"] is False
    rejection = nothing_stored_but_one_rejection()
    assert rejection.provider == "sepay"
    assert request_150k.reference in rejection.raw_body
    assert rejection.remote_addr == "127.0.0.1"
    assert TIMESTAMP_HEADER in rejection.headers


def test_signature_of_another_provider_is_refused(client, request_150k):
    response = deliver(
        client, "casso", casso(), secret="dev-sepay-secret"
    )  # SePay's secret on Casso's door
    assert response.status_code == 401
    nothing_stored_but_one_rejection()


def test_unsigned_request_is_401(client):
    response = client.post(
        "/pay/webhooks/bank/sepay/", data=encode(sepay()), content_type="application/json"
    )
    assert response.status_code == 401
    nothing_stored_but_one_rejection()


@pytest.mark.parametrize("offset", [-301, 301])
def test_stale_or_future_timestamp_is_401_even_when_signed(client, request_150k, offset):
    response = deliver(
        client, "sepay", sepay(content=request_150k.reference), timestamp=int(time.time()) + offset
    )
    assert response.status_code == 401
    rejection = nothing_stored_but_one_rejection()
    assert rejection.reason_code == BankFeedRejection.Reason.STALE


def test_timestamp_four_minutes_old_is_fine(client, request_150k):
    response = deliver(client, "sepay", sepay(), timestamp=int(time.time()) - 240)
    assert response.status_code == 200


def test_signed_but_broken_json_is_400_and_only_recorded(client):
    response = deliver(client, "sepay", b'{"id": 1, "content": ')
    assert response.status_code == 400
    rejection = nothing_stored_but_one_rejection()
    assert rejection.raw_body == '{"id": 1, "content": '


@pytest.mark.parametrize(
    "provider, payload",
    [
        ("sepay", {"id": 5, "content": "CS7K2P9Q"}),
        ("sepay", sepay(amount="nhieu tien")),
        ("sepay", sepay(amount=10_000_000_000)),
        ("casso", {"error": 1, "data": [casso_item()]}),
        ("casso", casso(casso_item(), casso_item())),  # one id twice
        ("casso", [1, 2, 3]),
    ],
)
def test_missing_or_bad_fields_are_400_and_only_recorded(client, provider, payload):
    response = deliver(client, provider, payload)
    assert response.status_code == 400
    assert response.json()["error"]
    nothing_stored_but_one_rejection()


def test_error_message_is_vietnamese_by_default(client):
    response = deliver(client, "sepay", sepay(), secret="wrong")
    assert response.json()["error"] == "Chữ ký không khớp."


def test_nul_in_transfer_content_is_dropped_not_a_crash(client):
    response = deliver(client, "sepay", sepay(content="CS\u0000ABC"))
    assert response.status_code == 200
    assert BankFeedEvent.objects.get().content == "CSABC"


def test_nul_and_odd_bytes_in_a_signed_body_never_crash(client):
    response = deliver(client, "sepay", b'\x00\xff{"id": 1}')
    assert response.status_code == 400
    assert "\ufffd" in BankFeedRejection.objects.get().raw_body


def test_huge_body_is_413_and_only_recorded(client, settings):
    settings.BANK_FEED_MAX_BODY_BYTES = 2_000
    payload = sepay(content="x" * 900)
    payload["description"] = "y" * 2_000
    response = deliver(client, "sepay", payload)
    assert response.status_code == 413
    rejection = nothing_stored_but_one_rejection()
    assert rejection.raw_body == ""  # not even read


def test_oversized_body_is_refused_before_reading_by_default_limit(client):
    body = b'{"pad": "' + b"x" * (300 * 1024) + b'"}'
    response = client.post(
        "/pay/webhooks/bank/casso/",
        data=body,
        content_type="application/json",
        headers=signed_headers("casso", body),
    )
    assert response.status_code == 413
    nothing_stored_but_one_rejection()


def test_unknown_provider_is_404_and_not_recorded(client):
    response = deliver(client, "sepay", sepay())  # sanity: the known door works
    assert response.status_code == 200
    body = encode(sepay())
    response = client.post(
        "/pay/webhooks/bank/momo/",
        data=body,
        content_type="application/json",
        headers=signed_headers("sepay", body),
    )
    assert response.status_code == 404
    assert BankFeedRejection.objects.count() == 0


def test_get_is_not_allowed(client):
    assert client.get("/pay/webhooks/bank/sepay/").status_code == 405


def test_provider_without_a_secret_answers_503(client, settings):
    settings.BANK_FEED_SECRETS = {**settings.BANK_FEED_SECRETS, "casso": ""}
    response = deliver(client, "casso", casso(), secret="")
    assert response.status_code == 503
    nothing_stored_but_one_rejection()


def test_webhook_needs_no_csrf_token(request_150k):
    from django.test import Client

    response = deliver(Client(enforce_csrf_checks=True), "sepay", sepay())
    assert response.status_code == 200


# --- Intake edge cases (issue 14 §4) ----------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "",
    ],
)
def test_a_signed_body_that_is_not_sent_as_json_is_415_and_only_recorded(
    client, request_150k, content_type
):
    body = encode(sepay(content=request_150k.reference))
    response = client.post(
        "/pay/webhooks/bank/sepay/",
        data=body,
        content_type=content_type,
        headers=signed_headers("sepay", body),
    )
    assert response.status_code == 415
    assert response.json()["ok"] is False
    assert "application/json" in response.json()["error"]
    rejection = nothing_stored_but_one_rejection()
    assert rejection.reason_code == BankFeedRejection.Reason.CONTENT_TYPE
    request_150k.refresh_from_db()
    assert request_150k.status == PaymentRequest.Status.PENDING


def test_the_415_error_is_translated(client):
    body = encode(sepay())
    response = client.post(
        "/pay/webhooks/bank/sepay/",
        data=body,
        content_type="text/plain",
        headers=signed_headers("sepay", body),
    )
    assert response.json()["error"].startswith("Chỉ nhận")


def test_json_with_a_charset_is_accepted(client, request_150k):
    body = encode(sepay(content=request_150k.reference))
    response = client.post(
        "/pay/webhooks/bank/sepay/",
        data=body,
        content_type="application/json; charset=utf-8",
        headers=signed_headers("sepay", body),
    )
    assert response.status_code == 200


def test_one_bad_casso_transaction_keeps_the_good_ones_and_is_recorded_alone(client, request_150k):
    other = payment_request(80_000)
    bad = {**casso_item(transaction_id=2), "amount": "tam muoi nghin"}
    payload = casso(
        casso_item(transaction_id=1, content=request_150k.reference),
        bad,
        casso_item(transaction_id=3, amount=80_000, content=other.reference),
    )
    response = deliver(client, "casso", payload)

    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "success": True,
        "received": 2,
        "duplicates": 0,
        "rejected": 1,
    }
    assert sorted(BankFeedEvent.objects.values_list("transaction_id", flat=True)) == ["1", "3"]
    for paid in (request_150k, other):
        paid.refresh_from_db()
        assert paid.status == PaymentRequest.Status.PAID
    rejection = BankFeedRejection.objects.get()
    assert rejection.reason_code == BankFeedRejection.Reason.TRANSACTION
    assert rejection.reason.startswith("Giao dịch thứ 2: ")
    assert json.loads(rejection.raw_body) == bad
    assert rejection.provider == "casso"
    assert SIGNATURE_HEADER in rejection.headers


def test_a_casso_delivery_of_only_bad_transactions_records_each(client):
    response = deliver(client, "casso", {"error": 0, "data": [{"id": 9}, "x"]})
    assert response.status_code == 200
    assert response.json()["received"] == 0 and response.json()["rejected"] == 2
    assert BankFeedEvent.objects.count() == 0
    reasons = sorted(BankFeedRejection.objects.values_list("reason", flat=True))
    assert [reason.split(":")[0] for reason in reasons] == ["Giao dịch thứ 1", "Giao dịch thứ 2"]


def test_redelivering_a_partly_bad_delivery_counts_duplicates_and_rejects_again(client):
    payload = casso(casso_item(transaction_id=1), {"id": 2})
    deliver(client, "casso", payload)
    again = deliver(client, "casso", payload).json()
    assert (again["received"], again["duplicates"], again["rejected"]) == (0, 1, 1)
    assert BankFeedEvent.objects.count() == 1


def test_casso_sub_acc_id_is_used_when_bank_sub_acc_id_is_empty(client, request_150k):
    item = {**casso_item(content=request_150k.reference), "bank_sub_acc_id": ""}
    response = deliver(client, "casso", casso(item))
    assert response.status_code == 200
    event = BankFeedEvent.objects.get()
    assert event.account_number == "1023456789"
    assert event.status == BankFeedEvent.Status.MATCHED


def test_account_written_with_dashes_is_stored_normalised_and_matches(client, request_150k):
    response = deliver(
        client, "sepay", sepay(content=request_150k.reference, account="1023-456.789")
    )
    assert response.status_code == 200
    event = BankFeedEvent.objects.get()
    assert event.account_number == "1023456789"
    assert event.status == BankFeedEvent.Status.MATCHED


def test_sepay_code_is_stored_and_used_for_the_reference(client, request_150k):
    payload = {**sepay(content="chuyen tien mua che"), "code": request_150k.reference}
    deliver(client, "sepay", payload)
    event = BankFeedEvent.objects.get()
    assert event.payment_code == request_150k.reference
    assert event.status == BankFeedEvent.Status.MATCHED


def test_an_amount_no_order_can_hold_is_refused_at_intake(client):
    response = deliver(client, "casso", casso(casso_item(amount=9_999_999_999_999)))
    assert response.status_code == 200
    assert response.json()["rejected"] == 1
    assert BankFeedEvent.objects.count() == 0
    assert "9.999.999.999 ₫" in BankFeedRejection.objects.get().reason
    response = deliver(client, "sepay", sepay(amount=10_000_000_000))
    assert response.status_code == 400
    assert "9.999.999.999 ₫" in response.json()["error"]


def test_a_stale_delivery_keeps_its_whole_body_and_signature(client, settings):
    settings.BANK_FEED_MAX_BODY_BYTES = 200_000
    payload = casso(*[casso_item(transaction_id=n, content="x" * 900) for n in range(1, 81)])
    body = encode(payload)
    assert 64 * 1024 < len(body) < 200_000
    sent_at = int(time.time()) - 3600
    response = deliver(client, "casso", payload, timestamp=sent_at)
    assert response.status_code == 401
    rejection = nothing_stored_but_one_rejection()
    assert rejection.reason_code == BankFeedRejection.Reason.STALE
    assert rejection.raw_body.encode() == body
    assert rejection.headers[SIGNATURE_HEADER].startswith("sha256=")
    assert rejection.headers[TIMESTAMP_HEADER] == str(sent_at)


def test_a_stale_delivery_with_a_bad_signature_is_a_signature_rejection(client):
    deliver(client, "sepay", sepay(), timestamp=int(time.time()) - 3600, secret="wrong")
    rejection = nothing_stored_but_one_rejection()
    assert rejection.reason_code == BankFeedRejection.Reason.SIGNATURE


def test_a_stale_malformed_delivery_is_a_malformed_rejection(client):
    deliver(client, "sepay", b"{not json", timestamp=int(time.time()) - 3600)
    rejection = nothing_stored_but_one_rejection()
    assert rejection.reason_code == BankFeedRejection.Reason.MALFORMED


def test_a_missing_timestamp_is_not_taken_for_a_stale_one(client):
    body = encode(sepay())
    client.post("/pay/webhooks/bank/sepay/", data=body, content_type="application/json")
    rejection = nothing_stored_but_one_rejection()
    assert rejection.reason_code == BankFeedRejection.Reason.SIGNATURE


def test_nul_nan_and_lone_surrogates_in_a_transaction_are_stored_not_a_crash(client):
    body = (
        b'{"error": 0, "data": [{"id": 1, "tid": "T1", "description": "CS\\u0000X\\ud800",'
        b' "amount": 1000, "when": "2026-11-23 14:27:06", "bank_sub_acc_id": "1023456789",'
        b' "cusum_balance": NaN, "note": "a\\u0000b"}]}'
    )
    response = deliver(client, "casso", body)
    assert response.status_code == 200, response.content
    event = BankFeedEvent.objects.get()
    assert event.content == "CSX\ufffd"
    assert event.raw["note"] == "a\ufffdb" and event.raw["cusum_balance"] == "NaN"
