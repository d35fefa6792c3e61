"""Split orders and the payout ledger: groups per producer, sale and fee once, refunds, payouts."""

from __future__ import annotations

import pytest

from fulfilment import services
from fulfilment.models import FulfilmentGroup, LedgerAppendOnly, PayoutEntry
from payments import order_status
from payments.settle import services as settle
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return builders.producer_pair()


@pytest.fixture
def shared_order(pair):
    a, b = pair
    tea = factories.product(title="Chè móc câu 200g", price=250000, owner=a)
    tea_gift = factories.product(title="Hộp quà chè", price=450000, owner=a)
    honey = factories.product(title="Mật ong hoa nhãn", price=180000, owner=b)
    return builders.place_order(
        [(tea, 2), (tea_gift, 1), (honey, 3)], number="100001", user=builders.shopper()
    )


def ledger(producer):
    return {
        (e.kind, e.amount)
        for e in PayoutEntry.objects.filter(producer=producer, order_number="100001")
    }


def test_placing_an_order_splits_it_into_one_group_per_producer(pair, shared_order):
    a, b = pair
    groups = {g.partner_id: g for g in FulfilmentGroup.objects.filter(order=shared_order)}
    assert set(groups) == {a.partner_id, b.partner_id}
    group_a, group_b = groups[a.partner_id], groups[b.partner_id]
    assert sorted(line.title for line in group_a.lines.all()) == ["Chè móc câu 200g", "Hộp quà chè"]
    assert [line.title for line in group_b.lines.all()] == ["Mật ong hoa nhãn"]
    assert (group_a.items_total, group_a.num_items) == (950000, 3)
    assert (group_b.items_total, group_b.num_items) == (540000, 3)
    assert group_a.status == group_b.status == FulfilmentGroup.Status.NEW
    # The shopper still has one order with every line.
    assert shared_order.lines.count() == 3


def test_splitting_again_changes_nothing(shared_order):
    before = list(
        FulfilmentGroup.objects.filter(order=shared_order).values_list("id", "items_total")
    )
    services.create_fulfilment_groups(order=shared_order)
    services.create_fulfilment_groups(order=shared_order)
    after = list(
        FulfilmentGroup.objects.filter(order=shared_order).values_list("id", "items_total")
    )
    assert before == after
    assert sum(g.lines.count() for g in FulfilmentGroup.objects.filter(order=shared_order)) == 3


def test_paid_order_books_sale_and_five_percent_fee_per_producer(pair, shared_order):
    a, b = pair
    created = builders.book_paid("100001")
    assert len(created) == 4
    assert ledger(a) == {("sale", 950000), ("fee", -47500)}
    assert ledger(b) == {("sale", 540000), ("fee", -27000)}


def test_payment_confirmed_twice_is_booked_once(pair, shared_order):
    a, _ = pair
    builders.book_paid("100001")
    assert builders.book_paid("100001") == []
    assert PayoutEntry.objects.filter(producer=a).count() == 2


def test_fee_is_rounded_to_a_whole_dong(settings, pair):
    a, _ = pair
    settings.PLATFORM_FEE_PERCENT = 2.5
    item = factories.product(title="Trứng gà ri", price=45001, owner=a)
    builders.place_order([(item, 1)], number="100002")
    builders.book_paid("100002")
    fee = PayoutEntry.objects.get(producer=a, order_number="100002", kind="fee")
    assert fee.amount == -1125  # 2.5 % of 45 001 = 1 125.025 → 1 125 đồng


def test_fee_rounds_half_up():
    assert services.platform_fee(10) == 1  # 5 % of 10 = 0.5 → 1
    assert services.platform_fee(9) == 0  # 0.45 → 0
    assert services.platform_fee(250000) == 12500


def test_a_cancelled_part_is_not_credited(pair, shared_order):
    a, b = pair
    group_b = FulfilmentGroup.objects.get(order=shared_order, partner=b.partner)
    services.fulfilment_group_set_status(group=group_b, status="cancelled")
    builders.book_paid("100001")
    assert ledger(a) == {("sale", 950000), ("fee", -47500)}
    assert ledger(b) == set()


def test_ledger_entries_cannot_be_changed_or_deleted(pair, shared_order):
    builders.book_paid("100001")
    entry = PayoutEntry.objects.filter(kind="sale").first()
    entry.amount = 1
    with pytest.raises(LedgerAppendOnly):
        entry.save()
    with pytest.raises(LedgerAppendOnly):
        entry.delete()
    with pytest.raises(LedgerAppendOnly):
        PayoutEntry.objects.filter(kind="sale").update(amount=1)
    with pytest.raises(LedgerAppendOnly):
        PayoutEntry.objects.all().delete()
    assert PayoutEntry.objects.get(pk=entry.pk).amount == 950000


