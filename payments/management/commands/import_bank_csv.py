"""`manage.py import_bank_csv FILE`: import a bank statement CSV (same rules as the staff page)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from payments.bankfeed import statement
from payments.bankfeed.tasks import enqueue_reconciliation


class Command(BaseCommand):
    help = (
        "Import a bank statement CSV (columns: "
        + ",".join(statement.CSV_COLUMNS)
        + "); nothing is written if any row is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file")
        parser.add_argument("--user", default="", help="username recorded as the importer")

    def handle(self, *args, **options):
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user named {options['user']!r}")
        try:
            with open(options["path"], "rb") as file:
                result = statement.import_bank_statement_csv(file=file, actor=actor)
        except OSError as error:
            raise CommandError(f"Cannot read {options['path']}: {error}") from None
        if not result.ok:
            for _row, message in result.errors:
                self.stderr.write(str(message))
            raise CommandError("Nothing was imported.")
        enqueue_reconciliation(result.created_ids)
        self.stdout.write(statement.statement_import_summary(result))
