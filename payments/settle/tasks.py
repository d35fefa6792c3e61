"""Periodic settle work (scheduled by celery beat, see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from payments.settle import services


@shared_task(name="payments.expire_unpaid_orders", acks_late=True)
def expire_unpaid_orders() -> int:
    return len(services.expire_unpaid_orders())
