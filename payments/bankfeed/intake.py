"""Bank-feed intake: check a webhook delivery, then store it before anything else happens.

Order: secret, size, content type (JSON only), timestamp, signature, then payload. A refused
request is stored as a ``BankFeedRejection`` and nothing else. An accepted delivery is stored
once as a ``BankFeedDelivery`` with one ``BankFeedEvent`` per transaction; a transaction
already stored (same provider + transaction id) is a duplicate: counted, never stored or
reconciled again. A transaction of the delivery that cannot be read is stored as a rejection
of its own, next to the good ones.

A delivery refused only because its timestamp was stale (a slow aggregator, a queue that
drained late) keeps its whole body and signature: staff may check the signature again and
let it through (``let_through_bank_rejection``), so no money is lost to a clock.

Reconciliation is the caller's next step (``payments.bankfeed.tasks.enqueue_reconciliation``).
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.combine import Combiner
from core.db import preparing_cursor
from payments.bankfeed import codec
from payments.models import BankFeedDelivery, BankFeedEvent, BankFeedRejection

#: Headers kept with a stored delivery (never cookies or credentials).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Length",
    "User-Agent",
    codec.TIMESTAMP_HEADER,
    codec.SIGNATURE_HEADER,
    "X-Forwarded-For",
)
MAX_STORED_REJECTED_BODY = 64 * 1024
logger = logging.getLogger(__name__)
Reason = BankFeedRejection.Reason


class DeliveryOutcome:
    ACCEPTED = "accepted"
    NOT_CONFIGURED = "not_configured"
    TOO_LARGE = "too_large"
    NOT_JSON = "not_json"
    UNAUTHORIZED = "unauthorized"
    MALFORMED = "malformed"


@dataclass
class DeliveryResult:
    outcome: str
    message: str = ""
    created_ids: list[int] = field(default_factory=list)
    duplicates: int = 0
    rejected: int = 0
    delivery_id: int | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome == DeliveryOutcome.ACCEPTED


class LetThroughError(Exception):
    """A rejected delivery that may not be let through; the message is translated."""


def max_body_bytes() -> int:
    return getattr(settings, "BANK_FEED_MAX_BODY_BYTES", 256 * 1024)


def kept_headers(headers) -> dict:
    lowered = {str(name).lower(): str(value) for name, value in dict(headers).items()}
    return {
        name: lowered[name.lower()][:500].replace("\x00", "")
        for name in KEPT_HEADERS
        if name.lower() in lowered
    }


def _text(body: bytes, limit: int) -> str:
    # PostgreSQL text cannot hold NUL, which a hostile body may well contain.
    return body[:limit].decode("utf-8", errors="replace").replace("\x00", "\ufffd")


def record_bank_rejection(
    *,
    provider: str,
    reason: str,
    headers,
    body: bytes,
    remote_addr: str | None,
    reason_code: str = Reason.MALFORMED,
) -> BankFeedRejection:
    """Keep a refused request for investigation (headers filtered; body cut to 64 KB, except
    a stale delivery's, kept whole so that its signature can be checked again)."""
    limit = max_body_bytes() if reason_code == Reason.STALE else MAX_STORED_REJECTED_BODY
    return BankFeedRejection.objects.create(
        provider=provider[:20],
        reason_code=reason_code,
        reason=str(reason)[:200],
        headers=kept_headers(headers),
        raw_body=_text(body, limit),
        remote_addr=remote_addr or None,
    )


def record_bank_delivery(
    *,
    provider: str,
    headers,
    body: bytes,
    remote_addr: str | None,
    hand_on: Callable[[list[int]], object] | None = None,
) -> DeliveryResult:
    """Check and store one webhook delivery (see the module docstring); the new events' ids
    go to ``hand_on`` once stored (``store_transactions``)."""
    if provider not in codec.PROVIDERS:
        raise ValueError(f"unknown bank feed provider {provider!r}")

    def reject(outcome: str, code: str, message) -> DeliveryResult:
        record_bank_rejection(
            provider=provider,
            reason=message,
            headers=headers,
            body=body,
            remote_addr=remote_addr,
            reason_code=code,
        )
        return DeliveryResult(outcome=outcome, message=str(message))

    secret = settings.BANK_FEED_SECRETS.get(provider, "")
    if not secret:
        return reject(
            DeliveryOutcome.NOT_CONFIGURED,
            Reason.NOT_CONFIGURED,
            _("This bank feed has no secret configured."),
        )
    if len(body) > max_body_bytes():
        return reject(
            DeliveryOutcome.TOO_LARGE, Reason.TOO_LARGE, _("The request body is too large.")
        )
    lookup = {str(name).lower(): str(value) for name, value in dict(headers).items()}
    if not codec.is_json_content_type(lookup.get("content-type")):
        # A form or text body is never a notification, even when signed: refusing it keeps
        # the one format the signature was made for.
        return reject(
            DeliveryOutcome.NOT_JSON,
            Reason.CONTENT_TYPE,
            _("Only JSON is accepted: send the notification with Content-Type: application/json."),
        )
    timestamp = lookup.get(codec.TIMESTAMP_HEADER.lower(), "")
    stale = None
    try:
        codec.parse_timestamp(
            timestamp, now=time.time(), max_age=settings.BANK_FEED_MAX_AGE_SECONDS
        )
    except codec.StaleTimestamp as error:
        stale = error  # refused below, but only once everything else about it is right
    except codec.ParseError as error:
        return reject(DeliveryOutcome.UNAUTHORIZED, Reason.SIGNATURE, error.message)
    signature = lookup.get(codec.SIGNATURE_HEADER.lower(), "")
    if not codec.verify_signature(secret, timestamp.strip(), body, signature):
        return reject(
            DeliveryOutcome.UNAUTHORIZED, Reason.SIGNATURE, _("The signature does not match.")
        )
    try:
        parsed = codec.parse_delivery(provider, body)
    except codec.ParseError as error:
        return reject(DeliveryOutcome.MALFORMED, Reason.MALFORMED, error.message)
    if stale is not None:
        return reject(DeliveryOutcome.UNAUTHORIZED, Reason.STALE, stale.message)
    return store_transactions(
        provider=provider,
        raw_body=body.decode("utf-8"),
        headers=kept_headers(headers),
        remote_addr=remote_addr,
        transactions=parsed.transactions,
        rejected=parsed.rejected,
        hand_on=hand_on,
    )


def event_fields(item: codec.BankTransaction) -> dict:
    return {
        "bank_code": item.bank_code,
        "account_number": item.account_number,
        "amount": item.amount,
        "content": item.content,
        "bank_reference": item.bank_reference,
        "transacted_at": item.transacted_at,
        "raw": item.raw,
        "payment_code": item.payment_code,
        "sub_account": item.sub_account,
    }


def store_transactions(
    *,
    provider: str,
    raw_body: str,
    headers: dict,
    transactions,
    rejected=(),
    remote_addr: str | None = None,
    created_by=None,
    hand_on: Callable[[list[int]], object] | None = None,
) -> DeliveryResult:
    """Store a delivery once, each of its transactions not seen before, and each transaction
    set aside (``codec.RejectedTransaction``) as a rejection of its own: all or nothing.
    Then ``hand_on(created_ids)``, when given (the webhook hands the new events on to
    reconciliation); outside a transaction of the caller's, that is once they are committed.

    The transactions go in one ``INSERT … ON CONFLICT DO NOTHING``: a transaction already
    stored (or twice in the delivery) is skipped by the database under the unique constraint,
    never a savepoint rolled back. On PostgreSQL a delivery with nothing set aside — every
    webhook of a market day — is one prepared statement, delivery and events together: one
    round trip, atomic by itself, no BEGIN and COMMIT around it. And outside a transaction of
    the caller's, the deliveries of the process's other requests that arrive while one such
    statement is on its way are stored by the next one, together (a group commit,
    ``_group_insert``), and handed on together by one ``hand_on`` call."""
    now = timezone.now()
    delivery = {
        "provider": provider,
        "raw_body": raw_body,
        "headers": headers,
        "remote_addr": remote_addr or None,
        "created_by_id": created_by.pk if created_by is not None else None,
    }
    events = [
        {"provider": provider, "transaction_id": item.transaction_id, **event_fields(item)}
        for item in transactions
    ]
    connection = connections[router.db_for_write(BankFeedEvent)]
    if events and not rejected and connection.vendor == "postgresql":
        pending = _Pending(delivery, events, now, hand_on)
        if connection.in_atomic_block:  # the caller's transaction, on the caller's connection
            delivery_id, created = _insert_deliveries(connection, [pending])[0]
        else:
            delivery_id, created = _group_insert(connection.alias)(pending)
            hand_on = None  # done with the statement's group
    else:
        with transaction.atomic(using=connection.alias):
            delivery_id = BankFeedDelivery.objects.using(connection.alias).create(**delivery).pk
            created = _insert_new_events(connection, events, delivery_id, now)
            for item in rejected:
                BankFeedRejection.objects.create(
                    provider=provider,
                    reason_code=Reason.TRANSACTION,
                    reason=str(item.message)[:200],
                    headers=headers,
                    raw_body=json.dumps(item.raw, ensure_ascii=False)[:MAX_STORED_REJECTED_BODY],
                    remote_addr=remote_addr or None,
                )
    created_ids = [pk for pk in created if pk is not None]
    if hand_on is not None:
        hand_on(created_ids)
    return DeliveryResult(
        outcome=DeliveryOutcome.ACCEPTED,
        delivery_id=delivery_id,
        created_ids=created_ids,
        duplicates=len(events) - len(created_ids),
        rejected=len(rejected),
    )


# --- The INSERT statements ------------------------------------------------------------------
# Rows are written from plain values, without model instances: at a market day's rate the
# instances and their fields' preparation cost more than the statement. ``_new_row`` fills a
# row as ``save()`` would (tested against it, field for field).

#: Values the database driver takes as they are, by field class: anything else goes through
#: the field's own ``get_db_prep_save``.
_PLAIN_TYPES = (
    (models.JSONField, object),  # any: a JSON field's value is wrapped by its user
    (models.ForeignKey, int),
    (models.IntegerField, int),
    (models.CharField, str),
    (models.TextField, str),
)


@functools.cache
def _new_row_fields(model) -> tuple[tuple[models.Field, type | None], ...]:
    """The concrete fields a new row of ``model`` is written with (all but the primary key),
    each with the Python type its values may be passed in as they are."""
    return tuple(
        (each, next((plain for kind, plain in _PLAIN_TYPES if isinstance(each, kind)), None))
        for each in model._meta.concrete_fields
        if not each.primary_key
    )


def _new_values(connection, model, values: dict, now, *, without: str = ""):
    """``(field, value)`` of a new row of ``model`` in ``_new_row_fields`` order (the field
    named ``without`` left out): ``values`` by attribute name, ``now`` for ``auto_now_add``
    fields, each other field's default (or None), prepared for ``connection`` — but for JSON
    fields, whose values stay as they are (``_new_row`` and ``_json_row`` wrap them)."""
    for model_field, plain in _new_row_fields(model):
        if model_field.name == without:
            continue
        if model_field.attname in values:
            value = values[model_field.attname]
        elif getattr(model_field, "auto_now_add", False):
            value = now
        else:
            value = model_field.get_default() if model_field.has_default() else None
        if value is not None and plain is not object and type(value) is not plain:
            value = model_field.get_db_prep_save(value, connection=connection)
        yield model_field, value


def _new_row(connection, model, values: dict, now, *, without: str = "") -> list:
    """A new row of ``model`` as statement parameters (``_new_values``)."""
    return [
        model_field.get_db_prep_save(value, connection=connection)
        if value is not None and isinstance(model_field, models.JSONField)
        else value
        for model_field, value in _new_values(connection, model, values, now, without=without)
    ]


def _json_row(connection, model, values: dict, now, *, without: str = "") -> dict:
    """A new row of ``model`` as a JSON object by column name (``_new_values``), which
    PostgreSQL's ``jsonb_populate_record`` turns into a row of the table's column types."""
    return {
        model_field.column: value
        for model_field, value in _new_values(connection, model, values, now, without=without)
    }


def _json_default(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID | ipaddress.IPv4Address | ipaddress.IPv6Address):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot go into a JSON row")


def _columns(quote, model, *, without: str = "") -> list[str]:
    return [quote(each.column) for each, _plain in _new_row_fields(model) if each.name != without]


@functools.lru_cache(maxsize=256)
def _event_insert(alias: str, count: int, delivery_id_sql: str) -> str:
    """``INSERT INTO`` ``count`` events ``… ON CONFLICT DO NOTHING RETURNING`` id and
    transaction id; each row's values are ``_new_row(…, without="delivery")`` followed by
    ``delivery_id_sql``. (Cached by database alias: the SQL depends only on its vendor.)"""
    meta = BankFeedEvent._meta
    quote = connections[alias].ops.quote_name
    columns = _columns(quote, BankFeedEvent, without="delivery")
    columns.append(quote(meta.get_field("delivery").column))
    row = "(" + ", ".join(["%s"] * (len(columns) - 1) + [delivery_id_sql]) + ")"
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "
        f"VALUES {', '.join([row] * count)} "
        f"ON CONFLICT ({quote('provider')}, {quote('transaction_id')}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}, {quote('transaction_id')}"
    )


