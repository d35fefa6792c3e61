"""Celery tasks of the catalog: thin, call one service."""

from __future__ import annotations

from celery import shared_task

from catalog import services


@shared_task(name="catalog.send_product_alerts")
def send_product_alerts_task() -> int | None:
    """Back-in-stock alerts (on beat every 10 minutes); safe to run twice."""
    return services.product_alerts_send()
