"""Concurrent deliveries of Stripe webhooks on PostgreSQL: the order is paid once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from payments.cards import services as card_services
from payments.models import CardPayment, StripeEvent
from tests.payments.stripe_helpers import (
    card_order,
    intent_event,
    paid_events,
    refund_event,
    signature_header,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SECRET = "whsec_test_choso_postgres"
THREADS = 8


@pytest.fixture
def stripe_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET


def deliver_at_once(payloads: list[bytes]) -> list[BaseException]:
    """Deliver every payload from its own thread, all released together."""
    barrier = threading.Barrier(len(payloads))
    errors: list[BaseException] = []

    def deliver(payload: bytes) -> None:
        try:
            barrier.wait(timeout=10)
            card_services.handle_stripe_event(
                payload=payload, signature_header=signature_header(payload, secret=SECRET)
            )
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_same_event_delivered_concurrently_pays_once(postgres, stripe_secret):
    card_order("100050", 150000)
    payment = CardPayment.objects.create(
        order_number="100050", payment_intent_id="pi_concurrent", amount=150000
    )
    payload = intent_event("payment_intent.succeeded", "pi_concurrent", 150000, event_id="evt_c1")

    assert deliver_at_once([payload] * THREADS) == []

    payment.refresh_from_db()
    assert payment.status == CardPayment.Status.SUCCEEDED
    assert StripeEvent.objects.filter(event_id="evt_c1").count() == 1
    assert StripeEvent.objects.get(event_id="evt_c1").processed_at is not None
    assert paid_events("100050") == 1


def test_different_succeeded_events_for_one_intent_concurrently_pay_once(postgres, stripe_secret):
    card_order("100051", 150000)
    payment = CardPayment.objects.create(
        order_number="100051", payment_intent_id="pi_concurrent_2", amount=150000
    )
    payloads = [
        intent_event("payment_intent.succeeded", "pi_concurrent_2", 150000, event_id=f"evt_d{i}")
        for i in range(THREADS)
    ]
    assert deliver_at_once(payloads) == []
    assert StripeEvent.objects.count() == THREADS
    assert CardPayment.objects.get(pk=payment.pk).status == CardPayment.Status.SUCCEEDED
    assert paid_events("100051") == 1


def test_concurrent_refund_events_settle_on_the_largest_total(postgres, stripe_secret):
    payment = CardPayment.objects.create(
        order_number="100052",
        payment_intent_id="pi_concurrent_3",
        amount=150000,
        status=CardPayment.Status.SUCCEEDED,
    )
    payloads = [
        refund_event("pi_concurrent_3", 150000, refunded, event_id=f"evt_r{refunded}")
        for refunded in (10000, 20000, 70000, 30000)
    ]
    assert deliver_at_once(payloads) == []
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 70000