def _created_in_order(events: list[dict], returned) -> list[int | None]:
    """The new rows' ids in the order of ``events`` (None for a skipped one): one row per key
    at most (the unique constraint), the first event of a key got it."""
    ids = {transaction_id: pk for pk, transaction_id in returned}
    return [ids.pop(event["transaction_id"], None) for event in events]


def _insert_new_events(connection, events: list[dict], delivery_id: int, now) -> list[int | None]:
    """INSERT the events in one statement, skipping those whose (provider, transaction id) is
    stored already. PostgreSQL and SQLite (3.35+) both take ``ON CONFLICT … RETURNING``."""
    if not events:
        return []
    params = []
    for event in events:
        params += _new_row(connection, BankFeedEvent, event, now, without="delivery")
        params.append(delivery_id)
    with connection.cursor() as cursor:
        cursor.execute(_event_insert(connection.alias, len(events), "%s"), params)
        returned = cursor.fetchall()
    return _created_in_order(events, returned)


@dataclass(frozen=True)
class _Pending:
    """A delivery waiting to be stored: its row's values, its events' and its ``hand_on``."""

    delivery: dict
    events: list[dict]
    now: dt.datetime
    hand_on: Callable[[list[int]], object] | None


@functools.lru_cache(maxsize=8)
def _deliveries_statement(alias: str) -> str:
    """PostgreSQL: deliveries and their events in one statement, from two JSON arrays: the
    deliveries' rows, and the events' rows each with the ordinal of its delivery ("#").
    Each delivery's id is drawn first, so that its events name it and each answer row (the
    delivery's ordinal and id, and each event created, if any) says which it is. The same
    text for any number of deliveries and events: prepared once per connection."""
    delivery_meta, event_meta = BankFeedDelivery._meta, BankFeedEvent._meta
    quote = connections[alias].ops.quote_name
    deliveries, events = quote(delivery_meta.db_table), quote(event_meta.db_table)
    delivery_pk, event_pk = quote(delivery_meta.pk.column), quote(event_meta.pk.column)
    delivery_columns = _columns(quote, BankFeedDelivery)
    event_columns = _columns(quote, BankFeedEvent, without="delivery")
    event_delivery = quote(event_meta.get_field("delivery").column)
    sequence = f"pg_get_serial_sequence('{deliveries}', '{delivery_meta.pk.column}')"

    def fields(names):
        return ", ".join(f"given.{name}" for name in names)

    return (
        f"WITH delivery_ids AS MATERIALIZED ("
        f"SELECT input.ordinal, nextval({sequence}) AS id "
        f"FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS input(value, ordinal)), "
        f"delivery AS (INSERT INTO {deliveries} ({delivery_pk}, {', '.join(delivery_columns)}) "
        f"SELECT delivery_ids.id, {fields(delivery_columns)} "
        f"FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS input(value, ordinal) "
        f"JOIN delivery_ids USING (ordinal) "
        f"CROSS JOIN LATERAL jsonb_populate_record(NULL::{deliveries}, input.value) AS given), "
        f"created AS (INSERT INTO {events} ({', '.join(event_columns)}, {event_delivery}) "
        f"SELECT {fields(event_columns)}, delivery_ids.id "
        f"FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS input(value, position) "
        f"JOIN delivery_ids ON delivery_ids.ordinal = (input.value->>'#')::bigint "
        f"CROSS JOIN LATERAL jsonb_populate_record(NULL::{events}, input.value) AS given "
        f"ORDER BY input.position "
        f"ON CONFLICT ({quote('provider')}, {quote('transaction_id')}) DO NOTHING "
        f"RETURNING {event_pk}, {quote('transaction_id')}, {event_delivery}) "
        f"SELECT delivery_ids.ordinal, delivery_ids.id, created.{event_pk}, "
        f"created.{quote('transaction_id')} "
        f"FROM delivery_ids LEFT JOIN created ON created.{event_delivery} = delivery_ids.id"
    )


