"""GS1 identifiers: GTIN check digits and the GS1 Digital Link URI codec.

Pure Python, no Django import, so label printers, scanners and tests can use it anywhere.
Rules (path form of GS1 Digital Link URI syntax 1.x, the subset labels in Viet Nam use):
``https://host[/prefix]/01/{gtin14}[/22/{cpv}][/10/{lot}][/21/{serial}][?AI=value&…]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

__all__ = [
    "AI82",
    "GTIN_LENGTHS",
    "QUALIFIERS",
    "DigitalLink",
    "DigitalLinkError",
    "build_digital_link",
    "gtin_check_digit",
    "is_ai82",
    "is_valid_gtin",
    "normalize_gtin",
    "parse_digital_link",
]

# GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14.
GTIN_LENGTHS = (8, 12, 13, 14)
_GROUPING = " -\t\u00a0"

# GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
AI82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
# Key qualifiers of AI 01 in the path, in their only allowed order: CPV, lot, serial.
QUALIFIERS = ("22", "10", "21")
_QUALIFIER_NAMES = {"22": "cpv", "10": "lot", "21": "serial"}
MAX_QUALIFIER_LENGTH = 20
MAX_ATTRIBUTE_LENGTH = 90

# Characters a URI may carry unencoded in a path segment (RFC 3986 pchar without "%").
_PCHAR = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@"
)
_QUERY_CHARS = _PCHAR | frozenset("/?")
_HEX = frozenset("0123456789abcdefABCDEF")
# Fixed-format data attributes; other numeric AIs only need 1–90 AI82 characters.
_DATE_AIS = frozenset({"11", "12", "13", "15", "16", "17"})
_ATTRIBUTE_FORMATS = {
    "3103": re.compile(r"\d{6}"),  # net weight, kg, 3 decimals
    "422": re.compile(r"\d{3}"),  # country of origin (ISO 3166 numeric; 704 = Viet Nam)
    "7007": re.compile(r"\d{6}(\d{6})?"),  # harvest date or date range
}
_AI_KEY = re.compile(r"\d{2,4}")
_SCHEME_HOST = re.compile(r"(?i)(https?)://([^/?#\s]+)")


class DigitalLinkError(ValueError):
    """A GS1 Digital Link URI (or the parts to build one) breaks the rules; the message says how."""


def _digits(code: str) -> str:
    return "".join(char for char in str(code) if char not in _GROUPING)


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for ``body`` (the GTIN without its last digit).

    From the right, digits are weighted 3, 1, 3, 1…; the check digit brings the sum up to the
    next multiple of ten.
    """
    if not isinstance(body, str) or not body or not body.isascii() or not body.isdigit():
        raise ValueError("GTIN data must be ASCII digits")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """True for an 8, 12, 13 or 14 digit GTIN whose last digit is the right check digit.

    Spaces and dashes people type to group digits are ignored. Never raises.
    """
    if not isinstance(code, str):
        return False
    digits = _digits(code)
    if len(digits) not in GTIN_LENGTHS or not digits.isascii() or not digits.isdigit():
        return False
    return gtin_check_digit(digits[:-1]) == int(digits[-1])


def normalize_gtin(code: str) -> str:
    """The 14-digit form used in GS1 Digital Link and element strings (left-padded with 0).

    Raises ValueError for anything that is not a valid GTIN.
    """
    if not is_valid_gtin(code):
        raise ValueError(f"not a valid GTIN: {code!r}")
    return _digits(code).zfill(14)


def is_ai82(value: str) -> bool:
    """True when every character of ``value`` is in GS1 AI encodable character set 82."""
    return isinstance(value, str) and all(char in AI82 for char in value)


@dataclass(frozen=True)
class DigitalLink:
    """The identifiers a GS1 Digital Link URI carries."""

    gtin: str  # always 14 digits
    cpv: str | None = None  # AI 22
    lot: str | None = None  # AI 10
    serial: str | None = None  # AI 21
    attributes: dict[str, str] = field(default_factory=dict)  # query AIs, e.g. {"17": "180426"}


