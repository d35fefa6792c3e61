"""manage.py simulate_bank_transfer posts a signed webhook over real HTTP to a running site."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from payments.models import BankFeedEvent, PaymentRequest
from tests.payments.bankfeed_support import payment_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("provider", ["sepay", "casso"])
def test_simulated_transfer_marks_the_request_paid(live_server, provider):
    request = payment_request(150_000)
    out = io.StringIO()
    call_command(
        "simulate_bank_transfer",
        "--reference",
        request.reference,
        "--amount",
        "150000",
        "--provider",
        provider,
        "--url",
        live_server.url,
        stdout=out,
    )
    assert "HTTP 200" in out.getvalue()
    request.refresh_from_db()
    assert request.status == PaymentRequest.Status.PAID
    assert request.amount_received == 150_000
    event = BankFeedEvent.objects.get()
    assert event.provider == provider
    assert request.reference in event.content and event.content != request.reference


def test_simulated_transfer_to_another_account_stays_unmatched(live_server):
    request = payment_request(150_000)
    call_command(
        "simulate_bank_transfer",
        f"--reference={request.reference}",
        "--amount=150000",
        "--account=9999999999",
        f"--url={live_server.url}",
        stdout=io.StringIO(),
    )
    request.refresh_from_db()
    assert request.status == PaymentRequest.Status.PENDING
    assert BankFeedEvent.objects.get().status == BankFeedEvent.Status.UNMATCHED


def test_refused_webhook_makes_the_command_fail(live_server, monkeypatch):
    from payments.management.commands import simulate_bank_transfer as command

    request = payment_request(150_000)
    original = command.compute_signature
    # Sign with a secret the site does not know: the site answers 401.
    monkeypatch.setattr(
        command, "compute_signature", lambda secret, ts, body: original("not-it", ts, body)
    )
    with pytest.raises(CommandError, match="HTTP 401"):
        call_command(
            "simulate_bank_transfer",
            f"--reference={request.reference}",
            "--amount=150000",
            f"--url={live_server.url}",
            stdout=io.StringIO(),
        )
    assert BankFeedEvent.objects.count() == 0


def test_unreachable_site_is_a_clear_error():
    from tests.conftest import free_port

    with pytest.raises(CommandError, match="Could not reach"):
        call_command(
            "simulate_bank_transfer",
            "--reference=CS7K2P9Q",
            "--amount=1000",
            f"--url=http://127.0.0.1:{free_port()}",
            stdout=io.StringIO(),
        )


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1", "127.0.0.1:8000"])
def test_only_http_addresses_are_posted_to(url):
    with pytest.raises(CommandError, match="must be an http:// or https:// address"):
        call_command(
            "simulate_bank_transfer",
            "--reference=CS7K2P9Q",
            "--amount=1000",
            f"--url={url}",
            stdout=io.StringIO(),
        )
