"""Bank-feed webhooks: signature scheme and the two aggregator payload shapes (SePay, Casso).

Signature: every request carries ``X-Choso-Timestamp`` (unix seconds) and
``X-Choso-Signature: sha256=<hex>``, the HMAC-SHA256 with the provider's secret over the
ASCII timestamp, a dot, and the raw request body as sent (``f"{timestamp}.".encode() + body``).
A timestamp more than ``max_age`` seconds away from now (past or future) is refused, so a
captured request cannot be replayed later.

Only ``application/json`` bodies are read (``is_json_content_type``).

Parsers turn a verified body into a ``ParsedDelivery`` or raise ``ParseError`` with a
translated message when the delivery as a whole cannot be read. One bad transaction in a
Casso delivery does not spoil the others: it is set aside as a ``RejectedTransaction``.
Everything a parser returns can be stored as it is: no NUL, no lone surrogate, no NaN, and
no amount beyond what Oscar's ``numeric(12,2)`` money columns hold.
Nothing here touches the database; the only Django import is gettext.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from core.money import format_vnd
from payments.banks import normalize_account

PROVIDERS = ("sepay", "casso")
TIMESTAMP_HEADER = "X-Choso-Timestamp"
SIGNATURE_HEADER = "X-Choso-Signature"
SIGNATURE_PREFIX = "sha256="
JSON_MEDIA_TYPE = "application/json"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_TRANSACTIONS_PER_DELIVERY = 100
MAX_CONTENT_LENGTH = 1000
#: Oscar's money columns are numeric(12,2): 9.999.999.999,99 is the most an order can hold, so
#: a larger transfer could never be settled against one and is refused at intake.
MAX_AMOUNT = 9_999_999_999
#: Deeper JSON is refused before anything walks it (no aggregator nests more than 3 levels).
MAX_JSON_DEPTH = 32
_ACCOUNT = re.compile(r"[0-9A-Z]{1,30}", re.ASCII)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LOCAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
#: The first two formats written in full: ``fromisoformat`` reads them as ``strptime`` would,
#: ten times faster (every webhook has one).
_ISO_LOCAL = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?", re.ASCII)


class ParseError(ValueError):
    """A delivery or statement row that cannot be understood; ``message`` is translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class StaleTimestamp(ParseError):
    """A well-formed timestamp too far from now: the one refusal staff may later overrule,
    after checking the signature again (``payments.bankfeed.intake``)."""


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
    sub_account: str = ""  # the virtual account the money went to (SePay's "subAccount")


@dataclass(frozen=True)
class RejectedTransaction:
    """One transaction of a delivery that cannot be read; the rest of the delivery can."""

    position: int  # 1-based, in the order of the delivery
    message: str  # translated, "Transaction 2: …"
    raw: object  # the transaction as received, made storable


@dataclass(frozen=True)
class ParsedDelivery:
    """What one delivery holds: the transactions to store and the ones set aside."""

    transactions: tuple[BankTransaction, ...]
    rejected: tuple[RejectedTransaction, ...] = ()


def is_json_content_type(value: str | None) -> bool:
    """True for ``application/json``, with or without parameters (``; charset=utf-8``)."""
    media_type = (value or "").split(";", 1)[0].strip().lower()
    return media_type == JSON_MEDIA_TYPE


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


def read_timestamp(value: str | None) -> int:
    """The request's unix timestamp, whatever its age; ParseError when missing or malformed."""
    text = (value or "").strip()
    if not text:
        return _fail(_("The %(header)s header is missing."), header=TIMESTAMP_HEADER)
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        return _fail(
            _("The %(header)s header must be a whole number of seconds since 1970."),
            header=TIMESTAMP_HEADER,
        )
    return int(text)


def parse_timestamp(value: str | None, *, now: float, max_age: int) -> int:
    """The request's unix timestamp; ParseError when missing or malformed, StaleTimestamp
    when more than ``max_age`` seconds old or ahead."""
    timestamp = read_timestamp(value)
    if timestamp < now - max_age:
        raise StaleTimestamp(
            _("The request is too old (more than %(seconds)s seconds).") % {"seconds": max_age}
        )
    if timestamp > now + max_age:
        raise StaleTimestamp(
            _("The request time is in the future (more than %(seconds)s seconds ahead).")
            % {"seconds": max_age}
        )
    return timestamp


# --- Payloads -------------------------------------------------------------------------------


def parse_delivery(provider: str, body: bytes) -> ParsedDelivery:
    """The transactions in one webhook delivery of ``provider``, and those set aside;
    ParseError when the delivery as a whole cannot be read."""
    data = load_json(body)
    if provider == "sepay":
        return ParsedDelivery(transactions=(parse_sepay(data),))
    if provider == "casso":
        return parse_casso(data)
    return _fail(_("Unknown bank feed provider “%(provider)s”."), provider=provider)


def load_json(body: bytes):
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _fail(_("The request body is not UTF-8 text."))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return _fail(_("The request body is not valid JSON."))
    if _depth(data) > MAX_JSON_DEPTH:
        return _fail(_("The request body is nested too deeply."))
    return data


