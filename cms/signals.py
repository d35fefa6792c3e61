"""Cache invalidation for the live blocks: saving or deleting a row a block shows gives its
source a new data version (``cms.cache.bump``), so the next page view renders it afresh.

Receivers are connected explicitly (``connect()``, called from ``CmsConfig.ready``) with one
list of (model, source), and only bump a counter in the cache: nothing here touches money or
writes to the database."""

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
    ("market", "Market"): "markets",
    ("market", "Commune"): "markets",
    ("market", "Province"): "markets",
    ("market", "MarketDay"): "figures",
    ("market", "ProvinceDay"): "figures",
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


def connect() -> None:
    for (app_label, model_name), source in WATCHED.items():
        model = apps.get_model(app_label, model_name)
        uid = f"cms_cache_{app_label}_{model_name}"
        # Page subclasses send signals with their own class as sender: listen to all senders
        # for pages and filter by isinstance.
        if (app_label, model_name) == ("wagtailcore", "Page"):
            post_save.connect(_page_changed, dispatch_uid=uid + "_save", weak=False)
            post_delete.connect(_page_changed, dispatch_uid=uid + "_delete", weak=False)
            continue
        post_save.connect(_RECEIVERS[source], sender=model, dispatch_uid=uid + "_save", weak=False)
        post_delete.connect(
            _RECEIVERS[source], sender=model, dispatch_uid=uid + "_delete", weak=False
        )


def _page_changed(sender, instance=None, raw=False, **kwargs):
    from wagtail.models import Page

    if not raw and isinstance(instance, Page):
        bump("pages")
