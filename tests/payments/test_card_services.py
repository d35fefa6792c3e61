"""Card payment services without a Stripe server: signed webhooks, refund rules, start-up rules.

Payments reach Stripe only in tests/services/test_card_localstripe.py; here Stripe's API base
points at a closed port, so an unexpected call would fail loudly.
"""

from __future__ import annotations

import pytest
from django.core.checks.registry import registry
from django.utils import translation

from payments.cards import gateway as stripe_gateway
from payments.cards import services as card_services
from payments.checks import stripe_webhook_secret_check
from payments.models import CardPayment, CardRefund, StripeEvent
from tests.conftest import free_port
from tests.payments.stripe_helpers import (
    WEBHOOK_SECRET,
    card_order,
    event_payload,
    intent_event,
    paid_events,
    refund_event,
    signature_header,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_choso"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_choso"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    translation.activate("en")
    yield settings
    translation.deactivate()


@pytest.fixture
def waiting_order():
    """Order 100042 waits for its card payment of 150.000 ₫."""
    return card_order("100042", 150000)


def card_payment(**fields) -> CardPayment:
    defaults = {"order_number": "100042", "payment_intent_id": "pi_test_42", "amount": 150000}
    return CardPayment.objects.create(**{**defaults, **fields})


def deliver(payload: bytes, header: str | None = None) -> StripeEvent:
    """Deliver like Stripe does; a retry is the same body with a fresh signature."""
    if header is None:
        header = signature_header(payload)
    return card_services.handle_stripe_event(payload=payload, signature_header=header)


# --- Webhooks ---------------------------------------------------------------------------------


def test_signed_succeeded_event_marks_payment_paid_and_announces_it(waiting_order):
    payment = card_payment()
    event = deliver(intent_event("payment_intent.succeeded", "pi_test_42", 150000))

    payment.refresh_from_db()
    assert payment.status == CardPayment.Status.SUCCEEDED
    assert payment.paid_at is not None
    assert event.processed_at is not None and event.type == "payment_intent.succeeded"
    assert paid_events("100042") == 1


def test_repeated_delivery_is_processed_once(waiting_order):
    payment = card_payment()
    payload = intent_event("payment_intent.succeeded", "pi_test_42", 150000, event_id="evt_1")
    first = deliver(payload)
    paid_at = CardPayment.objects.get(pk=payment.pk).paid_at
    again = deliver(payload)

    assert again.pk == first.pk
    assert StripeEvent.objects.count() == 1
    assert CardPayment.objects.get(pk=payment.pk).paid_at == paid_at
    assert paid_events("100042") == 1


def test_two_succeeded_events_for_one_intent_pay_once(waiting_order):
    card_payment()
    deliver(intent_event("payment_intent.succeeded", "pi_test_42", 150000, event_id="evt_a"))
    deliver(intent_event("payment_intent.succeeded", "pi_test_42", 150000, event_id="evt_b"))
    assert StripeEvent.objects.count() == 2
    assert paid_events("100042") == 1


@pytest.mark.parametrize(
    "header",
    [
        "",
        "t=1700000000,v1=deadbeef",
        "garbage",
        signature_header(b"something else"),
        signature_header(b"x", secret="whsec_wrong"),
    ],
    # Fixed ids: the signed headers carry the time, and pytest-xdist's workers must collect the
    # same names.
    ids=["empty", "stale-made-up", "garbage", "another-payload", "another-secret"],
)
def test_bad_signature_is_rejected_and_changes_nothing(header, waiting_order):
    payment = card_payment()
    payload = intent_event("payment_intent.succeeded", "pi_test_42", 150000)
    with pytest.raises(card_services.InvalidStripeEvent) as excinfo:
        deliver(payload, header)
    assert "signature" in str(excinfo.value)
    assert StripeEvent.objects.count() == 0
    assert CardPayment.objects.get(pk=payment.pk).status == CardPayment.Status.REQUIRES_PAYMENT
    assert paid_events("100042") == 0


def test_payload_signed_with_another_secret_is_rejected():
    card_payment()
    payload = intent_event("payment_intent.succeeded", "pi_test_42", 150000)
    with pytest.raises(card_services.InvalidStripeEvent):
        deliver(payload, signature_header(payload, secret="whsec_someone_else"))
    assert StripeEvent.objects.count() == 0


def test_stale_signature_is_rejected():
    card_payment()
    payload = intent_event("payment_intent.succeeded", "pi_test_42", 150000)
    old = signature_header(payload, at=1_700_000_000)
    with pytest.raises(card_services.InvalidStripeEvent):
        deliver(payload, old)
    assert StripeEvent.objects.count() == 0


def test_no_webhook_secret_configured_rejects_everything(settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    card_payment()
    payload = intent_event("payment_intent.succeeded", "pi_test_42", 150000)
    with pytest.raises(card_services.InvalidStripeEvent):
        deliver(payload, signature_header(payload, secret=""))
    assert StripeEvent.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [b"not json", b"[1, 2]", b'{"type": "payment_intent.succeeded"}', b"\xff\xfe", b'{"id": 7}'],
)
def test_signed_garbage_is_not_an_event(payload):
    with pytest.raises(card_services.InvalidStripeEvent):
        deliver(payload)
    assert StripeEvent.objects.count() == 0


def test_unknown_event_type_is_stored_and_acknowledged():
    event = deliver(event_payload("customer.created", {"id": "cus_1", "object": "customer"}))
    assert event.type == "customer.created" and event.processed_at is not None
    assert event.payload["data"]["object"]["id"] == "cus_1"


def test_succeeded_event_for_unknown_intent_is_stored_without_effect(waiting_order):
    card_payment()
    event = deliver(intent_event("payment_intent.succeeded", "pi_someone_else", 150000))
    assert event.processed_at is not None
    assert CardPayment.objects.get().status == CardPayment.Status.REQUIRES_PAYMENT
    assert paid_events("100042") == 0


@pytest.mark.parametrize(("amount", "currency"), [(100000, "vnd"), (150000, "usd")])
def test_succeeded_event_for_a_different_amount_does_not_pay(amount, currency, waiting_order):
    card_payment()
    deliver(intent_event("payment_intent.succeeded", "pi_test_42", amount, currency=currency))
    assert CardPayment.objects.get().status == CardPayment.Status.REQUIRES_PAYMENT
    assert paid_events("100042") == 0


def test_failed_event_marks_failed_but_never_undoes_a_payment():
    card_payment()
    deliver(intent_event("payment_intent.payment_failed", "pi_test_42", 150000))
    assert CardPayment.objects.get().status == CardPayment.Status.FAILED

    deliver(intent_event("payment_intent.succeeded", "pi_test_42", 150000))
    deliver(intent_event("payment_intent.payment_failed", "pi_test_42", 150000))  # late, stale
    assert CardPayment.objects.get().status == CardPayment.Status.SUCCEEDED


def test_charge_refunded_sets_refunded_total_idempotently_and_never_lowers_it():
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    partial = refund_event("pi_test_42", 150000, 50000, event_id="evt_r1")
    deliver(partial)
    deliver(partial)
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 50000

    deliver(refund_event("pi_test_42", 150000, 150000, event_id="evt_r2"))
    deliver(refund_event("pi_test_42", 150000, 50000, event_id="evt_r0"))  # older, late
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 150000


def test_charge_refunded_records_listed_refunds_once():
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    charge = {
        "id": "ch_1",
        "object": "charge",
        "amount": 150000,
        "amount_refunded": 30000,
        "payment_intent": "pi_test_42",
        "refunds": {"data": [{"id": "re_1", "amount": 30000, "status": "succeeded"}]},
    }
    deliver(event_payload("charge.refunded", charge))
    deliver(event_payload("charge.refunded", charge))
    assert list(CardRefund.objects.values_list("stripe_refund_id", "amount")) == [("re_1", 30000)]
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 30000


# --- Refund rules (checked before Stripe is called) ------------------------------------------


def test_refund_more_than_remains_is_refused_without_calling_stripe(admin_user):
    payment = card_payment(status=CardPayment.Status.SUCCEEDED, amount_refunded=100000)
    with pytest.raises(card_services.RefundError) as excinfo:
        card_services.refund_card_payment(
            card_payment_id=payment.pk, amount=60000, actor=admin_user
        )
    assert "At most ₫50,000 can still be refunded." == str(excinfo.value)
    assert CardRefund.objects.count() == 0
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 100000


def test_refund_message_is_vietnamese_by_default(admin_user):
    translation.activate("vi")
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    with pytest.raises(card_services.RefundError) as excinfo:
        card_services.refund_card_payment(
            card_payment_id=payment.pk, amount=150001, actor=admin_user
        )
    assert str(excinfo.value).replace("\xa0", " ") == "Chỉ còn có thể hoàn tối đa 150.000 ₫."


@pytest.mark.parametrize("amount", [0, -5, "100"])
def test_refund_amount_must_be_a_positive_whole_number(amount, admin_user):
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    with pytest.raises(card_services.RefundError):
        card_services.refund_card_payment(card_payment_id=payment.pk, amount=amount, actor=None)
    assert CardRefund.objects.count() == 0


@pytest.mark.parametrize(
    "status",
    [CardPayment.Status.REQUIRES_PAYMENT, CardPayment.Status.FAILED, CardPayment.Status.CANCELED],
)
def test_only_paid_payments_can_be_refunded(status):
    payment = card_payment(status=status)
    with pytest.raises(card_services.RefundError) as excinfo:
        card_services.refund_card_payment(card_payment_id=payment.pk, amount=1000, actor=None)
    assert str(excinfo.value) == "Only a paid card payment can be refunded."


def test_fully_refunded_payment_cannot_be_refunded_again():
    payment = card_payment(status=CardPayment.Status.SUCCEEDED, amount_refunded=150000)
    with pytest.raises(card_services.RefundError) as excinfo:
        card_services.refund_card_payment(card_payment_id=payment.pk, amount=1, actor=None)
    assert str(excinfo.value) == "This payment has already been refunded in full."


def test_stripe_unreachable_refund_is_reported_and_nothing_recorded():
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    with pytest.raises(card_services.RefundError) as excinfo:
        card_services.refund_card_payment(card_payment_id=payment.pk, amount=1000, actor=None)
    assert "will not be made twice" in str(excinfo.value)
    assert CardRefund.objects.count() == 0
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 0


# --- Starting a payment ------------------------------------------------------------------------


def test_card_payment_needs_both_keys(settings):
    settings.STRIPE_PUBLISHABLE_KEY = ""
    with pytest.raises(card_services.CardPaymentError) as excinfo:
        card_services.create_card_payment(order_number="100042", amount=150000)
    assert str(excinfo.value) == "Card payments are not available right now."
    assert CardPayment.objects.count() == 0


@pytest.mark.parametrize("amount", [0, -1, 1.5, True])
def test_card_payment_amount_must_be_whole_dong(amount):
    with pytest.raises(card_services.CardPaymentError):
        card_services.create_card_payment(order_number="100042", amount=amount)
    assert CardPayment.objects.count() == 0


def test_existing_payment_for_same_order_and_amount_is_reused_without_calling_stripe():
    payment = card_payment()
    again = card_services.create_card_payment(order_number="100042", amount=150000)
    assert again.pk == payment.pk
    assert CardPayment.objects.count() == 1


def test_stripe_unreachable_when_starting_gives_a_clear_error():
    with pytest.raises(card_services.CardPaymentError) as excinfo:
        card_services.create_card_payment(order_number="100043", amount=150000)
    assert "could not be started" in str(excinfo.value)
    assert CardPayment.objects.count() == 0


# --- Gateway -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "publishable", "enabled"),
    [("", "", False), ("sk_test_x", "", False), ("", "pk_test_x", False), ("sk_x", "pk_x", True)],
)
def test_card_enabled_only_with_both_keys(settings, secret, publishable, enabled):
    settings.STRIPE_SECRET_KEY = secret
    settings.STRIPE_PUBLISHABLE_KEY = publishable
    assert stripe_gateway.card_enabled() is enabled


def test_idempotency_key_is_stable_per_order_and_amount():
    key = stripe_gateway.idempotency_key("payment_intent", "100042", 150000, 0)
    assert key == stripe_gateway.idempotency_key("payment_intent", "100042", 150000, 0)
    assert key != stripe_gateway.idempotency_key("payment_intent", "100042", 150001, 0)
    assert key != stripe_gateway.idempotency_key("payment_intent", "100043", 150000, 0)
    assert len(key) <= 255


def test_system_check_warns_when_cards_are_on_without_webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert stripe_webhook_secret_check in registry.get_checks()
    assert [issue.id for issue in stripe_webhook_secret_check(None)] == ["payments.W001"]


def test_system_check_is_quiet_with_webhook_secret_or_without_cards(settings):
    assert stripe_webhook_secret_check(None) == []
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    assert stripe_webhook_secret_check(None) == []
