"""Intake writes its rows from plain values (no model instances): they must be the rows the
ORM's ``save()`` would write — every field, defaults and ``auto_now_add`` included — on
SQLite (the transaction path) and on PostgreSQL (one prepared statement)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.forms.models import model_to_dict

from payments.bankfeed import codec, intake
from payments.models import BankFeedDelivery, BankFeedEvent

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2026, 11, 23, 7, 2, 37, tzinfo=dt.UTC)


def transaction(transaction_id: str, **changes) -> codec.BankTransaction:
    values = {
        "transaction_id": transaction_id,
        "bank_code": "Vietcombank",
        "account_number": "1023456789",
        "amount": 150_000,
        "content": "CS7K2P9Q thanh toán rau",
        "bank_reference": f"FT{transaction_id}",
        "transacted_at": WHEN,
        "raw": {"id": transaction_id, "note": "Chè Tân Cương", "nested": [1, {"a": None}]},
        "payment_code": "CS7K2P9Q",
        "sub_account": "VA01",
        **changes,
    }
    return codec.BankTransaction(**values)


def as_saved(instance, *, without=("id", "received_at", "delivery")) -> dict:
    fields = [field.name for field in instance._meta.concrete_fields]
    values = model_to_dict(instance, fields=fields)
    return {name: value for name, value in values.items() if name not in without}


def orm_event(item: codec.BankTransaction, provider: str) -> BankFeedEvent:
    """The same transaction saved by the ORM, under another id, then read back."""
    event = BankFeedEvent.objects.create(
        provider=provider, transaction_id=f"orm-{item.transaction_id}", **intake.event_fields(item)
    )
    return BankFeedEvent.objects.get(pk=event.pk)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"amount": -2_500_000, "sub_account": "", "payment_code": "", "bank_reference": ""},
        {"transacted_at": None, "raw": {}, "content": ""},
        {"amount": 9_999_999_999},
    ],
    ids=["typical", "outgoing-blank-fields", "no-time", "largest-amount"],
)
def test_an_event_row_is_the_row_save_would_write(changes):
    item = transaction("tx-1", **changes)
    user = get_user_model().objects.create_user(username="ke-toan", password="x")
    before = dt.datetime.now(dt.UTC)

    result = intake.store_transactions(
        provider="sepay",
        raw_body='{"id": "tx-1"}',
        headers={"Content-Type": "application/json"},
        transactions=[item],
        remote_addr="2001:db8::7",
        created_by=user,
    )

    event = BankFeedEvent.objects.get(pk=result.created_ids[0])
    expected = as_saved(orm_event(item, "sepay"))
    expected["transaction_id"] = "tx-1"
    assert as_saved(event) == expected
    assert event.status == BankFeedEvent.Status.RECEIVED
    assert before <= event.received_at <= dt.datetime.now(dt.UTC)
    delivery = BankFeedDelivery.objects.get(pk=result.delivery_id)
    assert event.delivery_id == delivery.pk
    assert (delivery.provider, delivery.raw_body, delivery.headers) == (
        "sepay",
        '{"id": "tx-1"}',
        {"Content-Type": "application/json"},
    )
    assert (delivery.remote_addr, delivery.created_by_id) == ("2001:db8::7", user.pk)
    assert before <= delivery.received_at <= event.received_at + dt.timedelta(seconds=1)


def test_a_delivery_of_many_keeps_each_row_apart_and_skips_the_known():
    items = [transaction(f"tx-{number}", amount=1_000 * number) for number in range(1, 6)]
    first = intake.store_transactions(
        provider="casso", raw_body="{}", headers={}, transactions=items[:2]
    )

    again = intake.store_transactions(
        provider="casso", raw_body="{}", headers={}, transactions=items
    )

    assert len(first.created_ids) == 2
    assert (len(again.created_ids), again.duplicates) == (3, 2)
    stored = {
        event.transaction_id: (event.amount, event.delivery_id)
        for event in BankFeedEvent.objects.all()
    }
    assert stored == {
        "tx-1": (1_000, first.delivery_id),
        "tx-2": (2_000, first.delivery_id),
        "tx-3": (3_000, again.delivery_id),
        "tx-4": (4_000, again.delivery_id),
        "tx-5": (5_000, again.delivery_id),
    }
    assert BankFeedDelivery.objects.get(pk=again.delivery_id).remote_addr is None


def test_a_delivery_with_no_new_event_is_still_stored_once():
    item = transaction("tx-1")
    intake.store_transactions(provider="sepay", raw_body="{}", headers={}, transactions=[item])

    again = intake.store_transactions(
        provider="sepay", raw_body="{}", headers={}, transactions=[item, item]
    )

    assert (again.created_ids, again.duplicates) == ([], 2)
    assert BankFeedDelivery.objects.filter(pk=again.delivery_id).exists()
    assert BankFeedEvent.objects.count() == 1


def test_a_value_of_the_wrong_type_goes_through_the_field():
    """A number where text is stored, as the ORM would take it: prepared by the field, not
    passed to the driver as a number for a text column."""
    item = transaction("tx-1", bank_reference=12345, content=678)

    result = intake.store_transactions(
        provider="sepay", raw_body="{}", headers={}, transactions=[item]
    )

    event = BankFeedEvent.objects.get(pk=result.created_ids[0])
    assert (event.bank_reference, event.content) == ("12345", "678")


def test_the_statement_text_is_made_once():
    """On PostgreSQL one text for any number of deliveries and events (prepared once per
    connection); on SQLite one per number of events."""
    intake._deliveries_statement.cache_clear()
    intake._event_insert.cache_clear()
    for number in range(3):
        intake.store_transactions(
            provider="sepay",
            raw_body="{}",
            headers={},
            transactions=[transaction(f"tx-{number}-{each}") for each in range(number + 1)],
        )

    if connection.vendor == "postgresql":
        made, expected = intake._deliveries_statement, (1, 2)
    else:
        made, expected = intake._event_insert, (3, 0)
    assert (made.cache_info().misses, made.cache_info().hits) == expected
