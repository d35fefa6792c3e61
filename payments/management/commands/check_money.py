"""`manage.py check_money`: list every place where money and what it changed disagree.

Empty on a healthy database (the settle service writes a payment and its consequences in one
transaction). Exits with status 1 when there is a problem, so it can run from cron or CI.
"""

from django.core.management.base import BaseCommand, CommandError

from payments.settle.selectors import money_problems


class Command(BaseCommand):
    help = "Check that payments, orders and the payout ledger agree."

    def handle(self, *args, **options):
        problems = money_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} money problem(s) found")
        self.stdout.write("Money checks passed: payments, orders and the ledger agree.")