def _depth(data) -> int:
    """How deeply lists and objects nest (walked without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


def storable(value):
    """``value`` (parsed JSON) with what a database cannot keep replaced: NUL and lone
    surrogates in text become U+FFFD, NaN and infinities become their names."""
    if isinstance(value, str):
        if value.isascii() and "\x00" not in value:  # most text: nothing to replace
            return value
        return _SURROGATE.sub("\ufffd", value.replace("\x00", "\ufffd"))
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {storable(str(key)): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


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
        raw=storable(data),
        payment_code=_text(data, "code", max_length=100),
        sub_account=_optional_account(data, "subAccount"),
    )


def parse_casso(data) -> ParsedDelivery:
    """Casso-style: ``{"error": 0, "data": [...]}``; negative amounts are money going out.

    A transaction that cannot be read is set aside; problems of the delivery as a whole (not
    an object, an error reported, too many transactions, one id twice) raise ParseError.
    """
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
    ids = [_casso_item_id(item) for item in items]
    readable = [item_id for item_id in ids if item_id is not None]
    if len(set(readable)) != len(readable):
        return _fail(_("The same transaction id appears twice in one delivery."))
    transactions, rejected = [], []
    for position, item in enumerate(items, start=1):
        try:
            transactions.append(_casso_item(item))
        except ParseError as error:
            message = _("Transaction %(position)s: %(error)s") % {
                "position": position,
                "error": error.message,
            }
            rejected.append(
                RejectedTransaction(position=position, message=message, raw=storable(item))
            )
    return ParsedDelivery(transactions=tuple(transactions), rejected=tuple(rejected))


def _casso_item_id(item) -> str | None:
    """The transaction's id as ``_identifier`` reads it, or None when there is none."""
    value = item.get("id") if isinstance(item, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    return str(value).strip() or None


def _casso_item(item) -> BankTransaction:
    if not isinstance(item, dict):
        return _fail(_("Each transaction must be a JSON object."))
    return BankTransaction(
        transaction_id=_identifier(item, "id"),
        bank_code=_text(item, "bankName", max_length=50),
        account_number=_account(item, _casso_account_field(item)),
        amount=_amount(item, "amount"),
        content=_text(item, "description", max_length=MAX_CONTENT_LENGTH),
        bank_reference=_text(item, "tid", max_length=100),
        transacted_at=_time(item, "when"),
        raw=storable(item),
    )


def _casso_account_field(item: dict) -> str:
    """Casso names the receiving account ``bank_sub_acc_id``; some deliveries leave it empty
    and carry it as ``subAccId``."""
    for field in ("bank_sub_acc_id", "subAccId"):
        value = item.get(field)
        if value is not None and str(value).strip():
            return field
    return "bank_sub_acc_id"  # missing: the error names the usual field


# --- Field readers (shared with the statement CSV import) -----------------------------------


def parse_local_time(text: str) -> dt.datetime:
    """``YYYY-MM-DD HH:MM:SS``, ``dd/mm/YYYY HH:MM:SS`` or ISO 8601; naive means Viet Nam time.

    Returns an aware UTC datetime, or raises ValueError.
    """
    text = text.strip()
    value = _iso_local(text)
    for fmt in _LOCAL_FORMATS if value is None else ():
        try:
            value = dt.datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    if value is None:
        value = dt.datetime.fromisoformat(text)  # raises ValueError
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # year 1 east of Greenwich, year 9999 west of it
        raise ValueError(f"{text!r} is outside the calendar in UTC") from None


def _iso_local(text: str) -> dt.datetime | None:
    """``YYYY-MM-DD HH:MM[:SS]`` in ASCII digits, as ``strptime`` reads it; None otherwise."""
    if not _ISO_LOCAL.fullmatch(text):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:  # no such day or time: strptime refuses it too
        return None


def clean_account(value) -> str | None:
    """An account number as written ("0123 456 789", "0123-456-789", "0123.456.789") in the
    form it is stored ("0123456789", letters upper-cased); None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = normalize_account(str(value).strip())
    return text if _ACCOUNT.fullmatch(text) else None


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
    # PostgreSQL text cannot hold NUL; no database can store a lone surrogate.
    value = _SURROGATE.sub("\ufffd", value.replace("\x00", "")).strip()
    if len(value) > max_length:
        return _fail(
            _("The field “%(field)s” is longer than %(max)s characters."),
            field=field,
            max=max_length,
        )
    return value


def _account(data: dict, field: str) -> str:
    account = clean_account(_present(data, field))
    if account is None:
        return _fail(
            _("The field “%(field)s” must be an account number (letters and digits)."),
            field=field,
        )
    return account


def _optional_account(data: dict, field: str) -> str:
    """An account number that may be absent (null or empty): "" then."""
    if data.get(field) in (None, ""):
        return ""
    return _account(data, field)


def _amount(data: dict, field: str) -> int:
    value = _present(data, field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,16}", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return _fail(_("The field “%(field)s” must be a whole number of đồng."), field=field)
    if abs(value) > MAX_AMOUNT:
        return _fail(
            _("The field “%(field)s” is too large: an order holds at most %(max)s."),
            field=field,
            max=format_vnd(MAX_AMOUNT),
        )
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