def _check_qualifier(ai: str, value: object) -> str:
    name = _QUALIFIER_NAMES[ai]
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_QUALIFIER_LENGTH:
        raise DigitalLinkError(
            f"the {name} (AI {ai}) must be 1 to {MAX_QUALIFIER_LENGTH} characters"
        )
    if not is_ai82(value):
        bad = next(char for char in value if char not in AI82)
        raise DigitalLinkError(
            f"the {name} (AI {ai}) may only use GS1 character set 82; {bad!r} is not in it"
        )
    return value


def _check_attribute(ai: object, value: object) -> tuple[str, str]:
    if not isinstance(ai, str) or not _AI_KEY.fullmatch(ai):
        raise DigitalLinkError(f"a data attribute key must be a 2–4 digit AI, not {ai!r}")
    if ai == "01" or ai in QUALIFIERS:
        raise DigitalLinkError(f"AI {ai} belongs in the path, not in the query")
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_ATTRIBUTE_LENGTH:
        raise DigitalLinkError(f"AI {ai} needs a value of 1 to {MAX_ATTRIBUTE_LENGTH} characters")
    if not is_ai82(value):
        raise DigitalLinkError(f"AI {ai} may only use GS1 character set 82")
    if ai in _DATE_AIS:
        if not (len(value) == 6 and value.isdigit() and 1 <= int(value[2:4]) <= 12):
            raise DigitalLinkError(f"AI {ai} is a date written YYMMDD, not {value!r}")
        if int(value[4:6]) > 31:
            raise DigitalLinkError(f"AI {ai} is a date written YYMMDD, not {value!r}")
    pattern = _ATTRIBUTE_FORMATS.get(ai)
    if pattern and not pattern.fullmatch(value):
        raise DigitalLinkError(f"AI {ai} has the wrong format: {value!r}")
    return ai, value


def _percent_decode(raw: str, *, allowed: frozenset[str], plus_is_space: bool = False) -> str:
    """Strict percent-decoding: every ``%`` starts an escape, the bytes must be UTF-8."""
    out = bytearray()
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "%":
            pair = raw[i + 1 : i + 3]
            if len(pair) != 2 or not all(c in _HEX for c in pair):
                raise DigitalLinkError("a '%' in the URI must start an escape such as %2F")
            out.append(int(pair, 16))
            i += 3
            continue
        if char not in allowed:
            raise DigitalLinkError(f"{char!r} may not appear unencoded in a URI")
        out.extend(b" " if plus_is_space and char == "+" else char.encode("ascii"))
        i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise DigitalLinkError("percent-escapes in the URI are not valid UTF-8") from None


def _parse_key_path(segments: list[str]) -> tuple[str, dict[str, str]]:
    """``segments`` start with "01": the GTIN and its qualifiers, or DigitalLinkError."""
    if len(segments) < 2 or len(segments) % 2:
        raise DigitalLinkError("after /01/ come the GTIN and then AI/value pairs")
    gtin = _percent_decode(segments[1], allowed=_PCHAR)
    if len(gtin) != 14 or not gtin.isascii() or not gtin.isdigit():
        raise DigitalLinkError(f"the GTIN after /01/ must be written with 14 digits, not {gtin!r}")
    if gtin_check_digit(gtin[:-1]) != int(gtin[-1]):
        raise DigitalLinkError(f"the GTIN {gtin} has a wrong check digit")
    qualifiers: dict[str, str] = {}
    last = -1
    for index in range(2, len(segments), 2):
        ai = segments[index]
        if ai not in QUALIFIERS:
            raise DigitalLinkError(
                f"/{ai}/ is not a key qualifier of a GTIN (only 22, 10 and 21, in that order)"
            )
        position = QUALIFIERS.index(ai)
        if position <= last:
            raise DigitalLinkError("key qualifiers must come in the order 22, 10, 21, once each")
        last = position
        qualifiers[ai] = _check_qualifier(ai, _percent_decode(segments[index + 1], allowed=_PCHAR))
    return gtin, qualifiers


