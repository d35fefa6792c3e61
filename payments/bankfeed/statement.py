"""Bank statement CSV import: the rows a bank's statement lists, stored like webhook events.

A statement may repeat transfers the webhooks already reported (often without the bank's
reference); reconciliation recognises those copies (``payments.bankfeed.reconcile``).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.money import AmountError, format_vnd, parse_vnd
from payments.bankfeed import codec, intake

logger = logging.getLogger(__name__)


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
        raise codec.ParseError(_("The file is larger than 5 MB."))
    data = file.read(CSV_MAX_BYTES + 1)
    if isinstance(data, str):
        # A lone surrogate cannot be stored: it fails the UTF-8 check below.
        data = data.encode("utf-8", errors="surrogatepass")
    if len(data) > CSV_MAX_BYTES:
        raise codec.ParseError(_("The file is larger than 5 MB."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise codec.ParseError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from None


def _csv_row(row: dict, number: int, errors: list) -> codec.BankTransaction | None:
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
        transacted_at = codec.parse_local_time(values["transaction_time"])
    except ValueError:
        problems.append(
            _("the time “%(value)s” is not like 2026-11-23 14:02:37 or 23/11/2026 14:02:37")
            % {"value": values["transaction_time"][:40]}
        )
    account = codec.clean_account(values["account_number"])
    if account is None:
        problems.append(_("the account number must be 1 to 30 letters or digits"))
    amount = _csv_amount(values["amount"], problems)
    if len(values["content"]) > codec.MAX_CONTENT_LENGTH:
        problems.append(_("the content is longer than 1000 characters"))
    if len(values["bank_reference"]) > 100:
        problems.append(_("the bank reference is longer than 100 characters"))
    if problems:
        message = _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
        errors.append((number, message))
        return None
    return codec.BankTransaction(
        transaction_id=transaction_id,
        bank_code="",
        account_number=account,
        amount=amount,
        content=values["content"],
        bank_reference=values["bank_reference"],
        transacted_at=transacted_at,
        raw=values,
    )


def _csv_amount(text: str, problems: list) -> int | None:
    """Whole đồng as the site reads money (``core.money.parse_vnd``), "-" for money out."""
    negative = text.startswith("-")
    try:
        amount = parse_vnd(text[1:] if negative else text)
    except AmountError:
        problems.append(
            _("the amount “%(value)s” is not a whole number of đồng") % {"value": text[:40]}
        )
        return None
    if amount == 0:
        problems.append(_("the amount must not be 0 ₫"))
    elif amount > codec.MAX_AMOUNT:
        problems.append(
            _("the amount is larger than %(max)s, the most an order can hold")
            % {"max": format_vnd(codec.MAX_AMOUNT)}
        )
    return -amount if negative else amount


def parse_bank_statement_csv(file) -> tuple[list[codec.BankTransaction], list]:
    """Every row of a statement CSV, or the list of (row number, message) errors."""
    try:
        text = _read_csv_text(file)
    except codec.ParseError as error:
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
    """Store a bank statement's rows as events, to be reconciled like webhooks.

    Every row is checked first; if any is invalid nothing is written. Rows whose transaction
    id is already stored (or repeated in the file) are skipped and counted. The caller sends
    the new events to reconciliation (``payments.bankfeed.tasks.enqueue_reconciliation``).
    """
    rows, errors = parse_bank_statement_csv(file)
    result = StatementImport(errors=errors)
    if errors:
        return result
    fresh: dict[str, codec.BankTransaction] = {}
    for row in rows:
        if row.transaction_id in fresh:
            result.duplicates += 1
        else:
            fresh[row.transaction_id] = row
    actor_name = actor.get_username() if actor is not None else "system"
    try:
        stored = intake.store_transactions(
            provider=CSV_PROVIDER,
            raw_body=json.dumps([row.raw for row in fresh.values()], ensure_ascii=False),
            headers={"Imported-By": actor_name},
            transactions=list(fresh.values()),
            created_by=actor,
        )
    except IntegrityError:
        result.errors.append(
            (None, _("Another import of the same rows ran at the same time. Try again."))
        )
        return result
    result.created_ids = stored.created_ids
    result.duplicates += stored.duplicates
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
