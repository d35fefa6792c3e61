"""Card payments against localstripe (a local Stripe API, started in-process): success, decline,
3-D Secure, full and partial refunds, and Stripe's own signed webhook reaching the site."""

from __future__ import annotations

import json
import time

import pytest
import requests

from payments.cards import gateway as stripe_gateway
from payments.cards import services as card_services
from payments.models import CardPayment, CardRefund
from tests import factories
from tests.payments.stripe_helpers import card_order, paid_events, signature_header

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db,
    # localstripe registers plain functions as aiohttp handlers.
    pytest.mark.filterwarnings("ignore:Bare functions are deprecated:DeprecationWarning"),
]

VISA = "4242424242424242"
DECLINED = "4000000000000341"
THREE_D_SECURE = "4000002500003155"


def payment_method(number: str) -> str:
    created = stripe_gateway.client().v1.payment_methods.create(
        {
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    return created.id


def intent(payment: CardPayment) -> dict:
    return stripe_gateway.retrieve_payment_intent(payment.payment_intent_id)


def stripe_event(localstripe, event_type: str, payment_intent_id: str) -> bytes:
    """The event localstripe itself recorded, as the raw JSON Stripe would post."""
    response = requests.get(
        f"{localstripe.url}/v1/events",
        params={"type": event_type},
        headers={"Authorization": "Bearer sk_test_choso_localstripe"},
        timeout=5,
    )
    response.raise_for_status()
    for event in response.json()["data"]:
        if event["data"]["object"]["id"] == payment_intent_id:
            return json.dumps(event).encode()
    raise AssertionError(f"localstripe recorded no {event_type} for {payment_intent_id}")


def deliver(client, settings, payload: bytes):
    return client.post(
        "/pay/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, secret=settings.STRIPE_WEBHOOK_SECRET),
    )


def paid_card_payment(localstripe, client, settings, amount: int = 150000) -> CardPayment:
    payment = card_services.create_card_payment(
        order_number="100042", amount=amount, payment_method=payment_method(VISA), confirm=True
    )
    payload = stripe_event(localstripe, "payment_intent.succeeded", payment.payment_intent_id)
    assert deliver(client, settings, payload).status_code == 200
    payment.refresh_from_db()
    assert payment.status == CardPayment.Status.SUCCEEDED
    return payment


def test_visa_succeeds_at_stripe_but_is_paid_only_by_the_webhook(localstripe, client, settings):
    order = card_order("100042", 150000)
    payment = card_services.create_card_payment(
        order_number="100042",
        amount=150000,
        email="lan@example.vn",
        payment_method=payment_method(VISA),
        confirm=True,
    )
    stripe_side = intent(payment)
    assert stripe_side["status"] == "succeeded"
    assert (stripe_side["amount"], stripe_side["currency"]) == (150000, "vnd")  # zero-decimal
    assert stripe_side["metadata"] == {"order_number": "100042", "email": "lan@example.vn"}
    assert payment.status == CardPayment.Status.REQUIRES_PAYMENT
    assert payment.paid_at is None

    # Reading Stripe (as the return page does) still does not mark it paid.
    assert card_services.refresh_card_payment(card_payment_id=payment.pk) == "succeeded"
    assert CardPayment.objects.get(pk=payment.pk).status == CardPayment.Status.REQUIRES_PAYMENT

    assert paid_events(order.number) == 0
    payload = stripe_event(localstripe, "payment_intent.succeeded", payment.payment_intent_id)
    assert deliver(client, settings, payload).status_code == 200
    assert deliver(client, settings, payload).status_code == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == CardPayment.Status.SUCCEEDED and payment.paid_at is not None
    assert order.status == "Paid" and paid_events(order.number) == 1


def test_declined_card_is_recorded_as_failed(localstripe, client):
    payment = card_services.create_card_payment(
        order_number="100043", amount=90000, payment_method=payment_method(DECLINED), confirm=True
    )
    assert payment.status == CardPayment.Status.FAILED
    assert intent(payment)["status"] == "requires_payment_method"

    session = client.session
    session["checkout_order_numbers"] = ["100043"]
    session.save()
    html = client.get("/pay/card/100043/return/").content.decode()
    assert 'data-state="failed"' in html and 'href="/pay/card/100043/"' in html
    with pytest.raises(card_services.RefundError):
        card_services.refund_card_payment(card_payment_id=payment.pk, amount=90000, actor=None)


def test_three_d_secure_card_waits_for_the_bank(localstripe, client):
    payment = card_services.create_card_payment(
        order_number="100044",
        amount=120000,
        payment_method=payment_method(THREE_D_SECURE),
        confirm=True,
    )
    assert payment.status == CardPayment.Status.REQUIRES_ACTION
    assert intent(payment)["status"] == "requires_action"
    assert card_services.refresh_card_payment(card_payment_id=payment.pk) == "requires_action"
    assert CardPayment.objects.get(pk=payment.pk).status == CardPayment.Status.REQUIRES_ACTION


def test_retry_for_the_same_order_and_amount_makes_one_intent_with_idempotency_keys(localstripe):
    first = card_services.create_card_payment(order_number="100045", amount=150000)
    again = card_services.create_card_payment(order_number="100045", amount=150000)
    assert again.pk == first.pk
    creates = localstripe.posts("/v1/payment_intents")
    assert len(creates) == 1
    assert creates[0][2] == stripe_gateway.idempotency_key("payment_intent", "100045", 150000, 0)

    changed = card_services.create_card_payment(order_number="100045", amount=175000)
    assert changed.payment_intent_id != first.payment_intent_id
    assert CardPayment.objects.filter(order_number="100045").count() == 2
    assert all(key.startswith("choso-") for _m, _p, key in localstripe.posts("/v1/"))


def test_card_page_mounts_stripe_with_the_intent(localstripe, client):
    payment = card_services.create_card_payment(order_number="100046", amount=150000)
    session = client.session
    session["checkout_order_numbers"] = ["100046"]
    session.save()
    response = client.get("/pay/card/100046/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script src="https://js.stripe.com/v3/"></script>' in html
    assert "/static/payments/card.js" in html
    assert f'data-client-secret="{intent(payment)["client_secret"]}"' in html
    assert 'data-publishable-key="pk_test_choso_localstripe"' in html
    assert 'data-return-url="http://testserver/pay/card/100046/return/"' in html


def test_full_refund(localstripe, client, settings, admin_user):
    payment = paid_card_payment(localstripe, client, settings)
    refund = card_services.refund_card_payment(
        card_payment_id=payment.pk, amount=150000, actor=admin_user
    )
    payment.refresh_from_db()
    assert refund.stripe_refund_id.startswith("re_") and refund.amount == 150000
    assert refund.created_by == admin_user
    assert payment.amount_refunded == 150000
    assert intent(payment)["latest_charge"]["amount_refunded"] == 150000
    with pytest.raises(card_services.RefundError):
        card_services.refund_card_payment(card_payment_id=payment.pk, amount=1, actor=admin_user)


def test_partial_refunds_add_up_and_over_refund_never_reaches_stripe(
    localstripe, client, settings, admin_user
):
    payment = paid_card_payment(localstripe, client, settings)
    card_services.refund_card_payment(card_payment_id=payment.pk, amount=50000, actor=admin_user)
    card_services.refund_card_payment(card_payment_id=payment.pk, amount=30000, actor=admin_user)
    payment.refresh_from_db()
    assert payment.amount_refunded == 80000
    assert sorted(CardRefund.objects.values_list("amount", flat=True)) == [30000, 50000]
    assert intent(payment)["latest_charge"]["amount_refunded"] == 80000

    refund_calls = len(localstripe.posts("/v1/refunds"))
    with pytest.raises(card_services.RefundError) as excinfo:
        card_services.refund_card_payment(
            card_payment_id=payment.pk, amount=70001, actor=admin_user
        )
    assert "70.000" in str(excinfo.value).replace(",", ".")
    assert len(localstripe.posts("/v1/refunds")) == refund_calls
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 80000

    # Stripe's charge.refunded webhook for the same refunds changes nothing.
    payload = json.dumps(
        {
            "id": "evt_refund_80000",
            "type": "charge.refunded",
            "data": {
                "object": {
                    "id": intent(payment)["latest_charge"]["id"],
                    "object": "charge",
                    "amount": 150000,
                    "amount_refunded": 80000,
                    "payment_intent": payment.payment_intent_id,
                }
            },
        }
    ).encode()
    assert deliver(client, settings, payload).status_code == 200
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 80000


def test_staff_refund_through_the_dashboard(localstripe, client, settings):
    payment = paid_card_payment(localstripe, client, settings)
    staff = factories.finance_user("staff")
    client.force_login(staff)
    url = f"/pay/dashboard/card-payments/{payment.pk}/refund/"
    confirm = client.post(url, {"amount": "50.000"})
    assert "Hoàn 50.000" in confirm.content.decode().replace("\xa0", " ")
    assert CardRefund.objects.count() == 0

    done = client.post(url, {"amount": "50000", "confirmed": "1"}, follow=True)
    html = done.content.decode().replace("\xa0", " ")
    assert done.redirect_chain[-1][0] == "/pay/dashboard/card-payments/"
    assert "Đã hoàn 50.000 ₫ cho đơn hàng 100042." in html
    refund = CardRefund.objects.get()
    assert (refund.amount, refund.created_by) == (50000, staff)
    assert CardPayment.objects.get(pk=payment.pk).amount_refunded == 50000


@pytest.mark.django_db(transaction=True)
def test_stripe_delivers_its_signed_webhook_to_the_site(localstripe, live_server):
    """localstripe posts the signed payment_intent.succeeded to the running site by itself."""
    order = card_order("100047", 150000)
    response = requests.post(
        f"{localstripe.url}/_config/webhooks/choso",
        data={
            "url": f"{live_server.url}/pay/webhooks/stripe/",
            "secret": "whsec_test_choso_localstripe",
        },
        timeout=5,
    )
    assert response.status_code == 200
    payment = card_services.create_card_payment(
        order_number="100047",
        amount=150000,
        payment_method=payment_method(VISA),
        confirm=True,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        payment.refresh_from_db()
        if payment.status == CardPayment.Status.SUCCEEDED:
            break
        time.sleep(0.1)
    order.refresh_from_db()
    # The card payment and the order were settled in one transaction: both or neither.
    assert payment.status == CardPayment.Status.SUCCEEDED
    assert order.status == "Paid" and paid_events(order.number) == 1


def test_staff_cancelling_an_order_cancels_its_open_payment_intent(localstripe, client):
    from tests.fulfilment import builders

    order = card_order("100061", 150000)
    payment = card_services.create_card_payment(order_number=order.number, amount=150000)
    assert intent(payment)["status"] == "requires_payment_method"
    client.force_login(builders.staff())
    client.post(
        f"/shop/dashboard/orders/{order.number}/",
        {"order_action": "change_order_status", "new_status": "Cancelled"},
    )
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == "Cancelled"
    assert intent(payment)["status"] == "canceled"
    assert payment.status == CardPayment.Status.CANCELED


def test_a_card_charged_after_the_order_was_cancelled_is_refund_due(localstripe, client, settings):
    from fulfilment.models import PayoutEntry
    from payments.settle import services as settle
    from tests.fulfilment import builders

    order = card_order("100062", 150000)
    payment = card_services.create_card_payment(
        order_number=order.number, amount=150000, payment_method=payment_method(VISA)
    )
    # Cancelled while the shopper was still on Stripe's page (and Stripe was not told).
    assert settle.cancel_order(order_number=order.number, actor=builders.staff()) == [
        payment.payment_intent_id
    ]
    stripe_gateway.confirm_payment_intent(payment_intent_id=payment.payment_intent_id, key="k1")
    payload = stripe_event(localstripe, "payment_intent.succeeded", payment.payment_intent_id)
    assert deliver(client, settings, payload).status_code == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == CardPayment.Status.SUCCEEDED and payment.refund_due is True
    assert order.status == "Cancelled" and paid_events(order.number) == 0
    assert not PayoutEntry.objects.filter(order_number=order.number).exists()
