"""EPCIS 2.0 JSON-LD documents: build one from plain event data, and parse + validate a
partner's document for import. No database access (``epcis_services`` does that side).

Identifiers are GS1 Digital Link URIs: a lot is the class ``…/01/<gtin>/10/<lot>`` (in
``quantityList``), a serialised item the instance ``…/01/<gtin>/10/<lot>/21/<serial>`` (in
``epcList``). Business steps are CBV 2.0 bare words (the EPCIS JSON-LD context maps them).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from traceability.gs1 import DigitalLinkError, parse_digital_link

__all__ = [
    "CONTEXT",
    "EPCISImportError",
    "EventData",
    "ImportedEvent",
    "Quantity",
    "document_errors",
    "epcis_document",
    "parse_import",
    "schema",
]

CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
SCHEMA_PATH = Path(__file__).with_name("epcis_schema.json")
#: The CBV business steps this site records (``TraceEvent.BizStep``).
KNOWN_BIZ_STEPS = (
    "commissioning",
    "inspecting",
    "packing",
    "storing",
    "shipping",
    "receiving",
    "retail_selling",
    "transforming",
)
ACTIONS = ("ADD", "OBSERVE", "DELETE")
#: Our units → UN/CEFACT Rec. 20 codes (EPCIS ``uom``); counted units carry no uom.
UOM = {"kg": "KGM", "g": "GRM", "l": "LTR"}
UNIT_FROM_UOM = {code: unit for unit, code in UOM.items()}
_BIZ_STEP_PREFIXES = ("https://ref.gs1.org/cbv/BizStep-", "urn:epcglobal:cbv:bizstep:")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_EVENTS = 5_000
MAX_QUANTITY = Decimal("1000000000")  # TraceEvent.quantity holds 12 digits, 3 decimals


@dataclass(frozen=True)
class Quantity:
    epc_class: str  # a lot's Digital Link URI
    quantity: Decimal | None = None
    unit: str = ""  # our unit (kg, g, l, package, box)

    def as_json(self) -> dict[str, Any]:
        element: dict[str, Any] = {"epcClass": self.epc_class}
        if self.quantity is not None:
            element["quantity"] = float(self.quantity)
            if self.unit in UOM:
                element["uom"] = UOM[self.unit]
        return element


@dataclass(frozen=True)
class EventData:
    """One event, ready to write: URIs already built, times timezone-aware."""

    event_type: str  # "ObjectEvent" or "TransformationEvent"
    event_time: dt.datetime
    time_zone_offset: str
    biz_step: str
    event_id: str
    action: str = ""
    disposition: str = ""
    location_id: str = ""
    location_name: str = ""
    note: str = ""
    epcs: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    input_quantities: tuple[Quantity, ...] = ()
    output_quantities: tuple[Quantity, ...] = ()


def _timestamp(value: dt.datetime, offset: str) -> str:
    """ISO 8601 in the event's own offset (EPCIS keeps the local offset alongside)."""
    if value.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = (int(part) for part in offset.lstrip("+-").split(":"))
    zone = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return value.astimezone(zone).isoformat(timespec="milliseconds")


def _event_json(event: EventData, namespace: str) -> dict[str, Any]:
    item: dict[str, Any] = {"type": event.event_type, "eventID": event.event_id}
    item["eventTime"] = _timestamp(event.event_time, event.time_zone_offset)
    item["eventTimeZoneOffset"] = event.time_zone_offset
    if event.event_type == "ObjectEvent":
        item["epcList"] = list(event.epcs)
        item["action"] = event.action or "OBSERVE"
        if event.quantities:
            item["quantityList"] = [q.as_json() for q in event.quantities]
    else:
        if event.input_quantities:
            item["inputQuantityList"] = [q.as_json() for q in event.input_quantities]
        if event.output_quantities:
            item["outputQuantityList"] = [q.as_json() for q in event.output_quantities]
    item["bizStep"] = event.biz_step
    if event.disposition:
        item["disposition"] = event.disposition
    if event.location_id:
        item["bizLocation"] = {"id": event.location_id}
    if namespace and event.location_name:
        item["choso:locationName"] = event.location_name
    if namespace and event.note:
        item["choso:note"] = event.note
    return item


