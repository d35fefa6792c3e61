"""reconcile_bank_event: every outcome, exactly once, with an audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from payments.bankfeed.reconcile import reconcile_bank_event
from payments.models import BankFeedEvent, PaymentRequest, ReconciliationLog
from payments.references import new_reference
from payments.services import create_payment_request
from tests.payments.bankfeed_support import SHOP_ACCOUNT, payment_request

pytestmark = pytest.mark.django_db

Event = BankFeedEvent.Status
Request = PaymentRequest.Status
_ids = iter(range(1, 10_000))


def stored(content: str, amount: int = 150_000, account: str = SHOP_ACCOUNT, **extra):
    return BankFeedEvent.objects.create(
        provider=extra.pop("provider", "sepay"),
        transaction_id=str(next(_ids)),
        content=content,
        amount=amount,
        account_number=account,
        **extra,
    )


@pytest.fixture
def settled():
    """Reconcile one stored event, as the Celery task does."""

    def run(event):
        return reconcile_bank_event(event_id=event.pk)

    return run


def test_exact_amount_marks_the_request_paid(settled):
    request = payment_request(150_000)
    event = settled(stored(f"{request.reference} thanh toan"))
    request.refresh_from_db()
    assert event.status == Event.MATCHED
    assert event.payment_request == request
    assert event.processed_at is not None
    assert request.status == Request.PAID
    assert request.amount_received == 150_000
    assert request.paid_at is not None
    [log] = ReconciliationLog.objects.filter(event=event)
    assert (log.from_status, log.to_status, log.actor) == (Event.RECEIVED, Event.MATCHED, None)
    assert "150.000 ₫" in log.note


@pytest.mark.parametrize(
    "template",
    [
        "MBVCB.3278.{ref}.CT tu 0123456789 NGUYEN VAN A",
        "{lower}",
        "IBFT {spaced} chuyen tien",
        "{ref}",
        "0123{ref}THANHTOAN",
        "ck-{ref}-mua che tan cuong",
        "TRAN VAN B chuyen khoan. {ref}. Ma GD 123",
    ],
)
def test_reference_is_found_in_mangled_content(settled, template):
    request = payment_request(150_000)
    ref = request.reference
    content = template.format(ref=ref, lower=ref.lower(), spaced=f"{ref[:3]} {ref[3:6]} {ref[6:]}")
    event = settled(stored(content))
    request.refresh_from_db()
    assert event.status == Event.MATCHED, content
    assert request.status == Request.PAID


def test_less_money_is_underpaid_then_a_top_up_pays_it(settled):
    request = payment_request(150_000)
    first = settled(stored(request.reference, amount=100_000))
    request.refresh_from_db()
    assert first.status == Event.UNDERPAID
    assert (request.status, request.amount_received) == (Request.UNDERPAID, 100_000)
    assert request.paid_at is None

    second = settled(stored(request.reference, amount=50_000))
    request.refresh_from_db()
    assert second.status == Event.MATCHED
    assert (request.status, request.amount_received) == (Request.PAID, 150_000)


def test_more_money_is_overpaid(settled):
    request = payment_request(150_000)
    event = settled(stored(request.reference, amount=200_000))
    request.refresh_from_db()
    assert event.status == Event.OVERPAID
    assert (request.status, request.amount_received) == (Request.OVERPAID, 200_000)
    assert request.paid_at is not None


@pytest.mark.parametrize("status", [Request.EXPIRED, Request.CANCELLED])
def test_money_for_an_expired_or_cancelled_order_request_is_late_for_refund(settled, status):
    request = payment_request(150_000, kind=PaymentRequest.Kind.ORDER)
    PaymentRequest.objects.filter(pk=request.pk).update(status=status)
    event = settled(stored(request.reference))
    request.refresh_from_db()
    assert event.status == Event.LATE
    assert event.payment_request == request
    assert request.reference in ReconciliationLog.objects.get(event=event).note
    assert (request.status, request.amount_received) == (status, 0)


def test_second_transfer_for_a_paid_request_is_not_counted(settled):
    request = payment_request(150_000)
    settled(stored(request.reference))
    again = settled(stored(f"{request.reference} lan 2"))
    request.refresh_from_db()
    assert again.status == Event.UNMATCHED  # no stall's account either: a person looks
    assert again.payment_request is None
    assert request.reference in ReconciliationLog.objects.get(event=again).note
    assert request.amount_received == 150_000


def test_no_reference_is_unmatched(settled):
    event = settled(stored("chuyen tien an sang"))
    assert event.status == Event.UNMATCHED
    assert ReconciliationLog.objects.get(event=event).to_status == Event.UNMATCHED


def test_unknown_reference_is_unmatched(settled):
    unknown = new_reference()  # well-formed, but no request carries it
    event = settled(stored(f"{unknown} mua rau"))
    assert event.status == Event.UNMATCHED
    assert unknown in ReconciliationLog.objects.get(event=event).note


def test_money_into_another_account_is_unmatched(settled):
    request = payment_request(150_000, account="0011223344")
    event = settled(stored(request.reference, account=SHOP_ACCOUNT))
    request.refresh_from_db()
    assert event.status == Event.UNMATCHED
    assert "0011223344" in ReconciliationLog.objects.get(event=event).note
    assert (request.status, request.amount_received) == (Request.PENDING, 0)


def test_account_number_formatting_does_not_matter(settled):
    request = payment_request(150_000, account="1023456789")
    event = settled(stored(request.reference, account="1023-456-789"))
    assert event.status == Event.MATCHED


@pytest.mark.parametrize("amount", [-150_000, 0])
def test_outgoing_or_zero_amount_is_ignored(settled, amount):
    request = payment_request(150_000)
    event = settled(stored(request.reference, amount=amount))
    request.refresh_from_db()
    assert event.status == Event.IGNORED
    assert request.status == Request.PENDING


def test_reconciling_twice_changes_nothing_the_second_time(settled):
    request = payment_request(150_000)
    event = stored(request.reference)
    settled(event)
    settled(event)
    request.refresh_from_db()
    assert request.amount_received == 150_000
    assert ReconciliationLog.objects.filter(event=event).count() == 1


@pytest.mark.parametrize("template", ["{a} {b}", "HOAN {a} THANH TOAN {b}"])
def test_content_naming_several_payments_credits_nobody(settled, template):
    first, second = payment_request(150_000), payment_request(150_000)
    event = settled(stored(template.format(a=first.reference, b=second.reference)))
    first.refresh_from_db()
    second.refresh_from_db()
    assert event.status == Event.AMBIGUOUS
    assert event.payment_request is None
    assert (first.amount_received, second.amount_received) == (0, 0)
    note = ReconciliationLog.objects.get(event=event).note
    assert first.reference in note and second.reference in note


def test_an_unknown_second_reference_does_not_make_it_ambiguous(settled):
    request = payment_request(150_000)
    event = settled(stored(f"{new_reference()} {request.reference}"))
    assert event.status == Event.MATCHED
    assert event.payment_request == request


def test_same_bank_transaction_from_statement_and_webhook_counts_once(settled):
    request = payment_request(150_000)
    webhook = settled(stored(request.reference, bank_reference="FT2632700001"))
    statement = settled(stored(request.reference, bank_reference="FT2632700001", provider="csv"))
    request.refresh_from_db()
    assert webhook.status == Event.MATCHED
    assert statement.status == Event.DUPLICATE
    assert statement.duplicate_of == webhook
    assert f"#{webhook.pk}" in ReconciliationLog.objects.get(event=statement).note
    assert request.amount_received == 150_000


def test_create_payment_request_draws_a_valid_unique_reference():
    from payments.references import is_valid_reference

    expires = timezone.now() + dt.timedelta(minutes=30)
    request = create_payment_request(
        kind="order",
        amount=300_000,
        bank_bin="970436",
        account_number="1023456789",
        account_holder="CONG TY CHO SO",
        description="Don hang",
        order_number="100023",
        expires_at=expires,
    )
    assert is_valid_reference(request.reference)
    assert (request.status, request.amount_received, request.expires_at) == (
        Request.PENDING,
        0,
        expires,
    )


@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_create_payment_request_refuses_bad_amounts(amount):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        create_payment_request(
            kind="order", amount=amount, bank_bin="970436", account_number="1023456789"
        )
    assert PaymentRequest.objects.count() == 0


def test_events_left_waiting_are_swept_up():
    from payments.bankfeed.tasks import reconcile_waiting_bank_events_task

    request = payment_request(150_000)
    waiting = stored(request.reference)
    fresh = stored("moi den")
    BankFeedEvent.objects.filter(pk=waiting.pk).update(
        received_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert reconcile_waiting_bank_events_task.delay().get() == 1
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    request.refresh_from_db()
    assert waiting.status == Event.MATCHED and request.status == Request.PAID
    assert fresh.status == Event.RECEIVED  # too new: its own task is still on the way


def test_task_for_a_vanished_event_does_not_fail():
    from payments.bankfeed.tasks import reconcile_bank_event_task

    assert reconcile_bank_event_task.delay(987654).get() == "missing"


# --- The same bank transaction from two channels ----------------------------------------------

AT = timezone.now().replace(microsecond=0)


def test_statement_row_without_bank_reference_is_a_copy_of_the_webhook(settled):
    """A webhook for half the amount, then the statement row of the same transfer with an
    empty bank reference: it used to count twice and turn the request paid."""
    request = payment_request(150_000)
    webhook = settled(
        stored(request.reference, amount=75_000, bank_reference="FT26331001", transacted_at=AT)
    )
    row = settled(
        stored(
            f"IBFT {request.reference.lower()}",
            amount=75_000,
            provider="csv",
            transacted_at=AT + dt.timedelta(seconds=40),
        )
    )
    request.refresh_from_db()
    assert webhook.status == Event.UNDERPAID
    assert row.status == Event.DUPLICATE and row.duplicate_of == webhook
    assert (request.status, request.amount_received) == (Request.UNDERPAID, 75_000)


def test_two_equal_transfers_are_two_even_if_the_statement_lists_both(settled):
    request = payment_request(150_000)
    first = settled(stored(request.reference, amount=75_000, transacted_at=AT))
    second = settled(stored(request.reference, amount=75_000, transacted_at=AT))
    rows = [
        settled(stored(request.reference, amount=75_000, provider="csv", transacted_at=AT))
        for _ in range(2)
    ]
    request.refresh_from_db()
    assert (first.status, second.status) == (Event.UNDERPAID, Event.MATCHED)
    # Each statement row is the copy of a different webhook: neither counts again.
    assert {row.duplicate_of for row in rows} == {first, second}
    assert request.amount_received == 150_000


def test_a_row_that_could_be_a_copy_from_either_of_two_channels_waits_for_a_person(settled):
    request = payment_request(300_000)
    later = AT + dt.timedelta(minutes=15)  # too far apart to be copies of each other
    settled(stored(request.reference, amount=75_000, provider="casso", transacted_at=AT))
    settled(stored(request.reference, amount=75_000, provider="sepay", transacted_at=later))
    between = AT + dt.timedelta(minutes=7)
    row = settled(stored(request.reference, amount=75_000, provider="csv", transacted_at=between))
    request.refresh_from_db()
    assert row.status == Event.AMBIGUOUS
    assert request.amount_received == 150_000


@pytest.mark.parametrize(
    "difference",
    [
        {"transacted_at": AT + dt.timedelta(hours=1)},  # too far apart in time
        {"amount": 70_000},  # another amount
        {"account": "0011223344"},  # another receiving account
        {"bank_reference": "FT26331999"},  # the bank says it is another transaction
    ],
)
def test_a_different_transaction_is_not_taken_for_a_copy(settled, difference):
    request = payment_request(150_000)
    settled(stored(request.reference, amount=75_000, bank_reference="FT26331001", transacted_at=AT))
    fields = {"amount": 75_000, "provider": "csv", "transacted_at": AT, **difference}
    row = settled(stored(request.reference, **fields))
    assert row.status != Event.DUPLICATE
    assert row.duplicate_of is None
