"""Bank-feed webhooks: signature scheme and the two aggregator payload shapes (SePay, Casso).

Signature: every request carries ``X-Choso-Timestamp`` (unix seconds) and
``X-Choso-Signature: sha256=<hex>``, the HMAC-SHA256 with the provider's secret over the
ASCII timestamp, a dot, and the raw request body as sent (``f"{timestamp}.".encode() + body``).
A timestamp more than ``max_age`` seconds away from now (past or future) is refused, so a
captured request cannot be replayed later.

Parsers turn a verified body into ``BankTransaction`` records or raise ``ParseError`` with a
translated message. Nothing here touches the database; the only Django import is gettext.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

PROVIDERS = ("sepay", "casso")
TIMESTAMP_HEADER = "X-Choso-Timestamp"
SIGNATURE_HEADER = "X-Choso-Signature"
SIGNATURE_PREFIX = "sha256="
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_TRANSACTIONS_PER_DELIVERY = 100
MAX_CONTENT_LENGTH = 1000
MAX_AMOUNT = 9_999_999_999_999  # the largest amount a VietQR code can carry
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,30}$")
_LOCAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")


class ParseError(ValueError):
    """A delivery or statement row that cannot be understood; ``message`` is translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class BankTransaction:
    """One bank notification, normalised. ``amount`` is negative for money going out."""

    transaction_id: str
    bank_code: str
    account_number: str
    amount: int
    content: str
    bank_reference: str
    transacted_at: dt.datetime | None  # aware, UTC
    raw: dict
    payment_code: str = ""  # a reference the aggregator found itself (SePay's "code")


# --- Signature ------------------------------------------------------------------------------


def compute_signature(secret: str, timestamp: str | int, body: bytes) -> str:
    """``sha256=<hex>`` for the given secret, timestamp and raw body."""
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """True when ``signature`` (``sha256=<hex>``, hex in any case) matches; constant time."""
    if not secret or not timestamp or not signature:
        return False
    given = signature.strip()
    if given[: len(SIGNATURE_PREFIX)].lower() == SIGNATURE_PREFIX:
        given = given[len(SIGNATURE_PREFIX) :]
    expected = compute_signature(secret, timestamp, body)[len(SIGNATURE_PREFIX) :]
    try:
        given_bytes = given.lower().encode("ascii")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(expected.encode("ascii"), given_bytes)


def parse_timestamp(value: str | None, *, now: float, max_age: int) -> int:
    """The request's unix timestamp, or ParseError when missing, malformed, stale or future."""
    text = (value or "").strip()
    if not text:
        return _fail(_("The %(header)s header is missing."), header=TIMESTAMP_HEADER)
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        return _fail(
            _("The %(header)s header must be a whole number of seconds since 1970."),
            header=TIMESTAMP_HEADER,
        )
    timestamp = int(text)
    if timestamp < now - max_age:
        return _fail(_("The request is too old (more than %(seconds)s seconds)."), seconds=max_age)
    if timestamp > now + max_age:
        return _fail(
            _("The request time is in the future (more than %(seconds)s seconds ahead)."),
            seconds=max_age,
        )
    return timestamp


# --- Payloads -------------------------------------------------------------------------------


def parse_delivery(provider: str, body: bytes) -> list[BankTransaction]:
    """All transactions in one webhook delivery of ``provider``; ParseError if anything is off."""
    data = load_json(body)
    if provider == "sepay":
        return [parse_sepay(data)]
    if provider == "casso":
        return parse_casso(data)
    return _fail(_("Unknown bank feed provider “%(provider)s”."), provider=provider)


def load_json(body: bytes):
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _fail(_("The request body is not UTF-8 text."))
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _fail(_("The request body is not valid JSON."))


def parse_sepay(data) -> BankTransaction:
    """SePay-style: one transaction per delivery; ``transferType`` says "in" or "out"."""
    if not isinstance(data, dict):
        return _fail(_("The notification must be a JSON object."))
    direction = _text(data, "transferType", required=True, max_length=10).lower()
    if direction not in ("in", "out"):
        return _fail(_("The field “%(field)s” must be “in” or “out”."), field="transferType")
    amount = _amount(data, "transferAmount")
    if amount < 0:
        return _fail(_("The field “%(field)s” must not be negative."), field="transferAmount")
    return BankTransaction(
        transaction_id=_identifier(data, "id"),
        bank_code=_text(data, "gateway", max_length=50),
        account_number=_account(data, "accountNumber"),
        amount=amount if direction == "in" else -amount,
        content=_text(data, "content", max_length=MAX_CONTENT_LENGTH),
        bank_reference=_text(data, "referenceCode", max_length=100),
        transacted_at=_time(data, "transactionDate"),
        raw=data,
    )


