"""Payment confirmations from the bank feed and Stripe book the producers' sales, once."""

from __future__ import annotations

import pytest

from fulfilment.models import PayoutEntry
from payments.models import CardPayment, PaymentRequest
from payments.signals import card_payment_succeeded, payment_request_settled
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    a, b = builders.producer_pair()
    tea = factories.product(title="Chè", price=200000, owner=a)
    honey = factories.product(title="Mật ong", price=100000, owner=b)
    return builders.place_order([(tea, 1), (honey, 2)], number="200001")


def payment_request(**fields):
    defaults = {
        "reference": "CS7K2P9Q",
        "kind": PaymentRequest.Kind.ORDER,
        "amount": 400000,
        "bank_bin": "970436",
        "account_number": "1023456789",
        "order_number": "200001",
    }
    return PaymentRequest.objects.create(**{**defaults, **fields})


def test_paid_transfer_books_each_producers_sale_and_fee(order):
    request = payment_request(status=PaymentRequest.Status.PAID)
    payment_request_settled.send(sender=PaymentRequest, payment_request=request, event=None)
    payment_request_settled.send(sender=PaymentRequest, payment_request=request, event=None)
    rows = sorted(PayoutEntry.objects.values_list("producer__slug", "kind", "amount"))
    assert rows == [
        ("htx-che-tan-cuong", "fee", -10000),
        ("htx-che-tan-cuong", "sale", 200000),
        ("htx-mat-ong-dinh-hoa", "fee", -10000),
        ("htx-mat-ong-dinh-hoa", "sale", 200000),
    ]


@pytest.mark.parametrize("status", ["underpaid", "expired", "pending"])
def test_unpaid_transfer_books_nothing(order, status):
    request = payment_request(status=status)
    payment_request_settled.send(sender=PaymentRequest, payment_request=request, event=None)
    assert not PayoutEntry.objects.exists()


def test_stall_sale_without_order_books_nothing(order):
    request = payment_request(
        status=PaymentRequest.Status.PAID, order_number="", kind=PaymentRequest.Kind.STALL_SALE
    )
    payment_request_settled.send(sender=PaymentRequest, payment_request=request, event=None)
    assert not PayoutEntry.objects.exists()


def test_card_payment_books_the_sales(order):
    payment = CardPayment.objects.create(
        order_number="200001", payment_intent_id="pi_123", amount=400000, status="succeeded"
    )
    card_payment_succeeded.send(sender=CardPayment, card_payment=payment)
    assert PayoutEntry.objects.filter(kind="sale").count() == 2


def test_payment_for_an_unknown_order_is_logged_not_raised(order, caplog):
    request = payment_request(status=PaymentRequest.Status.PAID, order_number="NOPE")
    payment_request_settled.send(sender=PaymentRequest, payment_request=request, event=None)
    assert not PayoutEntry.objects.exists()
    assert "NOPE" in caplog.text
