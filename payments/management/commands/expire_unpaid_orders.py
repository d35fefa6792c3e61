"""`manage.py expire_unpaid_orders`: cancel orders not paid in time (for cron without beat)."""

from django.core.management.base import BaseCommand

from payments.settle import services as settle


class Command(BaseCommand):
    help = "Cancel orders still waiting for payment after PAYMENT_EXPIRY_MINUTES."

    def handle(self, *args, **options):
        expired = settle.expire_unpaid_orders()
        self.stdout.write(f"{len(expired)} order(s) expired")