def parse_casso(data) -> list[BankTransaction]:
    """Casso-style: ``{"error": 0, "data": [...]}``; negative amounts are money going out."""
    if not isinstance(data, dict):
        return _fail(_("The notification must be a JSON object."))
    if data.get("error", 0) not in (0, "0"):
        return _fail(_("The notification reports an error (“error” is not 0)."))
    items = data.get("data")
    if items is None:
        return _fail(_("The field “%(field)s” is missing."), field="data")
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return _fail(_("The field “%(field)s” must be a list of transactions."), field="data")
    if len(items) > MAX_TRANSACTIONS_PER_DELIVERY:
        return _fail(
            _("A delivery may hold at most %(count)s transactions."),
            count=MAX_TRANSACTIONS_PER_DELIVERY,
        )
    transactions = []
    for position, item in enumerate(items, start=1):
        try:
            transactions.append(_casso_item(item))
        except ParseError as error:
            return _fail(
                _("Transaction %(position)s: %(error)s"), position=position, error=error.message
            )
    ids = [transaction.transaction_id for transaction in transactions]
    if len(set(ids)) != len(ids):
        return _fail(_("The same transaction id appears twice in one delivery."))
    return transactions


def _casso_item(item) -> BankTransaction:
    if not isinstance(item, dict):
        return _fail(_("Each transaction must be a JSON object."))
    account_field = "bank_sub_acc_id" if "bank_sub_acc_id" in item else "subAccId"
    return BankTransaction(
        transaction_id=_identifier(item, "id"),
        bank_code=_text(item, "bankName", max_length=50),
        account_number=_account(item, account_field),
        amount=_amount(item, "amount"),
        content=_text(item, "description", max_length=MAX_CONTENT_LENGTH),
        bank_reference=_text(item, "tid", max_length=100),
        transacted_at=_time(item, "when"),
        raw=item,
    )


# --- Field readers (shared with the statement CSV import) -----------------------------------


def parse_local_time(text: str) -> dt.datetime:
    """``YYYY-MM-DD HH:MM:SS``, ``dd/mm/YYYY HH:MM:SS`` or ISO 8601; naive means Viet Nam time.

    Returns an aware UTC datetime, or raises ValueError.
    """
    text = text.strip()
    value = None
    for fmt in _LOCAL_FORMATS:
        try:
            value = dt.datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    if value is None:
        value = dt.datetime.fromisoformat(text)  # raises ValueError
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(dt.UTC)


def normalise_account(text: str) -> str:
    """Account numbers compared without spaces, dots or dashes, upper-cased."""
    return "".join(char for char in text.upper() if char.isascii() and char.isalnum())


def _fail(message, **params):
    raise ParseError(message % params if params else message)


def _present(data: dict, field: str):
    if field not in data or data[field] is None or data[field] == "":
        return _fail(_("The field “%(field)s” is missing."), field=field)
    return data[field]


def _identifier(data: dict, field: str) -> str:
    value = _present(data, field)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return _fail(_("The field “%(field)s” must be a number or text."), field=field)
    text = str(value).strip()
    if not text or len(text) > 100 or not text.isprintable():
        return _fail(
            _("The field “%(field)s” must be 1 to %(max)s printable characters."),
            field=field,
            max=100,
        )
    return text


def _text(data: dict, field: str, *, max_length: int, required: bool = False) -> str:
    value = _present(data, field) if required else data.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        return _fail(_("The field “%(field)s” must be text."), field=field)
    value = value.replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
    if len(value) > max_length:
        return _fail(
            _("The field “%(field)s” is longer than %(max)s characters."),
            field=field,
            max=max_length,
        )
    return value


def _account(data: dict, field: str) -> str:
    value = _present(data, field)
    usable = isinstance(value, int | str) and not isinstance(value, bool)
    text = str(value).strip() if usable else ""
    if not _ACCOUNT.match(text.replace(" ", "")):
        return _fail(
            _("The field “%(field)s” must be an account number (letters and digits)."),
            field=field,
        )
    return text.replace(" ", "")


def _amount(data: dict, field: str) -> int:
    value = _present(data, field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,16}", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return _fail(_("The field “%(field)s” must be a whole number of đồng."), field=field)
    if abs(value) > MAX_AMOUNT:
        return _fail(_("The field “%(field)s” is too large."), field=field)
    return value


def _time(data: dict, field: str) -> dt.datetime:
    value = _present(data, field)
    if not isinstance(value, str):
        return _fail(_("The field “%(field)s” must be a date and time."), field=field)
    try:
        return parse_local_time(value)
    except ValueError:
        return _fail(
            _("The field “%(field)s” must be a date and time like 2026-11-23 14:02:37."),
            field=field,
        )
