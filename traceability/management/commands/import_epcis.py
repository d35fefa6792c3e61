"""`manage.py import_epcis FILE [--source NAME]`: attach a partner's EPCIS 2.0 ObjectEvents
to the lots they name. All events or none; problems are printed one per line and the command
exits with status 1. Events already recorded (same eventID) are skipped."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from traceability import epcis, epcis_services
from traceability.models import Lot


class Command(BaseCommand):
    help = "Import a partner's EPCIS 2.0 JSON-LD document of ObjectEvents."

    def add_arguments(self, parser):
        parser.add_argument("path", help="EPCIS JSON-LD file")
        parser.add_argument("--source", default="", help="who sent it (default: the file name)")

    def handle(self, *args, path: str, source: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            counts = epcis_services.epcis_import(
                raw=file.read_bytes(),
                lots=Lot.objects.all(),
                source=source or f"EPCIS import: {file.name}",
            )
        except epcis.EPCISImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(exc.errors)} problem(s): nothing was imported.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['created']} event(s) imported, {counts['skipped']} already recorded."
            )
        )
