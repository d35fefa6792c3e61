"""The settle service: a confirmed payment reaches the order, the producers' ledger or the
refund queue — all in one transaction, never twice, never for a closed order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment import ledger
from fulfilment.models import FulfilmentGroup, PayoutEntry
from payments import methods, order_status
from payments.bankfeed.reconcile import reconcile_bank_event
from payments.models import BankFeedEvent, CardPayment, PaymentRequest
from payments.settle import services as settle
from tests import factories
from tests.fulfilment import builders
from tests.payments.bankfeed_support import SHOP_ACCOUNT

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Event = BankFeedEvent.Status
Request = PaymentRequest.Status
_ids = iter(range(1, 10_000))


@pytest.fixture
def pair():
    return builders.producer_pair()


def transfer_order(pair, *, method: str = methods.TRANSFER):
    return builders.transfer_order(*pair, method=method)


def transfer(content: str, amount: int) -> BankFeedEvent:
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id=str(next(_ids)),
        content=content,
        amount=amount,
        account_number=SHOP_ACCOUNT,
        transacted_at=timezone.now(),
    )
    return reconcile_bank_event(event_id=event.pk)


def ledger_rows(number: str):
    return sorted(
        PayoutEntry.objects.filter(order_number=number).values_list(
            "producer__slug", "kind", "amount"
        )
    )


PAID_LEDGER = [
    ("htx-che-tan-cuong", "fee", -5000),
    ("htx-che-tan-cuong", "sale", 100000),
    ("htx-mat-ong-dinh-hoa", "fee", -2500),
    ("htx-mat-ong-dinh-hoa", "sale", 50000),
]


def paid_events(order) -> int:
    return order.payment_events.filter(event_type__code="paid").count()


def expire(order) -> bool:
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - dt.timedelta(hours=1))
    return settle.expire_order(order_number=order.number)


# --- Paid, underpaid, overpaid --------------------------------------------------------------


def test_a_matching_transfer_pays_the_order_and_credits_each_producer_once(pair):
    order = transfer_order(pair)
    event = transfer(f"MBVCB.{order.number}.CT", 150000)
    order.refresh_from_db()
    assert event.status == Event.MATCHED
    assert PaymentRequest.objects.get(reference=order.number).status == Request.PAID
    assert order.status == order_status.PAID
    assert paid_events(order) == 1
    assert order.sources.get().amount_debited == 150000
    assert ledger_rows(order.number) == PAID_LEDGER
    # A second run of the same event (a redelivered task) changes nothing.
    reconcile_bank_event(event_id=event.pk)
    assert paid_events(order) == 1 and len(ledger_rows(order.number)) == 4


def test_an_underpaid_order_waits_and_a_top_up_pays_it(pair):
    order = transfer_order(pair)
    first = transfer(order.number, 100000)
    order.refresh_from_db()
    assert first.status == Event.UNDERPAID
    assert order.status == order_status.PENDING_PAYMENT
    assert ledger_rows(order.number) == []
    assert "100.000 ₫" in order.notes.get().message

    second = transfer(order.number, 50000)
    order.refresh_from_db()
    assert second.status == Event.MATCHED
    assert order.status == order_status.PAID and paid_events(order) == 1
    assert ledger_rows(order.number) == PAID_LEDGER


def test_an_overpaid_order_is_paid_and_the_difference_flagged(pair):
    order = transfer_order(pair)
    event = transfer(order.number, 200000)
    order.refresh_from_db()
    assert event.status == Event.OVERPAID
    assert order.status == order_status.PAID
    assert ledger_rows(order.number) == PAID_LEDGER  # producers get their sale, not the extra
    assert "50.000 ₫" in order.notes.order_by("-pk").first().message


# --- Dead orders: the money is late, refunded, never credited ---------------------------------


def test_underpaid_then_expired_then_topped_up_credits_nobody(pair):
    """Underpaid → expired → top-up used to credit the producer 45.000 ₫."""
    order = transfer_order(pair)
    partial = transfer(order.number, 105000)
    assert expire(order) is True
    partial.refresh_from_db()
    order.refresh_from_db()
    assert order.status == order_status.PAYMENT_EXPIRED
    assert PaymentRequest.objects.get(reference=order.number).status == Request.EXPIRED
    assert partial.status == Event.LATE  # what arrived waits in the queue for a refund
    assert "105.000 ₫" in partial.log.last().note

    top_up = transfer(order.number, 45000)
    order.refresh_from_db()
    assert top_up.status == Event.LATE
    assert order.status == order_status.PAYMENT_EXPIRED
    assert paid_events(order) == 0
    assert ledger_rows(order.number) == []


def test_a_transfer_for_an_order_staff_cancelled_is_late(pair):
    order = transfer_order(pair)
    intents = settle.cancel_order(order_number=order.number, actor=builders.staff())
    assert intents == []
    assert PaymentRequest.objects.get(reference=order.number).status == Request.CANCELLED
    event = transfer(order.number, 150000)
    order.refresh_from_db()
    assert event.status == Event.LATE
    assert order.status == order_status.CANCELLED
    assert ledger_rows(order.number) == []
    assert "hoàn tiền" in order.notes.order_by("-pk").first().message


def test_a_card_payment_after_expiry_is_refund_due_not_credited(pair):
    order = transfer_order(pair, method=methods.CARD)
    card = CardPayment.objects.create(
        order_number=order.number, payment_intent_id="pi_late", amount=150000
    )
    assert expire(order) is True
    assert settle.card_payment_succeeded(card_payment=card) is False
    card.refresh_from_db()
    order.refresh_from_db()
    assert card.status == CardPayment.Status.SUCCEEDED and card.refund_due is True
    assert order.status == order_status.PAYMENT_EXPIRED
    assert ledger_rows(order.number) == []


def test_cancelling_a_paid_order_takes_the_credit_back_and_queues_the_refund(pair):
    order = transfer_order(pair)
    event = transfer(order.number, 150000)
    staff = builders.staff()
    settle.cancel_order(order_number=order.number, actor=staff, note="Hết hàng")
    order.refresh_from_db()
    event.refresh_from_db()
    assert order.status == order_status.CANCELLED
    assert event.status == Event.LATE  # refund the shopper from the staff queue
    totals = {}
    for slug, _kind, amount in ledger_rows(order.number):
        totals[slug] = totals.get(slug, 0) + amount
    assert totals == {"htx-che-tan-cuong": 0, "htx-mat-ong-dinh-hoa": 0}
    assert {kind for _slug, kind, _amount in ledger_rows(order.number)} == {
        "sale",
        "fee",
        "refund",
        "fee_return",
    }
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {
        "cancelled"
    }
    with pytest.raises(settle.SettleError):
        settle.cancel_order(order_number=order.number, actor=staff)


def test_cancelling_an_order_returns_its_open_card_intents(pair):
    order = transfer_order(pair, method=methods.CARD)
    CardPayment.objects.create(order_number=order.number, payment_intent_id="pi_a", amount=150000)
    assert settle.cancel_order(order_number=order.number, actor=builders.staff()) == ["pi_a"]


def test_a_shipped_order_cannot_be_cancelled(pair):
    order = transfer_order(pair)
    Order.objects.filter(pk=order.pk).update(status=order_status.SHIPPED)
    with pytest.raises(settle.SettleError):
        settle.cancel_order(order_number=order.number, actor=builders.staff())


# --- One transaction ------------------------------------------------------------------------


def test_a_failure_while_booking_the_ledger_leaves_nothing_half_done(pair, monkeypatch):
    """Before, the order and the ledger were after-commit signal hops whose errors were
    swallowed: the request was paid and the event matched while the order stayed pending."""
    order = transfer_order(pair)
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id="boom",
        content=order.number,
        amount=150000,
        account_number=SHOP_ACCOUNT,
    )

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ledger, "book_paid_order", broken)
    with pytest.raises(RuntimeError):
        reconcile_bank_event(event_id=event.pk)
    event.refresh_from_db()
    order.refresh_from_db()
    assert event.status == Event.RECEIVED and event.log.count() == 0
    assert PaymentRequest.objects.get(reference=order.number).amount_received == 0
    assert order.status == order_status.PENDING_PAYMENT and paid_events(order) == 0

    monkeypatch.undo()  # the task is retried and now goes through, once
    assert reconcile_bank_event(event_id=event.pk).status == Event.MATCHED
    order.refresh_from_db()
    assert order.status == order_status.PAID
    assert ledger_rows(order.number) == PAID_LEDGER


# --- Cash on delivery -----------------------------------------------------------------------


def test_cash_is_recorded_once_whoever_records_it(pair):
    order = transfer_order(pair, method=methods.COD)
    Order.objects.filter(pk=order.pk).update(status=order_status.CASH_ON_DELIVERY)
    first, second = factories.finance_user("ketoan1"), factories.finance_user("ketoan2")
    assert settle.cash_received(order_number=order.number, actor=first) is True
    assert settle.cash_received(order_number=order.number, actor=second) is False
    order.refresh_from_db()
    assert order.status == order_status.PAID
    assert paid_events(order) == 1
    assert ledger_rows(order.number) == PAID_LEDGER


def test_cash_for_a_shipped_order_is_recorded_and_it_leaves_the_waiting_list(pair, client):
    order = transfer_order(pair, method=methods.COD)
    Order.objects.filter(pk=order.pk).update(status=order_status.SHIPPED)
    client.force_login(factories.finance_user())
    listed = f'data-order="{order.number}"'
    assert listed in client.get("/pay/dashboard/cod/").content.decode()
    client.post(f"/pay/dashboard/cod/{order.number}/cash-received/")
    order.refresh_from_db()
    assert order.status == order_status.SHIPPED and paid_events(order) == 1
    assert listed not in client.get("/pay/dashboard/cod/").content.decode()


def test_cash_for_a_cancelled_order_is_refused(pair):
    order = transfer_order(pair, method=methods.COD)
    Order.objects.filter(pk=order.pk).update(status=order_status.CANCELLED)
    with pytest.raises(settle.SettleError):
        settle.cash_received(order_number=order.number, actor=builders.staff())
    assert paid_events(order) == 0


# --- The invariant checker ------------------------------------------------------------------


def test_money_problems_is_empty_after_every_kind_of_settlement(pair):
    from payments.settle.selectors import money_problems

    paid = transfer_order(pair)
    transfer(paid.number, 150000)
    underpaid = transfer_order(pair)
    transfer(underpaid.number, 100000)
    expired = transfer_order(pair)
    transfer(expired.number, 50000)
    expire(expired)
    cancelled = transfer_order(pair)
    transfer(cancelled.number, 150000)
    settle.cancel_order(order_number=cancelled.number, actor=builders.staff())
    assert money_problems() == []


def test_money_problems_finds_a_paid_request_whose_order_was_never_paid(pair):
    """What the old after-commit hops left behind when a worker died at the wrong moment."""
    from payments.settle.selectors import money_problems

    order = transfer_order(pair)
    PaymentRequest.objects.filter(reference=order.number).update(
        status=Request.PAID, amount_received=150000
    )
    problems = money_problems()
    assert f"request {order.number} is paid but order is not" in problems
    assert any("events counted 0" in problem for problem in problems)


# --- Market stalls --------------------------------------------------------------------------


@pytest.fixture
def stall():
    from tests.market import builders as market_builders

    market = market_builders.market()
    return market_builders.stall(market, "HS-01", account_number="0451000123456")


def into_stall(content: str, amount: int, account: str = "0451000123456", tid=None):
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id=tid or str(next(_ids)),
        content=content,
        amount=amount,
        account_number=account,
        bank_reference=f"FT{next(_ids)}",
        transacted_at=timezone.now(),
    )
    return reconcile_bank_event(event_id=event.pk)


def test_a_paid_sale_qr_writes_the_stalls_sale_once(stall):
    from market.models import Sale
    from market.services import stall_charge_create

    charge = stall_charge_create(stall=stall, amount=150000, actor=None)
    reference = charge.payment_request.reference
    event = into_stall(f"MBVCB.1.{reference}.CT", 150000)
    assert event.status == Event.MATCHED
    reconcile_bank_event(event_id=event.pk)  # the task again: nothing more
    sale = Sale.objects.get()
    assert (sale.stall, sale.amount, sale.source) == (stall, 150000, "dynamic_qr")
    assert sale.bank_event == event and sale.payment_request == charge.payment_request


def test_a_sale_qr_paid_after_it_expired_is_still_the_stalls_sale(stall):
    from market.models import Sale
    from market.services import stall_charge_create

    charge = stall_charge_create(stall=stall, amount=50000, actor=None)
    PaymentRequest.objects.filter(pk=charge.payment_request.pk).update(
        status=Request.EXPIRED, expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert into_stall(charge.payment_request.reference, 50000).status == Event.MATCHED
    assert Sale.objects.get().amount == 50000


def test_money_into_a_stalls_account_without_our_reference_is_a_printed_qr_sale(stall):
    from market.models import Sale

    event = into_stall("NGUYEN VAN A chuyen tien", 35000)
    assert event.status == Event.MATCHED and event.payment_request is None
    sale = Sale.objects.get()
    assert (sale.stall, sale.amount, sale.source) == (stall, 35000, "static_qr")
    assert "HS-01" in event.log.get().note


def test_a_second_transfer_with_a_used_sale_qr_is_a_printed_qr_sale(stall):
    from market.models import Sale
    from market.services import stall_charge_create

    charge = stall_charge_create(stall=stall, amount=20000, actor=None)
    into_stall(charge.payment_request.reference, 20000)
    again = into_stall(charge.payment_request.reference, 20000)
    assert again.status == Event.MATCHED
    assert sorted(Sale.objects.values_list("source", flat=True)) == ["dynamic_qr", "static_qr"]
    charge.payment_request.refresh_from_db()
    assert charge.payment_request.amount_received == 20000


def test_an_account_two_stalls_share_goes_to_the_board_not_to_a_sale(stall):
    from market.models import Sale
    from tests.market import builders as market_builders

    market_builders.stall(stall.market, "HS-02", account_number="0451000123456")
    event = into_stall("chuyen tien", 35000)
    assert event.status == Event.AMBIGUOUS
    assert not Sale.objects.exists()


def test_money_into_an_account_no_stall_has_is_unmatched(stall):
    from market.models import Sale

    assert into_stall("chuyen tien", 35000, account="9999999999").status == Event.UNMATCHED
    assert not Sale.objects.exists()


def test_a_cash_sale_sent_twice_is_recorded_once(stall):
    import uuid

    from market.models import Sale

    token = uuid.uuid4()
    user = builders.shopper("stall.hs01")
    assert settle.stall_cash_sale(stall=stall, amount=40000, token=token, actor=user) is not None
    assert settle.stall_cash_sale(stall=stall, amount=40000, token=token, actor=user) is None
    sale = Sale.objects.get()
    assert (sale.source, sale.amount, sale.recorded_by) == ("cash", 40000, user)
    with pytest.raises(settle.SettleError):
        settle.stall_cash_sale(stall=stall, amount=0, token=uuid.uuid4(), actor=user)


def test_a_virtual_account_names_the_stall_of_a_market_collection_account():
    """One collection account for the market, a virtual account per stall (SePay subAccount)."""
    from market.models import Sale
    from market.services import stall_charge_create
    from tests.market import builders as market_builders

    market = market_builders.market()
    collection = {"account_number": "0451000999999"}
    a = market_builders.stall(market, "HS-01", virtual_account="VA0001", **collection)
    b = market_builders.stall(market, "HS-02", virtual_account="VA0002", **collection)
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id="va-1",
        content="chuyen tien",
        amount=30000,
        account_number="0451000999999",
        sub_account="VA0002",
    )
    assert reconcile_bank_event(event_id=event.pk).status == Event.MATCHED
    assert Sale.objects.get().stall == b
    # A per-sale QR carries the virtual account; the transfer reports both accounts.
    charge = stall_charge_create(stall=a, amount=45000, actor=None)
    assert charge.payment_request.account_number == "VA0001"
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id="va-2",
        content=charge.payment_request.reference,
        amount=45000,
        account_number="0451000999999",
        sub_account="VA0001",
    )
    assert reconcile_bank_event(event_id=event.pk).status == Event.MATCHED
    assert Sale.objects.get(source="dynamic_qr").stall == a


def test_the_board_assigns_money_into_a_shared_account_to_one_of_its_stalls(stall):
    from django.core.exceptions import ValidationError

    from market.models import Sale
    from payments.bankfeed.reconcile import resolve_bank_event
    from tests.market import builders as market_builders

    other = market_builders.stall(stall.market, "HS-02", account_number="0451000123456")
    elsewhere = market_builders.stall(stall.market, "HS-03", account_number="0999888777")
    event = into_stall("chuyen tien", 35000)
    board = builders.shopper("board.hs")
    with pytest.raises(ValidationError):
        resolve_bank_event(
            event_id=event.pk, actor=board, action="assign_stall", stall=elsewhere, note="x"
        )
    resolve_bank_event(
        event_id=event.pk, actor=board, action="assign_stall", stall=other, note="Chị Hoa xác nhận"
    )
    event.refresh_from_db()
    assert event.status == Event.RESOLVED
    assert Sale.objects.get().stall == other
    assert event.log.last().actor == board


def test_an_underpaid_sale_qr_and_its_top_up_are_two_sales_as_the_money_arrives(stall):
    from market.models import Sale
    from market.services import stall_charge_create

    charge = stall_charge_create(stall=stall, amount=150000, actor=None)
    assert into_stall(charge.payment_request.reference, 100000).status == Event.UNDERPAID
    assert list(Sale.objects.values_list("amount", flat=True)) == [100000]
    assert into_stall(charge.payment_request.reference, 50000).status == Event.MATCHED
    assert sorted(Sale.objects.values_list("amount", flat=True)) == [50000, 100000]
