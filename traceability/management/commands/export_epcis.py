"""`manage.py export_epcis [--lot LOT_CODE [--gtin GTIN]] [--serials] [--output FILE]`:
the EPCIS 2.0 JSON-LD document of one lot's events (or every event), to a file or stdout."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from traceability import epcis_services
from traceability.models import Lot


class Command(BaseCommand):
    help = "Export traceability events as an EPCIS 2.0 JSON-LD document."

    def add_arguments(self, parser):
        parser.add_argument("--lot", default="", help="lot code (default: every lot)")
        parser.add_argument(
            "--gtin", default="", help="GTIN, when several products share a lot code"
        )
        parser.add_argument("--output", default="", help="file to write (default: standard output)")
        parser.add_argument(
            "--serials",
            action="store_true",
            help="list each packed lot's serialised codes (instance-level epcList)",
        )

    def handle(self, *args, lot: str, gtin: str, output: str, serials: bool, **options):
        lots = None
        if lot:
            try:
                lots = Lot.objects.filter(pk=epcis_services.lots_by_code(code=lot, gtin=gtin).pk)
            except epcis_services.LotLookupError as exc:
                raise CommandError(str(exc)) from None
        try:
            document = epcis_services.epcis_export(lots=lots, serials=serials)
        except epcis_services.TooManySerials as exc:
            raise CommandError(str(exc)) from None
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        count = len(document["epcisBody"]["eventList"])
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(self.style.SUCCESS(f"{count} event(s) written to {output}."))
        else:
            self.stdout.write(text, ending="")
