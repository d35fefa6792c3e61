"""VietQR (NAPAS EMVCo merchant-presented QR) payloads: build, parse and check them.

Pure Python and standard library only, so it can run anywhere (views, Celery, scripts) and stay
fast on the checkout hot path. Error messages are plain English; each error carries a short
``code`` that the Django layer maps to a translated message.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass

from core.text import to_ascii

__all__ = [
    "NAPAS_GUID",
    "SERVICE_CODES",
    "VietQR",
    "VietQRError",
    "crc16",
    "decode",
    "encode",
    "to_ascii",
]

NAPAS_GUID = "A000000727"
SERVICE_CODES = frozenset({"QRIBFTTA", "QRIBFTTC", "QRPUSH"})
MAX_AMOUNT = 9_999_999_999_999  # tag 54 holds at most 13 characters
MAX_PAYLOAD = 512
MAX_ADDITIONAL_FIELD = 25  # each sub-field of tag 62
MAX_MERCHANT_NAME = 25
MAX_MERCHANT_CITY = 15
MAX_ACCOUNT = 19


class VietQRError(ValueError):
    """A payload or a VietQR value that cannot be used.

    ``code`` is a short machine-readable reason (``"crc"``, ``"not_vietqr"``, ...); ``field`` names
    the VietQR attribute at fault when there is one, so a form can attach the error to it.
    """

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __reduce__(self):  # keep code/field when the error crosses a process boundary (Celery)
        return (_rebuild_error, (self.message, self.code, self.field))


def _rebuild_error(message: str, code: str, field: str | None) -> VietQRError:
    return VietQRError(message, code=code, field=field)


@dataclass(frozen=True)
class VietQR:
    """The fields of a VietQR payload that this project reads and writes."""

    bank_bin: str  # 38.01.00, 6-digit NAPAS BIN
    account: str  # 38.01.01, account or card number
    service: str | None = "QRIBFTTA"  # 38.02; None leaves the sub-field out
    amount: int | None = None  # 54, integer VND
    purpose: str | None = None  # 62.08
    reference: str | None = None  # 62.05
    bill_number: str | None = None  # 62.01
    store_label: str | None = None  # 62.03
    terminal: str | None = None  # 62.07
    merchant_category: str | None = None  # 52
    merchant_name: str | None = None  # 59
    merchant_city: str | None = None  # 60
    dynamic: bool | None = None  # 01: True "12", False "11", None: dynamic iff amount is set


# --- Text --------------------------------------------------------------------------------------

# --- CRC ---------------------------------------------------------------------------------------


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of ``data`` as 4 upper-case hex digits.

    ``binascii.crc_hqx`` is CPython's table-driven CRC-CCITT; with init 0xFFFF it is exactly the
    EMVCo checksum, at C speed. The text is hashed as UTF-8, the bytes a QR symbol carries.
    """
    # surrogatepass: a lone surrogate in hostile input must give a (wrong) CRC, not a crash.
    return f"{binascii.crc_hqx(data.encode('utf-8', 'surrogatepass'), 0xFFFF):04X}"


# --- Encoding ----------------------------------------------------------------------------------

# Two-digit lengths and tags, precomputed so neither encode nor decode formats or parses numbers.
_LENGTH_TEXT = tuple(f"{n:02d}" for n in range(100))
_TWO_DIGITS = {text: n for n, text in enumerate(_LENGTH_TEXT)}

# Tag-62 sub-fields in ascending sub-tag order: (attribute, sub-tag).
_ADDITIONAL_FIELDS = (
    ("bill_number", "01"),
    ("store_label", "03"),
    ("reference", "05"),
    ("terminal", "07"),
    ("purpose", "08"),
)
_ADDITIONAL_BY_TAG = {tag: name for name, tag in _ADDITIONAL_FIELDS}
_GUID_OBJECT = "0010" + NAPAS_GUID


def _tlv(tag: str, value: str) -> str:
    return tag + _LENGTH_TEXT[len(value)] + value


