"""Celery tasks of the bank feed: thin, take ids, call one service; safe to run twice.

A market day's burst of webhooks does not send one message per bank event. The webhook that
finds no drain running takes the drain key (``SET NX`` on the broker's Redis, one round trip)
and sends ``BANK_FEED_DRAINS`` drain tasks (one per worker process that should share the
burst); the others find the key taken and send nothing. The
drain reconciles every waiting event, oldest first, then gives the key back and looks once
more, so an event committed while the key was taken is never left behind:

- a webhook commits its events *before* it tries the key;
- the drain gives the key back *before* its last look.

Either the webhook's try came after the key was given back (it takes the key and sends a new
drain) or its events were committed before the drain's last look (the drain finds them). The
key also expires by itself (a drain killed with its worker), the drain message is acknowledged
only once it is done (a killed worker's drain is handed out again), and the beat sweeper still
sends each event waiting for over a minute on its own. With tasks run in-process (the
embedded default) there is no key: the drain runs at once, inside the webhook's request.
"""

from __future__ import annotations

import logging

import redis
from celery import current_app, shared_task
from django.conf import settings
from django.db import OperationalError
from kombu.exceptions import KombuError
from kombu.exceptions import OperationalError as BrokerError

from payments.bankfeed import reconcile, selectors
from payments.models import BankFeedEvent

logger = logging.getLogger(__name__)

#: Held while a drain is on its way or running (see the module docstring).
DRAIN_KEY = "payments:bankfeed:drain"
#: A drain that died with its worker holds the key no longer than this; its message comes
#: back (acks_late) and the sweeper runs every minute anyway.
DRAIN_KEY_SECONDS = 120
_UNAVAILABLE = (BrokerError, KombuError, OSError, redis.RedisError)
#: The drain key's Redis client, or None (tasks run in-process), once read: Celery's
#: configuration lookups cost about 25 µs a webhook, and the broker does not move while the
#: process runs. ``forget_broker()`` reads it again (tests that point Celery elsewhere).
_key_store_once: list[redis.Redis | None] = []


def _key_store() -> redis.Redis | None:
    """The broker's Redis, where the drain key lives next to the queue it guards (the web
    processes and the workers share it by definition); None when tasks run in-process."""
    if _key_store_once:
        return _key_store_once[0]
    conf = current_app.conf
    url = conf.broker_url or ""
    store = None
    if not conf.task_always_eager and url.startswith(("redis://", "rediss://", "unix://")):
        # One client per process, kept: making one costs as much as a round trip.
        store = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    _key_store_once[:] = [store]
    return store


def forget_broker() -> None:
    """Read the broker's address (and eager mode) again at the next webhook."""
    _key_store_once.clear()


@shared_task(
    name="payments.reconcile_bank_event",
    # Nobody waits for the outcome (it is on the event): with a result backend, each send
    # would also subscribe to the task's result channel, a round trip per webhook.
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=8,
)
def reconcile_bank_event_task(event_id: int) -> str:
    """Reconcile one stored bank event; a second run finds it done and changes nothing."""
    try:
        event = reconcile.reconcile_bank_event(event_id=event_id)
    except BankFeedEvent.DoesNotExist:
        logger.warning("Bank feed event %s no longer exists", event_id)
        return "missing"
    return event.status


@shared_task(
    name="payments.drain_bank_events",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
)
def drain_bank_events_task() -> int:
    """Reconcile every waiting event, then give the drain key back (module docstring)."""
    return reconcile.reconcile_waiting_events(release=_release_drain_key)


@shared_task(name="payments.reconcile_waiting_bank_events", acks_late=True)
def reconcile_waiting_bank_events_task() -> int:
    """Beat, every minute: enqueue events still waiting (the broker was down at intake, or a
    task was lost). Everything a settled event changes was committed with it, so an event is
    either waiting here or completely done: there is no state in between to repair."""
    return send_each(selectors.waiting_bank_event_ids())


def enqueue_reconciliation(event_ids: list[int]) -> int:
    """Have the newly committed ``event_ids`` reconciled; returns how many were handed on.

    One drain per burst (module docstring). A broker that is down must not turn a
    stored delivery into an error answer: the events wait for the sweeper."""
    if not event_ids:
        return 0
    try:
        store = _key_store()
        if store is None or store.set(DRAIN_KEY, 1, nx=True, ex=DRAIN_KEY_SECONDS):
            try:
                for _drain in range(settings.BANK_FEED_DRAINS):
                    drain_bank_events_task.delay()
            except _UNAVAILABLE:
                _release_drain_key()  # the next webhook tries again
                raise
    except _UNAVAILABLE as exc:
        logger.warning(
            "Broker unavailable; %s bank event(s) wait for the sweeper: %s", len(event_ids), exc
        )
        return 0
    return len(event_ids)


def send_each(event_ids: list[int]) -> int:
    """Send each event to a worker on its own (the sweeper); returns how many were sent.
    The first failure stops the sending: the rest wait for the next sweep."""
    sent = 0
    for event_id in event_ids:
        try:
            reconcile_bank_event_task.delay(event_id)
        except _UNAVAILABLE as exc:
            logger.warning(
                "Broker unavailable; %s bank event(s) wait for the sweeper: %s",
                len(event_ids) - sent,
                exc,
            )
            break
        sent += 1
    return sent


def _release_drain_key() -> None:
    store = _key_store()
    if store is None:
        return
    try:
        store.delete(DRAIN_KEY)
    except (OSError, redis.RedisError) as exc:  # it expires by itself
        logger.warning("Could not give the bank-feed drain key back: %s", exc)
