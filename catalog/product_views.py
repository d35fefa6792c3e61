"""Product page views counted in each server process and written to Oscar's analytics
(``ProductRecord.num_views``) in batches.

Oscar counts a view with an UPDATE of the product's row, committed inside the request: every
view of a page waits for a commit (a disk flush), and views of the same product queue on that
row's lock (bench/bench_storefront.py). Here a shopper's view adds one to a counter in memory;
the counts are written, one UPDATE per product in one transaction, by the first view after
``CATALOG_VIEW_FLUSH_SECONDS`` (and when the process exits). The dashboard's figures lag by at
most that long; a process killed outright loses at most that many seconds of views. Signed-in
shoppers' views are recorded as Oscar does (their history, ``UserProductView``).
"""

from __future__ import annotations

import atexit
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F
from oscar.apps.analytics import receivers as oscar_receivers
from oscar.core.loading import get_model

ProductRecord = get_model("analytics", "ProductRecord")

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_last_write = time.monotonic()


def flush_seconds() -> float:
    return float(getattr(settings, "CATALOG_VIEW_FLUSH_SECONDS", 5))


def product_view_count(*, product_id: int) -> None:
    """One more view of the product; writes the pending counts when they are due."""
    global _last_write
    now = time.monotonic()
    with _lock:
        _pending[product_id] += 1
        if now - _last_write < flush_seconds():
            return
        batch = dict(_pending)
        _pending.clear()
        _last_write = now
    _write(batch)


def product_views_flush() -> None:
    """Write every pending count now (at exit; tests)."""
    global _last_write
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_write = time.monotonic()
    if batch:
        _write(batch)


def _write(batch: dict[int, int]) -> None:
    with transaction.atomic():
        for product_id, views in sorted(batch.items()):  # one order: no deadlock between two
            updated = ProductRecord.objects.filter(product_id=product_id).update(
                num_views=F("num_views") + views
            )
            if not updated:
                record, created = ProductRecord.objects.get_or_create(
                    product_id=product_id, defaults={"num_views": views}
                )
                if not created:
                    ProductRecord.objects.filter(pk=record.pk).update(
                        num_views=F("num_views") + views
                    )


def receive_product_view(sender, product, user, **kwargs):
    """Replaces Oscar's receiver of ``product_viewed`` (catalog.apps)."""
    if kwargs.get("raw", False):
        return
    if user is not None and user.is_authenticated:
        oscar_receivers.receive_product_view(sender, product=product, user=user, **kwargs)
        return
    product_view_count(product_id=product.pk)


def _flush_at_exit() -> None:
    try:
        product_views_flush()
    except Exception:  # noqa: BLE001, S110  # nosec B110  (database gone at shutdown)
        pass


atexit.register(_flush_at_exit)