def _is_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _clean_text(qr: VietQR, name: str, limit: int) -> str | None:
    """The free-text attribute as ASCII within ``limit``; None when absent or empty."""
    value = getattr(qr, name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise VietQRError(f"{name} must be text.", code="type", field=name)
    value = to_ascii(value)
    if not value:
        return None
    if len(value) > limit:
        raise VietQRError(
            f"{name} is {len(value)} characters long; at most {limit} fit in a VietQR code.",
            code="too_long",
            field=name,
        )
    return value


def _check_account(bank_bin: object, account: object) -> None:
    if not isinstance(bank_bin, str) or len(bank_bin) != 6 or not _is_digits(bank_bin):
        raise VietQRError(
            "The bank BIN must be exactly 6 digits.", code="bank_bin", field="bank_bin"
        )
    if (
        not isinstance(account, str)
        or not 1 <= len(account) <= MAX_ACCOUNT
        or not (account.isascii() and account.isalnum())
    ):
        raise VietQRError(
            f"The account number must be 1 to {MAX_ACCOUNT} letters or digits.",
            code="account",
            field="account",
        )


def _check_amount(amount: object) -> None:
    # bool is an int subclass; True is not an amount of money.
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise VietQRError(
            "The amount must be a whole number of dong.", code="amount", field="amount"
        )
    if not 1 <= amount <= MAX_AMOUNT:
        raise VietQRError(
            f"The amount must be between 1 and {MAX_AMOUNT:,} dong.", code="amount", field="amount"
        )


def encode(qr: VietQR) -> str:
    """The VietQR payload for ``qr``, CRC included.

    Tags and tag-62 sub-fields are written in ascending order, so a canonical payload survives
    ``encode(decode(payload))`` unchanged. Free text is transliterated to ASCII; anything that
    does not fit the NAPAS limits raises VietQRError.
    """
    if not isinstance(qr, VietQR):
        raise VietQRError("encode() takes a VietQR value.", code="type")
    _check_account(qr.bank_bin, qr.account)
    if qr.service is not None and (
        not isinstance(qr.service, str) or qr.service not in SERVICE_CODES
    ):
        raise VietQRError(
            "The service code must be QRIBFTTA, QRIBFTTC or QRPUSH.",
            code="service",
            field="service",
        )
    amount = qr.amount
    if amount is not None:
        _check_amount(amount)
    mcc = qr.merchant_category
    if mcc is not None and (not isinstance(mcc, str) or len(mcc) != 4 or not _is_digits(mcc)):
        raise VietQRError(
            "The merchant category code must be 4 digits.",
            code="merchant_category",
            field="merchant_category",
        )
    dynamic = qr.dynamic
    if dynamic is None:
        dynamic = amount is not None
    elif not isinstance(dynamic, bool):
        raise VietQRError("dynamic must be True, False or None.", code="type", field="dynamic")

    beneficiary = "0006" + qr.bank_bin + _tlv("01", qr.account)
    account_info = _GUID_OBJECT + _tlv("01", beneficiary)
    if qr.service is not None:
        account_info += _tlv("02", qr.service)

    parts = ["000201010212" if dynamic else "000201010211", _tlv("38", account_info)]
    if mcc is not None:
        parts.append("5204" + mcc)
    parts.append("5303704")
    if amount is not None:
        parts.append(_tlv("54", str(amount)))
    parts.append("5802VN")
    name = _clean_text(qr, "merchant_name", MAX_MERCHANT_NAME)
    if name is not None:
        parts.append(_tlv("59", name))
    city = _clean_text(qr, "merchant_city", MAX_MERCHANT_CITY)
    if city is not None:
        parts.append(_tlv("60", city))

    additional = ""
    for attribute, sub_tag in _ADDITIONAL_FIELDS:
        value = _clean_text(qr, attribute, MAX_ADDITIONAL_FIELD)
        if value is not None:
            additional += _tlv(sub_tag, value)
    if additional:
        if len(additional) > 99:
            raise VietQRError(
                "Bill number, store, reference, terminal and purpose together are too long "
                f"({len(additional)} of 99 characters).",
                code="too_long",
            )
        parts.append(_tlv("62", additional))

    parts.append("6304")
    body = "".join(parts)
    if len(body) + 4 > MAX_PAYLOAD:
        raise VietQRError(
            f"The payload would be {len(body) + 4} characters; VietQR allows {MAX_PAYLOAD}.",
            code="too_long",
        )
    return body + crc16(body)


# --- Decoding ----------------------------------------------------------------------------------


def _parse_tlv(text: str, where: str) -> dict[str, str]:
    """Split ``text`` into its data objects; raise on any length that does not add up."""
    objects: dict[str, str] = {}
    position = 0
    end = len(text)
    while position < end:
        tag = text[position : position + 2]
        length = _TWO_DIGITS.get(text[position + 2 : position + 4])
        if tag not in _TWO_DIGITS or length is None:
            raise VietQRError(
                f"Malformed data object at position {position} of {where}.", code="format"
            )
        start = position + 4
        position = start + length
        if length == 0 or position > end:
            raise VietQRError(
                f"Data object {tag} in {where} declares a length that does not fit.",
                code="format",
            )
        if tag in objects:
            raise VietQRError(f"Data object {tag} appears twice in {where}.", code="format")
        objects[tag] = text[start:position]
    return objects


def _text_field(value: str | None, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if len(value) > limit:
        raise VietQRError(f"{name} is longer than {limit} characters.", code="too_long", field=name)
    if not (value.isascii() and value.isprintable()):
        raise VietQRError(
            f"{name} contains characters outside printable ASCII.", code="format", field=name
        )
    return value


def decode(payload: str) -> VietQR:
    """The VietQR value in ``payload``; VietQRError (and nothing else) if it is not a valid one.

    Lenient where the EMVCo standard is (lower-case CRC digits, top-level order, unknown tags
    such as 64 are ignored), strict on everything that decides where money goes: CRC, lengths,
    NAPAS GUID, BIN, account, currency and country.
    """
    if not isinstance(payload, str):
        raise VietQRError("A VietQR payload is text.", code="type")
    if not payload:
        raise VietQRError("The payload is empty.", code="empty")
    if len(payload) > MAX_PAYLOAD:
        raise VietQRError(f"The payload is longer than {MAX_PAYLOAD} characters.", code="too_long")
    if not payload.startswith("000201"):
        raise VietQRError(
            "Not an EMVCo QR payload: it must start with format indicator 000201.", code="format"
        )
    if payload[-8:-4] != "6304":
        raise VietQRError("The payload does not end with a CRC (tag 63).", code="format")
    checksum = payload[-4:]
    if not all(c in "0123456789abcdefABCDEF" for c in checksum):
        raise VietQRError("The CRC is not 4 hexadecimal digits.", code="crc")
    if crc16(payload[:-4]) != checksum.upper():
        raise VietQRError("The CRC does not match: the code is damaged or was altered.", code="crc")

    objects = _parse_tlv(payload[:-8], "the payload")
    if "63" in objects:
        raise VietQRError("Tag 63 (CRC) must come last.", code="format")

    # The NAPAS account first: a foreign EMVCo code (PromptPay, Pix) should say "not VietQR".
    account_info = objects.get("38")
    if account_info is None:
        raise VietQRError(
            "Not a VietQR code: there is no NAPAS merchant account (tag 38).", code="not_vietqr"
        )
    napas = _parse_tlv(account_info, "tag 38")
    if napas.get("00") != NAPAS_GUID:
        raise VietQRError(
            f"Not a VietQR code: tag 38 does not carry the NAPAS identifier {NAPAS_GUID}.",
            code="not_vietqr",
        )
    beneficiary_text = napas.get("01")
    if beneficiary_text is None:
        raise VietQRError("The beneficiary (tag 38.01) is missing.", code="missing")
    beneficiary = _parse_tlv(beneficiary_text, "tag 38.01")
    bank_bin = beneficiary.get("00")
    account = beneficiary.get("01")
    if bank_bin is None or account is None:
        raise VietQRError("The bank BIN or the account number is missing.", code="missing")
    _check_account(bank_bin, account)
    service = napas.get("02")
    if service is not None and service not in SERVICE_CODES:
        raise VietQRError(
            f"Unknown VietQR service code {service!r}.", code="service", field="service"
        )

    initiation = objects.get("01")
    if initiation == "12":
        dynamic = True
    elif initiation == "11":
        dynamic = False
    elif initiation is None:
        raise VietQRError("Tag 01 (static or dynamic) is missing.", code="missing")
    else:
        raise VietQRError("Tag 01 must be 11 (static) or 12 (dynamic).", code="format")

    currency = objects.get("53")
    if currency is None:
        raise VietQRError("The currency (tag 53) is missing.", code="missing")
    if currency != "704":
        raise VietQRError(
            f"The currency is {currency!r}; VietQR payments are in dong (704).", code="currency"
        )
    country = objects.get("58")
    if country is None:
        raise VietQRError("The country (tag 58) is missing.", code="missing")
    if country != "VN":
        raise VietQRError(f"The country is {country!r}, not VN.", code="country")

    amount = None
    amount_text = objects.get("54")
    if amount_text is not None:
        # Canonical integer only: no decimals, signs or leading zeros (they would not round-trip).
        if not _is_digits(amount_text) or amount_text[0] == "0" or len(amount_text) > 13:
            raise VietQRError(
                f"The amount {amount_text!r} is not a whole positive number of dong.",
                code="amount",
                field="amount",
            )
        amount = int(amount_text)

    mcc = objects.get("52")
    if mcc is not None and (len(mcc) != 4 or not _is_digits(mcc)):
        raise VietQRError(
            "The merchant category code must be 4 digits.",
            code="merchant_category",
            field="merchant_category",
        )

    additional: dict[str, str | None] = dict.fromkeys(_ADDITIONAL_BY_TAG.values())
    additional_text = objects.get("62")
    if additional_text is not None:
        for sub_tag, value in _parse_tlv(additional_text, "tag 62").items():
            name = _ADDITIONAL_BY_TAG.get(sub_tag)
            if name is not None:  # other sub-fields (mobile number, loyalty, ...) are not ours
                additional[name] = _text_field(value, name, MAX_ADDITIONAL_FIELD)

    return VietQR(
        bank_bin=bank_bin,
        account=account,
        service=service,
        amount=amount,
        merchant_category=mcc,
        merchant_name=_text_field(objects.get("59"), "merchant_name", MAX_MERCHANT_NAME),
        merchant_city=_text_field(objects.get("60"), "merchant_city", MAX_MERCHANT_CITY),
        dynamic=dynamic,
        **additional,
    )