def _insert_deliveries(
    connection, pending: list[_Pending], *, health_check: bool = True
) -> list[tuple[int, list[int | None]]]:
    """Store ``pending`` deliveries with their events in one prepared statement; for each, in
    order, its id and its events' new ids (None for a transaction already stored, or stored
    by an earlier delivery of the same statement)."""
    deliveries, events = [], []
    for ordinal, each in enumerate(pending, start=1):
        deliveries.append(_json_row(connection, BankFeedDelivery, each.delivery, each.now))
        for event in each.events:
            row = _json_row(connection, BankFeedEvent, event, each.now, without="delivery")
            row["#"] = ordinal
            events.append(row)
    delivery_rows = json.dumps(deliveries, ensure_ascii=False, default=_json_default)
    event_rows = json.dumps(events, ensure_ascii=False, default=_json_default)
    with preparing_cursor(connection, health_check=health_check) as cursor:
        cursor.execute(
            _deliveries_statement(connection.alias), [delivery_rows, delivery_rows, event_rows]
        )
        rows = cursor.fetchall()
    delivery_ids: dict[int, int] = {}
    returned: dict[int, list[tuple[int, str]]] = {}
    for ordinal, delivery_id, pk, transaction_id in rows:
        delivery_ids[ordinal] = delivery_id
        if pk is not None:
            returned.setdefault(ordinal, []).append((pk, transaction_id))
    return [
        (delivery_ids[ordinal], _created_in_order(each.events, returned.get(ordinal, [])))
        for ordinal, each in enumerate(pending, start=1)
    ]