def _parse_query(query: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for pair in query.split("&"):
        if not pair:
            continue
        raw_key, sep, raw_value = pair.partition("=")
        key = _percent_decode(raw_key, allowed=_QUERY_CHARS, plus_is_space=True)
        value = _percent_decode(raw_value, allowed=_QUERY_CHARS, plus_is_space=True)
        if not key.isascii() or not key.isdigit():
            continue  # not a GS1 AI (e.g. linkType, utm_*): the resolver's business, not ours
        if not sep:
            raise DigitalLinkError(f"AI {key} in the query has no value")
        ai, value = _check_attribute(key, value)
        if ai in attributes:
            raise DigitalLinkError(f"AI {ai} appears twice in the query")
        attributes[ai] = value
    return attributes


def parse_digital_link(uri: str) -> DigitalLink:
    """The GTIN, qualifiers and data attributes of a GS1 Digital Link URI.

    Raises DigitalLinkError (only) for anything else, with a message a person can act on.
    """
    if not isinstance(uri, str):
        raise DigitalLinkError("a Digital Link URI must be text")
    uri = uri.strip()
    match = _SCHEME_HOST.match(uri)
    if not match:
        raise DigitalLinkError("a Digital Link URI starts with http:// or https:// and a host")
    rest = uri[match.end() :]
    rest, _, _fragment = rest.partition("#")
    path, _, query = rest.partition("?")
    if not path.startswith("/"):
        raise DigitalLinkError("the URI has no path: expected /01/ followed by a GTIN")
    if path.endswith("/"):
        raise DigitalLinkError("a Digital Link URI must not end with a slash")
    segments = path.split("/")[1:]
    starts = [i for i, segment in enumerate(segments) if segment == "01"]
    if not starts:
        raise DigitalLinkError(
            "no /01/ followed by a GTIN in the path (short names such as /gtin/ are not accepted)"
        )
    error: DigitalLinkError | None = None
    # The key may follow any path prefix; the first "01" segment that starts a valid key wins.
    for start in starts:
        if any(not segment for segment in segments[start:]):
            error = DigitalLinkError("the path has an empty segment (two slashes in a row)")
            continue
        try:
            gtin, qualifiers = _parse_key_path(segments[start:])
        except DigitalLinkError as exc:
            error = exc
            continue
        return DigitalLink(
            gtin=gtin,
            cpv=qualifiers.get("22"),
            lot=qualifiers.get("10"),
            serial=qualifiers.get("21"),
            attributes=_parse_query(query),
        )
    assert error is not None
    raise error


def _encode(value: str) -> str:
    # Everything outside the unreserved set is percent-encoded (& → %26, + → %2B, / → %2F).
    return quote(value, safe="")


def build_digital_link(
    *,
    base: str,
    gtin: str,
    cpv: str | None = None,
    lot: str | None = None,
    serial: str | None = None,
    attributes: Mapping[str, str] | None = None,
) -> str:
    """The GS1 Digital Link URI for these identifiers under ``base`` (scheme, host, any prefix).

    A GTIN-8/12/13 is padded to 14 digits. Raises DigitalLinkError for anything invalid.
    """
    match = _SCHEME_HOST.match(base) if isinstance(base, str) else None
    if not match or (base[match.end() :] and not base[match.end() :].startswith("/")):
        raise DigitalLinkError("the base must be an http:// or https:// URI with a host")
    if any(char in base for char in "?# ") or not base.isascii():
        raise DigitalLinkError("the base must not carry a query, a fragment or spaces")
    if not isinstance(gtin, str) or not is_valid_gtin(gtin):
        raise DigitalLinkError(f"not a valid GTIN: {gtin!r}")
    parts = [base.rstrip("/"), "01", normalize_gtin(gtin)]
    for ai, value in (("22", cpv), ("10", lot), ("21", serial)):
        if value is not None:
            parts += [ai, _encode(_check_qualifier(ai, value))]
    uri = "/".join(parts)
    if attributes:
        pairs = [_check_attribute(ai, value) for ai, value in attributes.items()]
        uri += "?" + "&".join(f"{ai}={_encode(value)}" for ai, value in pairs)
    return uri
