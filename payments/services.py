"""Services that change payment state. Each is keyword-only and runs in one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from payments import bankfeed
from payments.models import BankFeedEvent, BankFeedRejection, PaymentRequest, ReconciliationLog
from payments.references import find_references, new_reference, squash
from payments.signals import payment_request_settled
from payments.words import format_vnd

logger = logging.getLogger(__name__)

# --- Payment requests -----------------------------------------------------------------------


@transaction.atomic
def create_payment_request(
    *,
    kind: str,
    amount: int,
    bank_bin: str,
    account_number: str,
    account_holder: str = "",
    description: str = "",
    order_number: str = "",
    expires_at: dt.datetime | None = None,
) -> PaymentRequest:
    """A new amount to be paid by VietQR transfer, with a fresh unique reference."""
    if kind not in PaymentRequest.Kind.values:
        raise ValidationError(_("Unknown payment request kind."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError(_("The amount must be a whole number of đồng above zero."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PaymentRequest.objects.create(
                    reference=new_reference(),
                    kind=kind,
                    amount=amount,
                    bank_bin=bank_bin,
                    account_number=account_number,
                    account_holder=account_holder,
                    description=description,
                    order_number=order_number,
                    expires_at=expires_at,
                )
        except IntegrityError:
            continue  # one reference in 33 million collides; draw another
    raise RuntimeError("Could not draw a unique payment reference")


# --- Bank feed: intake ----------------------------------------------------------------------

#: Headers kept with a stored delivery (never cookies or credentials).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Length",
    "User-Agent",
    bankfeed.TIMESTAMP_HEADER,
    bankfeed.SIGNATURE_HEADER,
    "X-Forwarded-For",
)
MAX_STORED_REJECTED_BODY = 64 * 1024


class DeliveryOutcome:
    ACCEPTED = "accepted"
    NOT_CONFIGURED = "not_configured"
    TOO_LARGE = "too_large"
    UNAUTHORIZED = "unauthorized"
    MALFORMED = "malformed"


@dataclass
class DeliveryResult:
    outcome: str
    message: str = ""
    created_ids: list[int] = field(default_factory=list)
    duplicates: int = 0

    @property
    def accepted(self) -> bool:
        return self.outcome == DeliveryOutcome.ACCEPTED


def max_body_bytes() -> int:
    return getattr(settings, "BANK_FEED_MAX_BODY_BYTES", 256 * 1024)


def _kept_headers(headers) -> dict:
    lowered = {str(name).lower(): str(value) for name, value in dict(headers).items()}
    return {
        name: lowered[name.lower()][:500].replace("\x00", "")
        for name in KEPT_HEADERS
        if name.lower() in lowered
    }


def record_bank_rejection(
    *, provider: str, reason: str, headers, body: bytes, remote_addr: str | None
) -> BankFeedRejection:
    """Keep a refused request for investigation (body cut to 64 KB, headers filtered)."""
    return BankFeedRejection.objects.create(
        provider=provider[:20],
        reason=str(reason)[:200],
        headers=_kept_headers(headers),
        # PostgreSQL text cannot hold NUL, which a hostile body may well contain.
        raw_body=body[:MAX_STORED_REJECTED_BODY]
        .decode("utf-8", errors="replace")
        .replace("\x00", "\ufffd"),
        remote_addr=remote_addr or None,
    )


def record_bank_delivery(
    *, provider: str, headers, body: bytes, remote_addr: str | None
) -> DeliveryResult:
    """Check and store one webhook delivery; enqueue reconciliation of new events on commit.

    Order: size, timestamp, signature, then payload. A refused request is stored as a
    ``BankFeedRejection`` and nothing else. Accepted transactions are stored as
    ``BankFeedEvent`` rows; one already stored (same provider + transaction id) is a
    duplicate: counted, never stored or reconciled again.
    """
    if provider not in bankfeed.PROVIDERS:
        raise ValueError(f"unknown bank feed provider {provider!r}")

    def reject(outcome: str, message) -> DeliveryResult:
        record_bank_rejection(
            provider=provider, reason=message, headers=headers, body=body, remote_addr=remote_addr
        )
        return DeliveryResult(outcome=outcome, message=str(message))

    secret = settings.BANK_FEED_SECRETS.get(provider, "")
    if not secret:
        return reject(DeliveryOutcome.NOT_CONFIGURED, _("This bank feed has no secret configured."))
    if len(body) > max_body_bytes():
        return reject(DeliveryOutcome.TOO_LARGE, _("The request body is too large."))
    lookup = {str(name).lower(): str(value) for name, value in dict(headers).items()}
    timestamp = lookup.get(bankfeed.TIMESTAMP_HEADER.lower(), "")
    try:
        bankfeed.parse_timestamp(
            timestamp, now=time.time(), max_age=settings.BANK_FEED_MAX_AGE_SECONDS
        )
    except bankfeed.ParseError as error:
        return reject(DeliveryOutcome.UNAUTHORIZED, error.message)
    signature = lookup.get(bankfeed.SIGNATURE_HEADER.lower(), "")
    if not bankfeed.verify_signature(secret, timestamp.strip(), body, signature):
        return reject(DeliveryOutcome.UNAUTHORIZED, _("The signature does not match."))
    try:
        transactions = bankfeed.parse_delivery(provider, body)
    except bankfeed.ParseError as error:
        return reject(DeliveryOutcome.MALFORMED, error.message)

    result = DeliveryResult(outcome=DeliveryOutcome.ACCEPTED)
    raw_body = body.decode("utf-8")
    kept = _kept_headers(headers)
    with transaction.atomic():
        for item in transactions:
            try:
                with transaction.atomic():
                    event = BankFeedEvent.objects.create(
                        provider=provider,
                        transaction_id=item.transaction_id,
                        raw_body=raw_body,
                        headers=kept,
                        **_event_fields(item),
                    )
            except IntegrityError:
                result.duplicates += 1
                continue
            result.created_ids.append(event.pk)
        _enqueue_reconciliation(result.created_ids)
    return result


def _event_fields(item: bankfeed.BankTransaction) -> dict:
    return {
        "bank_code": item.bank_code,
        "account_number": item.account_number,
        "amount": item.amount,
        "content": item.content,
        "bank_reference": item.bank_reference,
        "transacted_at": item.transacted_at,
    }


def _enqueue_reconciliation(event_ids: list[int]) -> None:
    from payments.tasks import reconcile_bank_event_task

    for event_id in event_ids:
        # robust: a broker hiccup must not turn a stored delivery into an error answer;
        # events left "received" are picked up by reconcile_waiting_bank_events_task.
        transaction.on_commit(
            lambda event_id=event_id: reconcile_bank_event_task.delay(event_id), robust=True
        )


# --- Bank feed: reconciliation --------------------------------------------------------------

Event = BankFeedEvent.Status
Request = PaymentRequest.Status
NEEDS_A_PERSON = (Event.UNMATCHED, Event.LATE, Event.UNDERPAID, Event.OVERPAID)


def _set_event_status(event: BankFeedEvent, status: str, note: str, actor=None) -> None:
    ReconciliationLog.objects.create(
        event=event, actor=actor, from_status=event.status, to_status=status, note=note
    )
    event.status = status
    event.processed_at = timezone.now()
    event.save(update_fields=["status", "processed_at", "payment_request"])


def _announce(payment_request: PaymentRequest, event: BankFeedEvent) -> None:
    transaction.on_commit(
        lambda: payment_request_settled.send(
            sender=PaymentRequest, payment_request=payment_request, event=event
        ),
        robust=True,
    )


def _credit(payment_request: PaymentRequest, amount: int) -> str:
    """Count ``amount`` towards the request; returns the matching event status."""
    payment_request.amount_received += amount
    received, due = payment_request.amount_received, payment_request.amount
    if received == due:
        payment_request.status, event_status = Request.PAID, Event.MATCHED
    elif received < due:
        payment_request.status, event_status = Request.UNDERPAID, Event.UNDERPAID
    else:
        payment_request.status, event_status = Request.OVERPAID, Event.OVERPAID
    if payment_request.status in (Request.PAID, Request.OVERPAID):
        payment_request.paid_at = payment_request.paid_at or timezone.now()
    payment_request.save(update_fields=["amount_received", "status", "paid_at"])
    return event_status


def _credit_note(payment_request: PaymentRequest, amount: int) -> str:
    return _("%(amount)s counted towards %(reference)s: %(received)s of %(due)s received.") % {
        "amount": format_vnd(amount),
        "reference": payment_request.reference,
        "received": format_vnd(payment_request.amount_received),
        "due": format_vnd(payment_request.amount),
    }


def _earlier_copy(event: BankFeedEvent) -> BankFeedEvent | None:
    """The same bank transaction reported earlier by another channel (webhook vs statement)."""
    if not event.bank_reference:
        return None
    return (
        BankFeedEvent.objects.filter(
            bank_reference=event.bank_reference,
            amount=event.amount,
            account_number=event.account_number,
            pk__lt=event.pk,
        )
        .order_by("pk")
        .first()
    )


def reconcile_bank_event(*, event_id: int) -> BankFeedEvent:
    """Match one stored event to its payment request, exactly once.

    The event row is locked first, then the request row, so concurrent deliveries and
    retried tasks serialise; an event no longer "received" is left as it is.
    """
    with transaction.atomic():
        event = BankFeedEvent.objects.select_for_update().get(pk=event_id)
        if event.status != Event.RECEIVED:
            return event
        if event.amount <= 0:
            _set_event_status(event, Event.IGNORED, _("Outgoing or zero amount: not a payment."))
            return event
        copy = _earlier_copy(event)
        if copy is not None:
            _set_event_status(
                event,
                Event.IGNORED,
                _("The same bank transaction (%(bank_reference)s) is already event #%(id)s.")
                % {"bank_reference": event.bank_reference, "id": copy.pk},
            )
            return event
        references = find_references(event.content)
        if not references:
            _set_event_status(
                event, Event.UNMATCHED, _("No payment reference found in the transfer content.")
            )
            return event
        requests = {
            request.reference: request
            for request in PaymentRequest.objects.select_for_update()
            .filter(reference__in=references)
            .order_by("pk")
        }
        known = [reference for reference in references if reference in requests]
        if not known:
            _set_event_status(
                event,
                Event.UNMATCHED,
                _("Reference %(references)s matches no payment request.")
                % {"references": ", ".join(references)},
            )
            return event
        payment_request = requests[known[0]]
        if bankfeed.normalise_account(event.account_number) != bankfeed.normalise_account(
            payment_request.account_number
        ):
            _set_event_status(
                event,
                Event.UNMATCHED,
                _(
                    "The money went to account %(account)s, but %(reference)s is payable "
                    "to account %(expected)s."
                )
                % {
                    "account": event.account_number,
                    "reference": payment_request.reference,
                    "expected": payment_request.account_number,
                },
            )
            return event
        if payment_request.status in (Request.EXPIRED, Request.CANCELLED):
            event.payment_request = payment_request
            _set_event_status(
                event,
                Event.LATE,
                _("%(reference)s was already %(status)s when %(amount)s arrived: refund it.")
                % {
                    "reference": payment_request.reference,
                    "status": payment_request.get_status_display().lower(),
                    "amount": format_vnd(event.amount),
                },
            )
            _announce(payment_request, event)
            return event
        if payment_request.status in (Request.PAID, Request.OVERPAID):
            _set_event_status(
                event,
                Event.UNMATCHED,
                _(
                    "%(reference)s is already paid; this second transfer of %(amount)s was "
                    "not counted. Check it and refund it if needed."
                )
                % {"reference": payment_request.reference, "amount": format_vnd(event.amount)},
            )
            return event
        # Pending, or underpaid and now topped up.
        status = _credit(payment_request, event.amount)
        event.payment_request = payment_request
        _set_event_status(event, status, _credit_note(payment_request, event.amount))
        _announce(payment_request, event)
        return event


def reconcile_waiting_bank_events(*, older_than_seconds: int = 120, limit: int = 500) -> int:
    """Enqueue events still "received" (e.g. the broker was down when they came in)."""
    from payments.tasks import reconcile_bank_event_task

    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    ids = list(
        BankFeedEvent.objects.filter(status=Event.RECEIVED, received_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for event_id in ids:
        reconcile_bank_event_task.delay(event_id)
    return len(ids)


# --- Bank feed: staff decisions -------------------------------------------------------------


class ResolveAction:
    ASSIGN = "assign"
    IGNORE = "ignore"
    REFUNDED = "refunded"

    CHOICES = (ASSIGN, IGNORE, REFUNDED)


#: Which event statuses each staff action may start from.
RESOLVABLE_FROM = {
    ResolveAction.ASSIGN: (Event.UNMATCHED,),
    ResolveAction.IGNORE: (Event.UNMATCHED, Event.RECEIVED),
    ResolveAction.REFUNDED: (Event.UNMATCHED, Event.LATE, Event.OVERPAID),
}


def resolve_bank_event(
    *,
    event_id: int,
    actor,
    action: str,
    payment_request_reference: str | None = None,
    note: str,
) -> BankFeedEvent:
    """A person's decision on an event the system could not settle; logged with the actor.

    ``assign``: count the money towards the request with that reference (pending or
    underpaid); ``ignore``: not a payment for us; ``refunded``: the money was sent back.
    Raises ValidationError (translated) and changes nothing when the decision is not possible.
    """
    if action not in ResolveAction.CHOICES:
        raise ValidationError(_("Choose what to do with this transfer."))
    note = (note or "").strip()
    if action != ResolveAction.ASSIGN and not note:
        raise ValidationError(_("Write a short note saying why."))
    with transaction.atomic():
        event = BankFeedEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            raise ValidationError(_("This bank transfer does not exist."))
        if event.status not in RESOLVABLE_FROM[action]:
            raise ValidationError(
                _("This transfer is “%(status)s”; that action is not possible any more.")
                % {"status": event.get_status_display()}
            )
        if action == ResolveAction.IGNORE:
            _set_event_status(event, Event.IGNORED, note, actor=actor)
            return event
        if action == ResolveAction.REFUNDED:
            _set_event_status(
                event, Event.RESOLVED, _("Refunded: %(note)s") % {"note": note}, actor=actor
            )
            return event
        reference = squash(payment_request_reference or "")
        if not reference:
            raise ValidationError(_("Enter the payment reference to assign this transfer to."))
        payment_request = (
            PaymentRequest.objects.select_for_update().filter(reference=reference).first()
        )
        if payment_request is None:
            raise ValidationError(
                _("No payment request has the reference %(reference)s.") % {"reference": reference}
            )
        if payment_request.status not in (Request.PENDING, Request.UNDERPAID):
            raise ValidationError(
                _(
                    "%(reference)s is “%(status)s” and cannot take this money; "
                    "mark the transfer refunded instead."
                )
                % {"reference": reference, "status": payment_request.get_status_display()}
            )
        if event.amount <= 0:
            raise ValidationError(_("Only incoming money can be assigned to a payment."))
        _credit(payment_request, event.amount)
        event.payment_request = payment_request
        message = _credit_note(payment_request, event.amount)
        _set_event_status(
            event, Event.RESOLVED, f"{message} {note}".strip() if note else message, actor=actor
        )
        _announce(payment_request, event)
        return event


# --- Bank feed: statement CSV import --------------------------------------------------------

CSV_COLUMNS = (
    "transaction_id",
    "transaction_time",
    "account_number",
    "amount",
    "content",
    "bank_reference",
)
CSV_MAX_BYTES = 5 * 1024 * 1024
CSV_MAX_ROWS = 10_000
CSV_PROVIDER = "csv"
_CSV_AMOUNT = re.compile(r"^-?(\d+|\d{1,3}([.,]\d{3})+)$")


@dataclass
class StatementImport:
    """What an import did: rows stored, rows skipped as already known, or the row errors."""

    created_ids: list[int] = field(default_factory=list)
    duplicates: int = 0
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_csv_text(file) -> str:
    size = getattr(file, "size", None)
    if size is not None and size > CSV_MAX_BYTES:
        raise bankfeed.ParseError(_("The file is larger than 5 MB."))
    data = file.read(CSV_MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > CSV_MAX_BYTES:
        raise bankfeed.ParseError(_("The file is larger than 5 MB."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bankfeed.ParseError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from None


def _csv_row(row: dict, number: int, errors: list) -> bankfeed.BankTransaction | None:
    problems = []
    if None in row or any(value is None for value in row.values()):
        errors.append((number, _("Row %(row)s: wrong number of columns.") % {"row": number}))
        return None
    values = {name: (row.get(name) or "").replace("\x00", "").strip() for name in CSV_COLUMNS}
    transaction_id = values["transaction_id"]
    if not transaction_id:
        problems.append(_("the transaction id is empty"))
    elif len(transaction_id) > 100 or not transaction_id.isprintable():
        problems.append(_("the transaction id must be 1 to 100 printable characters"))
    transacted_at = None
    try:
        transacted_at = bankfeed.parse_local_time(values["transaction_time"])
    except ValueError:
        problems.append(
            _("the time “%(value)s” is not like 2026-11-23 14:02:37 or 23/11/2026 14:02:37")
            % {"value": values["transaction_time"][:40]}
        )
    account = values["account_number"].replace(" ", "")
    if not re.fullmatch(r"[0-9A-Za-z]{1,30}", account):
        problems.append(_("the account number must be 1 to 30 letters or digits"))
    amount = None
    raw_amount = values["amount"].replace(" ", "")
    if _CSV_AMOUNT.match(raw_amount):
        amount = int(raw_amount.replace(".", "").replace(",", ""))
        if amount == 0 or abs(amount) > bankfeed.MAX_AMOUNT:
            problems.append(_("the amount must not be zero or absurdly large"))
    else:
        problems.append(
            _("the amount “%(value)s” is not a whole number of đồng")
            % {"value": values["amount"][:40]}
        )
    if len(values["content"]) > bankfeed.MAX_CONTENT_LENGTH:
        problems.append(_("the content is longer than 1000 characters"))
    if len(values["bank_reference"]) > 100:
        problems.append(_("the bank reference is longer than 100 characters"))
    if problems:
        message = _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
        errors.append((number, message))
        return None
    return bankfeed.BankTransaction(
        transaction_id=transaction_id,
        bank_code="",
        account_number=account,
        amount=amount,
        content=values["content"],
        bank_reference=values["bank_reference"],
        transacted_at=transacted_at,
        raw=values,
    )


def parse_bank_statement_csv(file) -> tuple[list[bankfeed.BankTransaction], list]:
    """Every row of a statement CSV, or the list of (row number, message) errors."""
    try:
        text = _read_csv_text(file)
    except bankfeed.ParseError as error:
        return [], [(None, error.message)]
    if not text.strip():
        return [], [(None, _("The file has no transactions."))]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error:
        return [], [(1, _("Row 1: the header line cannot be read."))]
    missing = [name for name in CSV_COLUMNS if name not in header]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        return [], [
            (
                1,
                _("Row 1: the header must be exactly: %(columns)s.")
                % {"columns": ",".join(CSV_COLUMNS)},
            )
        ]
    reader.fieldnames = header
    rows, errors = [], []
    try:
        for index, row in enumerate(reader, start=2):
            if index - 1 > CSV_MAX_ROWS:
                return [], [
                    (None, _("The file has more than %(count)s rows.") % {"count": CSV_MAX_ROWS})
                ]
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue  # a blank line
            parsed = _csv_row(row, index, errors)
            if parsed is not None:
                rows.append(parsed)
    except csv.Error as error:
        errors.append((None, _("The file is not valid CSV: %(error)s") % {"error": error}))
    if not rows and not errors:
        errors.append((None, _("The file has no transactions.")))
    return rows, errors


def import_bank_statement_csv(*, file, actor) -> StatementImport:
    """Store a bank statement's rows as events and reconcile them like webhooks.

    Every row is checked first; if any is invalid nothing is written. Rows whose transaction
    id is already stored (or repeated in the file) are skipped and counted.
    """
    rows, errors = parse_bank_statement_csv(file)
    result = StatementImport(errors=errors)
    if errors:
        return result
    fresh: dict[str, bankfeed.BankTransaction] = {}
    for row in rows:
        if row.transaction_id in fresh:
            result.duplicates += 1
        else:
            fresh[row.transaction_id] = row
    ids = list(fresh)
    existing: set[str] = set()
    for start in range(0, len(ids), 500):
        existing.update(
            BankFeedEvent.objects.filter(
                provider=CSV_PROVIDER, transaction_id__in=ids[start : start + 500]
            ).values_list("transaction_id", flat=True)
        )
    result.duplicates += len(existing)
    actor_name = actor.get_username() if actor is not None else "system"
    headers = {"Imported-By": actor_name}
    try:
        with transaction.atomic():
            events = BankFeedEvent.objects.bulk_create(
                [
                    BankFeedEvent(
                        provider=CSV_PROVIDER,
                        transaction_id=row.transaction_id,
                        raw_body=json.dumps(row.raw, ensure_ascii=False),
                        headers=headers,
                        **_event_fields(row),
                    )
                    for transaction_id, row in fresh.items()
                    if transaction_id not in existing
                ],
                batch_size=500,
            )
            result.created_ids = [event.pk for event in events]
            if any(pk is None for pk in result.created_ids):  # backends without RETURNING
                created = [row for tid, row in fresh.items() if tid not in existing]
                result.created_ids = list(
                    BankFeedEvent.objects.filter(
                        provider=CSV_PROVIDER,
                        transaction_id__in=[row.transaction_id for row in created],
                    ).values_list("pk", flat=True)
                )
            _enqueue_reconciliation(result.created_ids)
    except IntegrityError:
        # Another import stored some of these rows at the same moment: nothing was written.
        result.created_ids = []
        result.errors.append(
            (None, _("Another import of the same rows ran at the same time. Try again."))
        )
    logger.info(
        "Bank statement import by %s: %s new, %s duplicates",
        actor_name,
        len(result.created_ids),
        result.duplicates,
    )
    return result


def statement_import_summary(result: StatementImport) -> str:
    return ngettext(
        "%(count)s transfer imported, %(duplicates)s already known.",
        "%(count)s transfers imported, %(duplicates)s already known.",
        len(result.created_ids),
    ) % {"count": len(result.created_ids), "duplicates": result.duplicates}
