"""The bank-feed webhook's lean path (payments/bankfeed/middleware.py): a signed POST is
answered before the browser middleware, with the same checks, codes and translated errors;
every other request to that address goes through the whole stack as before."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client

from payments.bankfeed import codec, intake
from payments.bankfeed.middleware import webhook_path_pattern
from payments.models import BankFeedDelivery, BankFeedEvent, BankFeedRejection
from tests.payments.bankfeed_support import (
    casso,
    casso_item,
    deliver,
    encode,
    sepay,
    signed_headers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_layers(monkeypatch):
    """Counts the requests that went through the session middleware (the browser layers)."""
    seen = []
    original = SessionMiddleware.process_request

    def spy(self, request):
        seen.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", spy)
    return seen


def test_the_pattern_is_the_url_maps_address_for_known_providers_only():
    pattern = webhook_path_pattern()
    assert pattern.match("/pay/webhooks/bank/sepay/")["provider"] == "sepay"
    assert pattern.match("/pay/webhooks/bank/casso/")["provider"] == "casso"
    assert pattern.match("/pay/webhooks/bank/momo/") is None
    assert pattern.match("/pay/webhooks/bank/sepay") is None
    assert pattern.match("/pay/webhooks/bank/sepay/x/") is None


def test_a_signed_webhook_skips_the_browser_layers_and_is_stored(browser_layers):
    client = Client()
    response = deliver(client, "sepay", sepay(transaction_id=5001))
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "success": True,
        "received": 1,
        "duplicates": 0,
        "rejected": 0,
    }
    assert browser_layers == []
    assert "sessionid" not in response.cookies
    assert response["Content-Language"] == "vi"
    assert response["X-Frame-Options"] == "DENY"
    assert "Cookie" in response["Vary"]
    assert BankFeedEvent.objects.get().transaction_id == "5001"


def test_other_requests_to_the_address_go_through_the_whole_stack(browser_layers):
    client = Client()
    assert client.get("/pay/webhooks/bank/sepay/").status_code == 405
    body = encode(sepay(transaction_id=5002))
    response = client.post(
        "/pay/webhooks/bank/sepay/?from=test",
        data=body,
        content_type="application/json",
        headers=signed_headers("sepay", body),
    )
    assert response.status_code == 200  # the same view, reached the long way
    assert client.get("/healthz").status_code in (200, 503)
    assert browser_layers == [
        "/pay/webhooks/bank/sepay/",
        "/pay/webhooks/bank/sepay/",
        "/healthz",
    ]
    assert BankFeedEvent.objects.get().transaction_id == "5002"


def test_a_bad_signature_is_401_translated_and_recorded(browser_layers):
    response = deliver(Client(), "sepay", sepay(), secret="wrong")
    assert response.status_code == 401
    assert response.json()["error"] == "Chữ ký không khớp."
    assert browser_layers == []
    assert BankFeedRejection.objects.get().reason_code == BankFeedRejection.Reason.SIGNATURE
    assert not BankFeedEvent.objects.exists()


def test_the_language_cookie_still_chooses_english():
    client = Client()
    client.cookies["django_language"] = "en"
    response = deliver(client, "sepay", sepay(), secret="wrong")
    assert response.status_code == 401
    assert response.json()["error"] == "The signature does not match."
    assert response["Content-Language"] == "en"


def test_a_huge_body_is_413_and_recorded_unread(settings, browser_layers):
    settings.BANK_FEED_MAX_BODY_BYTES = 2_000
    payload = sepay(content="x" * 900)
    payload["description"] = "y" * 2_000
    response = deliver(Client(), "sepay", payload)
    assert response.status_code == 413
    assert response.json()["error"] == "Nội dung yêu cầu quá lớn."
    assert browser_layers == []
    assert BankFeedRejection.objects.get().raw_body == ""
    assert not BankFeedEvent.objects.exists()


def test_a_host_not_allowed_is_400_and_nothing_is_stored(settings):
    settings.ALLOWED_HOSTS = ["cho.example.vn"]
    body = encode(sepay())
    response = Client().post(
        "/pay/webhooks/bank/sepay/",
        data=body,
        content_type="application/json",
        headers=signed_headers("sepay", body),
        HTTP_HOST="evil.example.com",
    )
    assert response.status_code == 400
    assert not BankFeedEvent.objects.exists()
    assert not BankFeedRejection.objects.exists()


def test_an_unknown_provider_is_still_404(browser_layers):
    body = encode(sepay())
    response = Client().post(
        "/pay/webhooks/bank/momo/",
        data=body,
        content_type="application/json",
        headers=signed_headers("sepay", body),
    )
    assert response.status_code == 404
    assert browser_layers == ["/pay/webhooks/bank/momo/"]


def test_a_webhook_delivered_twice_is_stored_once():
    client = Client()
    payload = sepay(transaction_id=6001)
    first = deliver(client, "sepay", payload)
    second = deliver(client, "sepay", payload)
    assert (first.json()["received"], first.json()["duplicates"]) == (1, 0)
    assert (second.json()["received"], second.json()["duplicates"]) == (0, 1)
    assert BankFeedEvent.objects.count() == 1
    assert BankFeedDelivery.objects.count() == 2  # each delivery kept as it arrived


def test_a_transaction_twice_in_one_batch_is_stored_once():
    """The aggregators' payloads cannot repeat an id (the codec refuses them), but a statement
    or a let-through batch handed to store_transactions may: one INSERT keeps the first."""
    parsed = codec.parse_delivery(
        "casso",
        encode(
            casso(casso_item(transaction_id=7001), casso_item(transaction_id=7002, amount=20_000))
        ),
    )
    first, second = parsed.transactions
    again = dataclasses.replace(first, amount=99_000)
    result = intake.store_transactions(
        provider="casso", raw_body="{}", headers={}, transactions=[first, second, again]
    )
    assert (len(result.created_ids), result.duplicates) == (2, 1)
    events = BankFeedEvent.objects.order_by("pk")
    assert [event.pk for event in events] == result.created_ids
    assert [event.transaction_id for event in events] == ["7001", "7002"]
    assert [event.amount for event in events] == [150_000, 20_000]  # the first of a key wins
    assert all(event.delivery_id == result.delivery_id for event in events)