def epcis_document(
    events: Iterable[EventData], *, created: dt.datetime, namespace: str = ""
) -> dict[str, Any]:
    """An ``EPCISDocument`` with the events in the given order.

    ``namespace`` (a URI ending in / or #) declares the ``choso:`` prefix used for the two
    members EPCIS has no field for: the location's name and the producer's note.
    """
    context: Any = CONTEXT
    if namespace:
        context = [CONTEXT, {"choso": namespace}]
    return {
        "@context": context,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created.isoformat(timespec="milliseconds"),
        "epcisBody": {"eventList": [_event_json(event, namespace) for event in events]},
    }


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _where(path: Iterable[Any]) -> tuple[int | None, str]:
    """(event number counted from 1, member path) for a jsonschema error path."""
    parts = list(path)
    if parts[:2] == ["epcisBody", "eventList"] and len(parts) > 2:
        rest = [str(p) for p in parts[3:] if not isinstance(p, int)]
        return int(parts[2]) + 1, ".".join(rest)
    return None, ".".join(str(p) for p in parts if not isinstance(p, int))


def _describe(error) -> str:
    validator = error.validator
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return _("“%(member)s” is missing.") % {"member": missing[0] if missing else "?"}
    if validator in ("enum", "const"):
        return _("“%(value)s” is not allowed here.") % {"value": error.instance}
    if validator == "type":
        return _("has the wrong type (expected %(type)s).") % {"type": error.validator_value}
    if validator == "pattern":
        return _("“%(value)s” is not in the expected format.") % {"value": error.instance}
    if validator == "not":
        return _("a TransformationEvent has no “action”.")
    if validator == "anyOf" and isinstance(error.instance, str):
        return _("“%(value)s” is not a CBV business step.") % {"value": error.instance}
    if validator == "anyOf" and isinstance(error.instance, dict):
        return _(
            "needs an epcList or a quantityList (for a transformation: its inputs or outputs)."
        )
    return _("is not valid (%(rule)s).") % {"rule": validator}


def document_errors(document: Any) -> list[str]:
    """Every schema violation, as translated sentences naming the event and member."""
    messages = []
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    for error in errors:
        # A failed if/then names the deepest reason, not the if/then itself.
        leaves = [error]
        while leaves and leaves[0].context and leaves[0].validator not in ("anyOf",):
            leaves = sorted(leaves[0].context, key=lambda e: len(e.path))
        leaf = leaves[0] if leaves else error
        number, member = _where(leaf.absolute_path)
        text = _describe(leaf)
        if number is not None:
            messages.append(
                _("Event %(number)s, %(member)s: %(problem)s")
                % {"number": number, "member": member or _("the event"), "problem": text}
            )
        else:
            messages.append(
                _("Document, %(member)s: %(problem)s")
                % {"member": member or _("top level"), "problem": text}
            )
    return list(dict.fromkeys(messages))


