"""Celery tasks of the promotional site: thin, call one command."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.publish_scheduled_pages")
def publish_scheduled_pages() -> None:
    """Publish the revisions whose "go live" time has come and unpublish pages whose "expiry"
    time has passed (Wagtail's publish_scheduled; on beat every minute, safe to run twice)."""
    call_command("publish_scheduled", verbosity=0)