def _hand_on(pending: list[_Pending], stored: list[tuple[int, list[int | None]]]) -> None:
    """Each ``hand_on`` of the stored ``pending`` deliveries, once, with all of their new ids.
    The rows are committed: a failing ``hand_on`` leaves the events to the sweeper."""
    created: dict[Callable, list[int]] = {}
    for each, (_delivery_id, ids) in zip(pending, stored, strict=True):
        if each.hand_on is not None:
            created.setdefault(each.hand_on, []).extend(pk for pk in ids if pk is not None)
    for hand_on, ids in created.items():
        try:
            hand_on(ids)
        except Exception:
            logger.exception("%s new bank event(s) not handed on; the sweeper will", len(ids))


@functools.cache
def _group_insert(alias: str) -> Combiner:
    """The process's group commit of deliveries on database ``alias`` (``core.combine``): the
    deliveries that arrive while one statement is on its way are stored by the next one,
    together, then handed on.

    A batch's statement skips Django's health check (a round trip per batch): on a connection
    lost since its last use it fails, and then each delivery is stored alone, as a lone one
    is, after the health check (a connection the batch failed on is closed unless it still
    works, and the next statement opens a new one)."""

    def store(pending: list[_Pending], *, health_check: bool = False):
        stored = _insert_deliveries(connections[alias], pending, health_check=health_check)
        _hand_on(pending, stored)
        return stored

    def store_alone(pending: _Pending):
        connection = connections[alias]
        if connection.errors_occurred:  # a batch failed on it: closed unless it still works
            connection.close_if_unusable_or_obsolete()
        return store([pending], health_check=True)[0]

    return Combiner(store, store_alone)