class EPCISImportError(ValueError):
    """The document cannot be imported; ``errors`` are translated sentences."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class LotKey:
    gtin: str
    lot: str | None
    serial: str | None = None


@dataclass
class ImportedEvent:
    """One valid partner ObjectEvent, with the lots its URIs name."""

    number: int  # position in eventList, from 1
    action: str
    biz_step: str
    event_time: dt.datetime
    time_zone_offset: str
    event_id: str = ""
    disposition: str = ""
    location_id: str = ""
    keys: list[LotKey] = field(default_factory=list)
    quantity: Decimal | None = None
    unit: str = ""


def _short_biz_step(value: str) -> str:
    for prefix in _BIZ_STEP_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _short_disposition(value: str) -> str:
    for prefix in ("https://ref.gs1.org/cbv/Disp-", "urn:epcglobal:cbv:disp:"):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _lot_key(uri: str) -> LotKey:
    link = parse_digital_link(uri)
    return LotKey(gtin=link.gtin, lot=link.lot, serial=link.serial)


def parse_import(raw: bytes | str) -> list[ImportedEvent]:
    """Check a partner's EPCIS document and return its ObjectEvents; raise
    ``EPCISImportError`` listing every problem (nothing is half-accepted)."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_IMPORT_BYTES:
            raise EPCISImportError([_("The file is larger than 5 MB.")])
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise EPCISImportError([_("The file is not UTF-8 text.")]) from None
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", "?")
        raise EPCISImportError(
            [_("The file is not JSON (error near line %(line)s).") % {"line": line}]
        ) from None
    if not isinstance(document, dict):
        raise EPCISImportError([_("The file is JSON but not an EPCIS document.")])
    errors = document_errors(document)
    if errors:
        raise EPCISImportError(errors)
    raw_events = document["epcisBody"]["eventList"]
    if not raw_events:
        raise EPCISImportError([_("The document has no events.")])
    if len(raw_events) > MAX_IMPORT_EVENTS:
        raise EPCISImportError(
            [_("At most %(n)s events can be imported at once.") % {"n": MAX_IMPORT_EVENTS}]
        )
    events: list[ImportedEvent] = []
    for number, item in enumerate(raw_events, start=1):
        problems: list[str] = []

        def problem(member: str, text: str, number: int = number, problems=problems) -> None:
            problems.append(
                _("Event %(number)s, %(member)s: %(problem)s")
                % {"number": number, "member": member, "problem": text}
            )

        if item["type"] != "ObjectEvent":
            problem("type", _("only ObjectEvents can be imported."))
            errors.extend(problems)
            continue
        biz_step = _short_biz_step(item.get("bizStep", ""))
        if biz_step not in KNOWN_BIZ_STEPS:
            problem(
                "bizStep",
                _("“%(value)s” is not one of: %(known)s.")
                % {"value": item.get("bizStep", ""), "known": ", ".join(KNOWN_BIZ_STEPS)},
            )
        try:
            event_time = dt.datetime.fromisoformat(item["eventTime"].replace("Z", "+00:00"))
        except ValueError:
            problem(
                "eventTime", _("“%(value)s” is not a date and time.") % {"value": item["eventTime"]}
            )
            event_time = None
        keys: list[LotKey] = []
        for member in ("epcList", "quantityList"):
            for index, entry in enumerate(item.get(member, [])):
                uri = entry["epcClass"] if member == "quantityList" else entry
                try:
                    key = _lot_key(uri)
                except DigitalLinkError as exc:
                    problem(
                        f"{member}[{index}]",
                        _("“%(uri)s” is not a GS1 Digital Link (%(reason)s).")
                        % {"uri": uri, "reason": exc},
                    )
                    continue
                if key.lot is None and key.serial is None:
                    problem(
                        f"{member}[{index}]",
                        _("“%(uri)s” names a product but no lot (add /10/<lot>).") % {"uri": uri},
                    )
                    continue
                keys.append(key)
        quantity, unit = None, ""
        quantities = item.get("quantityList", [])
        if len(quantities) == 1 and "quantity" in quantities[0]:
            quantity = Decimal(str(quantities[0]["quantity"])).quantize(Decimal("0.001"))
            unit = UNIT_FROM_UOM.get(quantities[0].get("uom", ""), "")
            if quantity >= MAX_QUANTITY:
                problem("quantityList[0].quantity", _("the quantity is too large."))
        location = item.get("bizLocation") or item.get("readPoint") or {}
        if problems:
            errors.extend(problems)
            continue
        assert event_time is not None
        events.append(
            ImportedEvent(
                number=number,
                action=item["action"],
                biz_step=biz_step,
                event_time=event_time,
                time_zone_offset=item["eventTimeZoneOffset"].replace("Z", "+00:00"),
                event_id=str(item.get("eventID", ""))[:100],
                disposition=_short_disposition(str(item.get("disposition", "")))[:40],
                location_id=str(location.get("id", ""))[:200],
                keys=list(dict.fromkeys(keys)),
                quantity=quantity,
                unit=unit,
            )
        )
    if errors:
        raise EPCISImportError(errors)
    return events
