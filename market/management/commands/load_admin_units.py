"""`manage.py load_admin_units units.xlsx`: load a province/commune list (CSV or XLSX).

All rows or none, matched by official code (running it twice changes nothing). Errors are
printed one per line ("Row 7, code: …") and the command exits with status 1.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from market import services


class Command(BaseCommand):
    help = "Load administrative units (provinces, communes/wards) from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV (UTF-8) or XLSX file")

    def handle(self, *args, path: str, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        with source.open("rb") as handle:
            upload = File(handle, name=source.name)
            report = services.admin_units_import(upload=upload)
        if not report.ok:
            for error in report.errors:
                where = f"Row {error.row}" if error.row else "File"
                field = f", {error.field}" if error.field else ""
                self.stderr.write(f"{where}{field}: {error.message}")
            raise CommandError(f"{len(report.errors)} problem(s): nothing was loaded.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Units loaded: {report.created} new, {report.updated} updated, "
                f"{report.unchanged} unchanged ({report.provinces_created} new provinces)."
            )
        )