def let_through_bank_rejection(*, rejection_id: int, actor) -> DeliveryResult:
    """Store a delivery refused only for its timestamp, once its signature checks out again.

    The HMAC is verified over the stored timestamp and body with the provider's secret
    (the age is what staff overrule), the body is parsed as at intake and stored with
    ``actor`` as its ``created_by``; the rejection records who let it through and when. All
    under the rejection's row lock, in one transaction: a second click changes nothing.
    Raises ``LetThroughError`` (nothing written) when it may not be let through.
    The caller sends ``created_ids`` to reconciliation.
    """
    with transaction.atomic():
        rejection = BankFeedRejection.objects.select_for_update().get(pk=rejection_id)
        if rejection.accepted_at is not None:
            raise LetThroughError(_("This request was already let through."))
        if rejection.reason_code != Reason.STALE:
            raise LetThroughError(
                _("Only a request refused for its time alone can be let through.")
            )
        provider = rejection.provider
        secret = settings.BANK_FEED_SECRETS.get(provider, "") if provider in codec.PROVIDERS else ""
        headers = rejection.headers if isinstance(rejection.headers, dict) else {}
        body = rejection.raw_body.encode("utf-8")
        timestamp = str(headers.get(codec.TIMESTAMP_HEADER, ""))
        signature = str(headers.get(codec.SIGNATURE_HEADER, ""))
        try:
            codec.read_timestamp(timestamp)
        except codec.ParseError:
            raise LetThroughError(_("The signature does not match: not let through.")) from None
        if not codec.verify_signature(secret, timestamp.strip(), body, signature):
            raise LetThroughError(_("The signature does not match: not let through."))
        try:
            parsed = codec.parse_delivery(provider, body)
        except codec.ParseError as error:
            raise LetThroughError(
                _("The request cannot be read: %(error)s") % {"error": error.message}
            ) from None
        result = store_transactions(
            provider=provider,
            raw_body=rejection.raw_body,
            headers=headers,
            transactions=parsed.transactions,
            rejected=parsed.rejected,
            remote_addr=rejection.remote_addr,
            created_by=actor,
        )
        rejection.accepted_at = timezone.now()
        rejection.accepted_by = actor
        rejection.delivery_id = result.delivery_id
        rejection.save(update_fields=["accepted_at", "accepted_by", "delivery"])
    return result
