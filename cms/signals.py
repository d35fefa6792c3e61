"""Cache invalidation for the live blocks: saving or deleting a row a block shows gives its
source a new data version (``cms.cache.bump``), so the next page view renders it afresh.

Receivers are connected explicitly (``connect()``, called from ``CmsConfig.ready``) with one
list of (model, source), and only bump a counter in the cache (never raising): nothing here
writes to the database. The adoption rollups are deliberately not watched: their rows are
written inside each sale's transaction, so their version is read from the rows instead
(``cms.cache``, source "figures"), and no receiver runs in a money transaction."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from cms.cache import bump

# (app label, model name) → the data source its rows belong to (cms.cache.SOURCES).
WATCHED: dict[tuple[str, str], str] = {
    ("catalogue", "Product"): "catalog",
    ("catalogue", "ProductImage"): "catalog",
    ("partner", "StockRecord"): "catalog",
    ("catalog", "Certification"): "catalog",
    ("catalog", "Producer"): "catalog",
    # The product page's attribute table and breadcrumbs (cms/templatetags/live_fragment.py).
    ("catalogue", "ProductAttributeValue"): "catalog",
    ("catalogue", "ProductCategory"): "catalog",
    ("catalogue", "Category"): "catalog",
    ("traceability", "Lot"): "traceability",
    ("traceability", "TraceEvent"): "traceability",
    ("market", "Market"): "markets",
    ("market", "Commune"): "markets",
    ("market", "Province"): "markets",
    ("cms", "FAQEntry"): "faq",
    ("cms", "BankApp"): "bank_apps",
    ("wagtailimages", "Image"): "images",
    ("wagtailcore", "Page"): "pages",
}


def _receiver(source: str):
    def data_changed(sender, raw=False, **kwargs):
        if not raw:  # fixtures being loaded
            bump(source)

    data_changed.__name__ = f"cms_bump_{source}"
    return data_changed


_RECEIVERS = {source: _receiver(source) for source in set(WATCHED.values())}


def _senders(app_label: str, model_name: str) -> list:
    """The model, and for Wagtail's Page every concrete page type (a page's signals are sent
    with its own class as sender)."""
    model = apps.get_model(app_label, model_name)
    if (app_label, model_name) != ("wagtailcore", "Page"):
        return [model]
    return [m for m in apps.get_models() if issubclass(m, model)]


def connect() -> None:
    for (app_label, model_name), source in WATCHED.items():
        for sender in _senders(app_label, model_name):
            uid = f"cms_cache_{sender._meta.label_lower}"
            receiver = _RECEIVERS[source]
            post_save.connect(receiver, sender=sender, dispatch_uid=f"{uid}_save", weak=False)
            post_delete.connect(receiver, sender=sender, dispatch_uid=f"{uid}_delete", weak=False)