def test_refund_is_a_negative_entry_and_cannot_exceed_the_sale(pair, shared_order):
    a, b = pair
    builders.book_paid("100001")
    refund = services.record_refund(
        order_number="100001", producer=a, amount=250000, note="Hộp bị móp"
    )
    assert (refund.kind, refund.amount, refund.note) == ("refund", -250000, "Hộp bị móp")
    services.record_refund(order_number="100001", producer=a, amount=700000)
    with pytest.raises(services.FulfilmentError):
        services.record_refund(order_number="100001", producer=a, amount=1)
    assert PayoutEntry.objects.filter(producer=a, kind="refund").count() == 2
    # B's ledger is untouched by A's refunds.
    assert ledger(b) == {("sale", 540000), ("fee", -27000)}


@pytest.mark.parametrize("amount", [0, -5, 1.5, "100", True])
def test_refund_amount_must_be_a_positive_whole_number(pair, shared_order, amount):
    a, _ = pair
    builders.book_paid("100001")
    with pytest.raises(services.FulfilmentError):
        services.record_refund(order_number="100001", producer=a, amount=amount)
    assert not PayoutEntry.objects.filter(kind="refund").exists()


def test_refund_needs_a_paid_sale(pair, shared_order):
    a, _ = pair
    with pytest.raises(services.FulfilmentError):
        services.record_refund(order_number="100001", producer=a, amount=1000)


def test_payout_cannot_exceed_the_balance(pair, shared_order):
    a, _ = pair
    builders.book_paid("100001")
    with pytest.raises(services.FulfilmentError):
        services.record_payout(producer=a, amount=902501)
    payout = services.record_payout(producer=a, amount=902500, note="UNC 0001")
    assert payout.amount == -902500
    assert sum(PayoutEntry.objects.filter(producer=a).values_list("amount", flat=True)) == 0


def test_group_moves_new_packed_shipped_delivered_with_timestamps(shared_order):
    group = FulfilmentGroup.objects.filter(order=shared_order).first()
    for status in ("packed", "shipped", "delivered"):
        group = services.fulfilment_group_set_status(group=group, status=status)
    group.refresh_from_db()
    assert group.status == "delivered"
    assert group.packed_at and group.shipped_at and group.delivered_at
    assert [(e.from_status, e.to_status) for e in group.events.all()] == [
        ("new", "packed"),
        ("packed", "shipped"),
        ("shipped", "delivered"),
    ]


def test_group_cannot_skip_or_go_back(shared_order):
    group = FulfilmentGroup.objects.filter(order=shared_order).first()
    with pytest.raises(services.FulfilmentError):
        services.fulfilment_group_set_status(group=group, status="shipped")
    group = services.fulfilment_group_set_status(group=group, status="packed")
    with pytest.raises(services.FulfilmentError):
        services.fulfilment_group_set_status(group=group, status="new")
    with pytest.raises(services.FulfilmentError):
        services.fulfilment_group_set_status(group=group, status="lost")
    group.refresh_from_db()
    assert group.status == "packed"


def test_unpaid_order_cannot_be_packed(pair):
    a, _ = pair
    item = factories.product(title="Chè búp", price=100000, owner=a)
    order = builders.place_order([(item, 1)], number="100003", status=order_status.PENDING_PAYMENT)
    group = FulfilmentGroup.objects.get(order=order)
    with pytest.raises(services.FulfilmentError, match="100003"):
        services.fulfilment_group_set_status(group=group, status="packed")
    group.refresh_from_db()
    assert group.status == "new"


def test_cash_on_delivery_order_can_be_packed(pair):
    a, _ = pair
    item = factories.product(title="Chè búp", price=100000, owner=a)
    order = builders.place_order([(item, 1)], number="100004", status=order_status.CASH_ON_DELIVERY)
    group = services.fulfilment_group_set_status(
        group=FulfilmentGroup.objects.get(order=order), status="packed"
    )
    assert group.status == "packed"


def test_cancelling_the_order_cancels_groups_not_yet_shipped(pair):
    a, b = pair
    tea = factories.product(title="Chè", price=100000, owner=a)
    honey = factories.product(title="Mật ong", price=100000, owner=b)
    order = builders.place_order([(tea, 1), (honey, 1)], number="100005")
    group_b = FulfilmentGroup.objects.get(order=order, partner=b.partner)
    services.fulfilment_group_set_status(group=group_b, status="packed")
    services.fulfilment_group_set_status(group=group_b, status="shipped")
    settle.cancel_order(order_number="100005", actor=builders.staff())
    statuses = dict(FulfilmentGroup.objects.filter(order=order).values_list("partner_id", "status"))
    assert statuses == {a.partner_id: "cancelled", b.partner_id: "shipped"}
