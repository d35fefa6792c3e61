"""EPCIS on the database side: export lots' events as an EPCISDocument, import a partner's
ObjectEvents onto the lots they name (all or nothing)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from traceability import epcis
from traceability.label_services import code_uri
from traceability.models import Lot, TraceCode, TraceEvent

__all__ = [
    "LotLookupError",
    "epcis_export",
    "epcis_import",
    "events_for_lots",
    "lot_uri",
    "lots_by_code",
]


class LotLookupError(LookupError):
    """``--lot`` / ``?lot=`` names no lot, or several (then ``ambiguous`` is True)."""

    def __init__(self, message: str, *, ambiguous: bool = False):
        super().__init__(message)
        self.ambiguous = ambiguous


def site_base() -> str:
    return settings.SITE_URL.rstrip("/")


def lot_uri(lot: Lot, *, base: str | None = None) -> str:
    """The lot's class-level Digital Link, ``…/01/<gtin>/10/<lot>``."""
    return code_uri(gtin=lot.gtin, lot=lot.code, base=base or site_base())


def lots_by_code(*, code: str, gtin: str = "", lots: QuerySet | None = None) -> Lot:
    """The one lot with this code (and GTIN, when several products share the code)."""
    queryset = (lots if lots is not None else Lot.objects.all()).filter(code=code)
    if gtin:
        queryset = queryset.filter(gtin=gtin.zfill(14))
    found = list(queryset[:2])
    if not found:
        raise LotLookupError(_("No lot “%(code)s”.") % {"code": code})
    if len(found) > 1:
        raise LotLookupError(
            _("Several products have a lot “%(code)s”: add the GTIN.") % {"code": code},
            ambiguous=True,
        )
    return found[0]


def events_for_lots(lots: QuerySet | Iterable[Lot] | None) -> QuerySet:
    """Events touching any of ``lots`` (as object, input or output); None: every event."""
    events = TraceEvent.objects.all()
    if lots is not None:
        events = events.filter(
            Q(lots__in=lots) | Q(input_lots__in=lots) | Q(output_lots__in=lots)
        ).distinct()
    return events.order_by("event_time", "pk").prefetch_related("lots", "input_lots", "output_lots")


def _event_id(event: TraceEvent, base: str) -> str:
    if event.event_id:
        return event.event_id
    # Stable across exports, so a partner importing twice can deduplicate.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base}/epcis/events/{event.pk}')}"


def _quantities(lots: Iterable[Lot], event: TraceEvent, base: str) -> tuple[epcis.Quantity, ...]:
    lots = list(lots)
    # The event's quantity belongs to its lot when there is exactly one.
    with_amount = len(lots) == 1 and event.quantity is not None
    return tuple(
        epcis.Quantity(
            epc_class=lot_uri(lot, base=base),
            quantity=event.quantity if with_amount else None,
            unit=(event.unit or lot.unit) if with_amount else "",
        )
        for lot in sorted(lots, key=lambda lot: lot.pk)
    )


def event_data(
    event: TraceEvent, *, base: str, serials: dict[int, list[str]] | None = None
) -> epcis.EventData:
    common = {
        "event_type": event.event_type,
        "event_time": event.event_time,
        "time_zone_offset": event.time_zone_offset or "+07:00",
        "biz_step": event.biz_step,
        "event_id": _event_id(event, base),
        "disposition": event.disposition,
        "location_id": event.location_id,
        "location_name": event.location_name,
        "note": event.note,
    }
    if event.event_type == TraceEvent.Type.TRANSFORMATION:
        return epcis.EventData(
            **common,
            input_quantities=_quantities(event.input_lots.all(), event, base),
            output_quantities=_quantities(event.output_lots.all(), event, base),
        )
    epcs: tuple[str, ...] = ()
    if serials and event.biz_step == TraceEvent.BizStep.PACKING:
        # Packing is when the serialised labels go on the packages: the instance-level view.
        epcs = tuple(
            code_uri(gtin=lot.gtin, lot=lot.code, serial=serial, base=base)
            for lot in sorted(event.lots.all(), key=lambda lot: lot.pk)
            for serial in serials.get(lot.pk, ())
        )
    return epcis.EventData(
        **common,
        action=event.action or TraceEvent.Action.OBSERVE,
        epcs=epcs,
        quantities=_quantities(event.lots.all(), event, base),
    )


#: Serials listed per lot in an instance-level export (a bigger run is a file for a partner,
#: not an API answer).
MAX_EXPORT_SERIALS = 10_000


class TooManySerials(ValueError):
    pass


def _lot_serials(events: list[TraceEvent]) -> dict[int, list[str]]:
    lot_ids = {
        lot.pk for event in events if event.biz_step == "packing" for lot in event.lots.all()
    }
    codes = (
        TraceCode.objects.filter(lot_id__in=lot_ids)
        .exclude(serial="")
        .exclude(status=TraceCode.Status.VOID)
        .order_by("lot_id", "serial")
        .values_list("lot_id", "serial")
    )
    found: dict[int, list[str]] = {}
    for lot_id, serial in codes.iterator(chunk_size=5000):
        found.setdefault(lot_id, []).append(serial)
        if len(found[lot_id]) > MAX_EXPORT_SERIALS:
            raise TooManySerials(
                _("A lot has more than %(n)s serialised codes: export it without serials.")
                % {"n": MAX_EXPORT_SERIALS}
            )
    return found


