"""Celery tasks of the market app: thin, take ids, call one service."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task

from core.jobs import JOB_TASK_OPTIONS, send_after_commit
from market import rollups, services
from market.models import Market, StandeeBatch

logger = logging.getLogger(__name__)
#: The most days one "Recompute figures" request may ask for.
MAX_DAYS = 400
#: Days the nightly run recomputes, ending today: yesterday and today, and the 30-day window.
NIGHTLY_DAYS = 31


@shared_task(
    name="market.build_standee_batch",
    **JOB_TASK_OPTIONS,
)
def build_standee_batch_task(batch_id: int) -> str:
    """Build one whole-market standee PDF; safe to run twice."""
    try:
        batch = services.standee_batch_build(batch_id=batch_id)
    except StandeeBatch.DoesNotExist:
        logger.warning("Standee batch %s no longer exists", batch_id)
        return "missing"
    return batch.status


def enqueue_standee_batch(batch_id: int) -> None:
    """Send the batch to a worker once the row is committed. A broker that is down leaves the
    batch waiting (its page says so) instead of failing the request."""
    send_after_commit(build_standee_batch_task, batch_id, what=f"standee batch {batch_id}")


@shared_task(name="market.recompute_recent_figures", acks_late=True)
def recompute_recent_figures(days: int = NIGHTLY_DAYS) -> int:
    """Nightly (beat, just after midnight Viet Nam time): yesterday's figures made final,
    today's rows started for every market and province, and the days before them redone too,
    so a transfer confirmed days late (a bank statement imported later) also reaches the
    7- and 30-day counts of the days after it. A few grouped queries per day."""
    today = rollups.local_today()
    return rollups.compute_range(today - dt.timedelta(days=max(days, 2) - 1), today)


@shared_task(name="market.recompute_market_figures", acks_late=True)
def recompute_market_figures(market_id: int, days: int = 2) -> int:
    """On demand ("Recompute figures"): the market's last ``days`` days up to today.

    Returns the number of days recomputed (0 for a market that no longer exists)."""
    market = Market.objects.filter(pk=market_id).first()
    if market is None:
        logger.warning("Market %s no longer exists; nothing to recompute", market_id)
        return 0
    return rollups.recompute_market(market=market, days=min(max(int(days), 1), MAX_DAYS))


def enqueue_market_recompute(market_id: int, days: int = 2) -> None:
    """For a "Recompute figures" button: send the recompute to a worker once the request's
    transaction commits. A broker that is down is logged; the nightly run catches up."""
    send_after_commit(
        recompute_market_figures, market_id, days=days, what=f"figures of market {market_id}"
    )
