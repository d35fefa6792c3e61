"""On PostgreSQL, payment confirmations racing each other book each producer's sale once."""

from __future__ import annotations

import pytest

from fulfilment import services
from fulfilment.models import FulfilmentGroup, FulfilmentLine, PayoutEntry
from tests import factories
from tests.conftest import in_parallel
from tests.fulfilment import builders

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]

THREADS = 8


def test_eight_payment_confirmations_at_once_book_sale_and_fee_once(postgres):
    a, b = builders.producer_pair()
    tea = factories.product(title="Chè", price=250000, owner=a)
    honey = factories.product(title="Mật ong", price=180000, owner=b)
    order = builders.place_order([(tea, 2), (honey, 1)], number="700001")
    # As if checkout had not split it yet: the confirmations race to do it too.
    FulfilmentLine.objects.all().delete()
    FulfilmentGroup.objects.all().delete()

    written = in_parallel(lambda _i: len(builders.book_paid("700001")))

    assert sum(written) == 4
    rows = sorted(PayoutEntry.objects.values_list("producer__slug", "kind", "amount"))
    assert rows == [
        ("htx-che-tan-cuong", "fee", -25000),
        ("htx-che-tan-cuong", "sale", 500000),
        ("htx-mat-ong-dinh-hoa", "fee", -9000),
        ("htx-mat-ong-dinh-hoa", "sale", 180000),
    ]
    assert FulfilmentGroup.objects.filter(order=order).count() == 2
    assert FulfilmentLine.objects.count() == 2


def test_eight_payouts_at_once_never_overdraw(postgres):
    a, _ = builders.producer_pair()
    tea = factories.product(title="Chè", price=100000, owner=a)
    builders.place_order([(tea, 1)], number="700002")
    builders.book_paid("700002")  # balance 95 000

    def pay(_i):
        try:
            services.record_payout(producer=a, amount=50000)
            return True
        except services.FulfilmentError:
            return False

    assert sum(in_parallel(pay)) == 1
    assert sum(PayoutEntry.objects.filter(producer=a).values_list("amount", flat=True)) == 45000