def epcis_export(*, lots: QuerySet | Iterable[Lot] | None = None, serials: bool = False) -> dict:
    """The EPCISDocument of the events of ``lots`` (None: every event), oldest first.

    Lots appear class-level (``quantityList``); with ``serials``, a packing event also lists
    the lot's serialised codes (not void) in its ``epcList``, instance-level. Raises
    ``TooManySerials`` past ``MAX_EXPORT_SERIALS`` codes in one lot.
    """
    base = site_base()
    rows = list(events_for_lots(lots))
    by_lot = _lot_serials(rows) if serials else None
    events = [event_data(event, base=base, serials=by_lot) for event in rows]
    return epcis.epcis_document(events, created=timezone.now(), namespace=f"{base}/ns/epcis#")


def _resolve(
    keys: Iterable[epcis.LotKey], lots: QuerySet
) -> tuple[dict[epcis.LotKey, Lot], list[epcis.LotKey]]:
    """Map each URI key to a lot among ``lots``; the keys that name none of them."""
    keys = list(dict.fromkeys(keys))
    found: dict[epcis.LotKey, Lot] = {}
    pairs = {(key.gtin, key.lot) for key in keys if key.lot}
    if pairs:
        condition = Q()
        for gtin, code in pairs:
            condition |= Q(gtin=gtin, code=code)
        by_pair = {(lot.gtin, lot.code): lot for lot in lots.filter(condition)}
        for key in keys:
            if key.lot and (key.gtin, key.lot) in by_pair:
                found[key] = by_pair[(key.gtin, key.lot)]
    # A serial without its lot in the URI (/01/<gtin>/21/<serial>): its code row knows the lot.
    serial_only = [key for key in keys if not key.lot and key.serial]
    if serial_only:
        condition = Q()
        for key in serial_only:
            condition |= Q(gtin=key.gtin, serial=key.serial)
        codes = TraceCode.objects.filter(condition, lot__in=lots).select_related("lot")
        by_serial = {(code.gtin, code.serial): code.lot for code in codes}
        for key in serial_only:
            if (key.gtin, key.serial) in by_serial:
                found[key] = by_serial[(key.gtin, key.serial)]
    return found, [key for key in keys if key not in found]


def _describe_key(key: epcis.LotKey) -> str:
    if key.lot:
        return _("lot “%(lot)s” of GTIN %(gtin)s") % {"lot": key.lot, "gtin": key.gtin}
    return _("serial “%(serial)s” of GTIN %(gtin)s") % {"serial": key.serial, "gtin": key.gtin}


def epcis_import(*, raw: bytes | str, lots: QuerySet, source: str) -> dict[str, int]:
    """Attach a partner's ObjectEvents to the lots they name, among ``lots`` (a producer's
    own, or all for staff). Raises ``EPCISImportError`` and saves nothing if any event is
    invalid or names a lot outside ``lots``; an event whose eventID is already recorded is
    skipped, so importing the same file twice adds nothing. Returns counts."""
    parsed = epcis.parse_import(raw)
    errors: list[str] = []
    resolved: list[tuple[epcis.ImportedEvent, list[Lot]]] = []
    found, missing = _resolve((key for event in parsed for key in event.keys), lots)
    missing_set = set(missing)
    for event in parsed:
        unknown = [key for key in event.keys if key in missing_set]
        for key in unknown:
            # The same words for "no such lot" and "another producer's lot": an upload
            # must not reveal what other producers have.
            errors.append(
                _("Event %(number)s: %(what)s is not one of the lots you can record events for.")
                % {"number": event.number, "what": _describe_key(key)}
            )
        if not unknown:
            resolved.append((event, list(dict.fromkeys(found[key] for key in event.keys))))
    if errors:
        raise epcis.EPCISImportError(errors)
    ids = [event.event_id for event, _lots in resolved if event.event_id]
    created = skipped = 0
    with transaction.atomic():
        known = set(TraceEvent.objects.filter(event_id__in=ids).values_list("event_id", flat=True))
        for event, event_lots in resolved:
            if event.event_id and event.event_id in known:
                skipped += 1
                continue
            row = TraceEvent.objects.create(
                event_type=TraceEvent.Type.OBJECT,
                action=event.action,
                biz_step=event.biz_step,
                disposition=event.disposition,
                event_time=event.event_time,
                time_zone_offset=event.time_zone_offset,
                location_id=event.location_id,
                quantity=event.quantity,
                unit=event.unit,
                source=source[:100],
                event_id=event.event_id,
            )
            row.lots.set(event_lots)
            if event.event_id:
                known.add(event.event_id)
            created += 1
    return {"created": created, "skipped": skipped}


@transaction.atomic
def trace_event_record(
    *,
    lot: Lot,
    biz_step: str,
    event_time,
    location_name: str = "",
    quantity=None,
    note: str = "",
    input_lots: Iterable[Lot] = (),
    source: str = "",
) -> TraceEvent:
    """Record what happened to ``lot``: an ObjectEvent, or for "transforming" a
    TransformationEvent from ``input_lots`` into ``lot`` (fresh leaves → dried tea)."""
    transforming = biz_step == TraceEvent.BizStep.TRANSFORMING
    inputs = list(input_lots)
    if transforming != bool(inputs):
        raise ValueError("a transformation, and only a transformation, has input lots")
    if transforming:
        action = ""
    elif biz_step == TraceEvent.BizStep.COMMISSIONING:
        action = TraceEvent.Action.ADD  # commissioning brings the lot into being
    else:
        action = TraceEvent.Action.OBSERVE
    event = TraceEvent.objects.create(
        event_type=TraceEvent.Type.TRANSFORMATION if transforming else TraceEvent.Type.OBJECT,
        action=action,
        biz_step=biz_step,
        event_time=event_time,
        location_name=location_name,
        quantity=quantity,
        unit=lot.unit if quantity is not None else "",
        note=note,
        source=source[:100],
    )
    if transforming:
        event.input_lots.set(inputs)
        event.output_lots.set([lot])
    else:
        event.lots.set([lot])
    return event
