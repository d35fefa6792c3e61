"""Card checkout end to end against localstripe: the order is paid only by the signed webhook."""

import pytest
from oscar.core.loading import get_model

from payments import order_status
from payments.models import CardPayment
from tests.payments.stripe_helpers import intent_event, signature_header
from tests.payments.test_checkout import checkout, viet_nam  # noqa: F401  (fixture)

pytestmark = [pytest.mark.services, pytest.mark.django_db]
Order = get_model("order", "Order")


def test_card_checkout_waits_for_the_webhook_then_is_paid(client, localstripe):
    order, card_page, _product = checkout(client, "card", price=250000)
    assert order.status == order_status.PENDING_PAYMENT
    assert card_page.status_code == 200
    payment = CardPayment.objects.get(order_number=order.number)
    assert payment.amount == 250000 and payment.payment_intent_id.startswith("pi_")

    # The browser coming back from Stripe proves nothing: the order is still waiting.
    client.get(f"/pay/card/{order.number}/return/")
    order.refresh_from_db()
    assert order.status == order_status.PENDING_PAYMENT

    body = intent_event("payment_intent.succeeded", payment.payment_intent_id, 250000)
    header = signature_header(body, secret="whsec_test_choso_localstripe")
    for _delivery in range(2):
        response = client.post(
            "/pay/webhooks/stripe/",
            body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=header,
        )
        assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == order_status.PAID
    assert order.payment_events.count() == 1
    assert "Đã thanh toán" in client.get(f"/pay/orders/{order.number}/status.json").json()["label"]


def test_card_is_offered_only_with_keys(client, localstripe, settings):
    from tests import factories

    product = factories.product()
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/shop/checkout/", {"username": "a@example.vn", "options": "anonymous"})
    client.post(
        "/shop/checkout/shipping-address/",
        {
            "first_name": "Lan",
            "line1": "1 Phố",
            "line4": "Xã Tân Cương",
            "state": "Tỉnh Thái Nguyên",
            "country": "VN",
        },
    )
    client.get("/shop/checkout/shipping-method/")
    assert 'value="card"' in client.get("/shop/checkout/payment-method/").content.decode()
    settings.STRIPE_SECRET_KEY = ""
    assert 'value="card"' not in client.get("/shop/checkout/payment-method/").content.decode()
