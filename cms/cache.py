"""Fragment cache of the blocks that show live data (products, producers, figures, markets,
questions, banking apps).

A block's HTML is kept under a key made of the block's type and value (hashed), the language,
today's date (certificates expire, "newest" moves on) and the *data versions* of the sources it
shows. A source's version has two parts, so that any change gives a new key:

- a counter in the cache, bumped by the explicit receivers in ``cms.signals`` whenever a row
  of the source is saved or deleted (edits that leave no timestamp, e.g. a certificate's stars);
- a fingerprint read from the database (row counts, newest id or timestamp), all sources in one
  query per request: it catches writes that send no signal (``QuerySet.update``, raw SQL,
  rolled-back tests), such as the adoption rollups a sale updates in its own transaction.

Nothing is ever deleted: a new version simply misses, and old entries expire.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

KEY_PREFIX = "cms:fragment"
COUNTER_PREFIX = "cms:version"

# Source → (app label, model name, columns fingerprinted besides the row count).
_FINGERPRINTS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "catalog": [
        ("catalogue", "Product", ("date_updated",)),
        ("catalogue", "ProductImage", ("id",)),
        ("partner", "StockRecord", ("date_updated",)),
        ("catalog", "Certification", ("id",)),
        ("catalog", "Producer", ("id",)),
    ],
    # The product page's lot and timeline (traceability's product_trace).
    "traceability": [("traceability", "Lot", ("id",)), ("traceability", "TraceEvent", ("id",))],
    "markets": [("market", "Market", ("id",)), ("market", "Commune", ("id",))],
    # Every write of a market's day row is followed by its province's (rollups.compute_day,
    # rollups.sale_recorded), and ProvinceDay is small: its newest computed_at stands for both.
    "figures": [("market", "ProvinceDay", ("computed_at",))],
    "faq": [("cms", "FAQEntry", ("id",))],
    "bank_apps": [("cms", "BankApp", ("id",))],
    "images": [("wagtailimages", "Image", ("id",))],
    "pages": [("wagtailcore", "Page", ("last_published_at",))],
}
SOURCES = tuple(_FINGERPRINTS)


def fragment_seconds() -> int:
    """How long a rendered block is kept (0: never cached)."""
    return int(getattr(settings, "CMS_FRAGMENT_CACHE_SECONDS", 600))


def _counter_key(source: str) -> str:
    return f"{COUNTER_PREFIX}:{source}"


def _bump_now(sources: Iterable[str]) -> None:
    """Never raises: a cache server that is down must not fail the save that called it (its
    fragments are then unreachable anyway, and the database fingerprint still moves)."""
    for source in sources:
        key = _counter_key(source)
        try:
            try:
                cache.incr(key)
            except ValueError:  # not in the cache (first use, evicted, flushed)
                cache.add(key, time.time_ns(), timeout=None)
        except Exception:  # noqa: BLE001  (any cache backend error)
            logger.warning("CMS cache: could not bump the version of %s", source, exc_info=True)


def bump(*sources: str) -> None:
    """Give ``sources`` a new version: now, so the writing transaction's own reads miss, and
    again after commit, so a page rendered meanwhile from the old rows is not kept."""
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"Unknown CMS data source: {sorted(unknown)}")
    _bump_now(sources)
    transaction.on_commit(lambda: _bump_now(sources))


def _counters(sources: Iterable[str]) -> dict[str, int]:
    keys = {_counter_key(source): source for source in sources}
    found = cache.get_many(list(keys))
    for key in set(keys) - set(found):
        cache.add(key, time.time_ns(), timeout=None)
        found[key] = cache.get(key)
    return {keys[key]: value for key, value in found.items()}


def _fingerprint_sql(sources: Iterable[str]) -> tuple[str, list[str]]:
    from django.apps import apps

    quote = connection.ops.quote_name
    parts, names = [], []
    for source in sources:
        for app_label, model_name, columns in _FINGERPRINTS[source]:
            model = apps.get_model(app_label, model_name)
            table = quote(model._meta.db_table)
            parts.append(f"(SELECT COUNT(*) FROM {table})")
            names.append(source)
            for column in columns:
                db_column = quote(model._meta.get_field(column).column)
                parts.append(f"(SELECT MAX({db_column}) FROM {table})")
                names.append(source)
    return "SELECT " + ", ".join(parts), names


def _fingerprints(sources: tuple[str, ...]) -> dict[str, str]:
    sql, names = _fingerprint_sql(sources)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    values: dict[str, list[str]] = {source: [] for source in sources}
    for source, value in zip(names, row, strict=True):
        values[source].append(str(value))
    return {source: "/".join(parts) for source, parts in values.items()}


def data_versions(request=None, sources: Iterable[str] = SOURCES) -> dict[str, str]:
    """{source: version} of ``sources`` (default: all) — one query and one cache round trip,
    memoised on ``request`` so a page with many live blocks reads them once. A page that
    shows only some sources (the shop's product page, its listings) asks only for those: the
    fingerprint query then counts fewer tables."""
    memo = getattr(request, "_cms_data_versions", None) if request is not None else None
    memo = memo or {}
    missing = tuple(source for source in SOURCES if source in set(sources) - set(memo))
    if not missing:
        return memo
    counters, fingerprints = _counters(missing), _fingerprints(missing)
    versions = {
        **memo,
        **{source: f"{counters[source]}:{fingerprints[source]}" for source in missing},
    }
    if request is not None:
        request._cms_data_versions = versions
    return versions


def _without_ids(data):
    """The block's JSON without the ids Wagtail gives list and stream items (new random ones
    each time a value without them is loaded), so equal content gives equal keys."""
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


def fragment_key(block_type: str, value_data, sources: Iterable[str], versions: dict) -> str:
    """The cache key of one block's HTML (the parts hashed, so any value fits the key)."""
    parts = {
        "value": _without_ids(value_data),
        "language": translation.get_language() or "",
        "day": timezone.localdate().isoformat(),
        "versions": {source: versions[source] for source in sorted(sources)},
    }
    digest = hashlib.sha256(
        json.dumps(parts, sort_keys=True, default=str, ensure_ascii=True).encode()
    ).hexdigest()
    return f"{KEY_PREFIX}:{block_type}:{digest}"
