"""/sitemap.xml: the live public Wagtail pages (producer stories included), every product on
sale and every producer's shop page, all with absolute addresses on SITE_URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from catalog.models import Producer
from catalog.selectors import browsable_products


class SiteUrlMixin:
    """Addresses on the public SITE_URL, not on the django.contrib.sites record (which Oscar
    keeps for e-mails and which says example.com on a fresh install)."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(WagtailSitemap):
    """Live public pages of the site's Vietnamese tree, with their last publication. A page's
    English translation has the same address (the reader's language picks it), so it is not
    listed a second time."""

    def _urls(self, page, protocol, domain):
        urls, last_mods = [], set()
        for item in self.paginator.page(page).object_list.iterator():
            parts = item.get_url_parts(self.request)
            if parts is None:  # not under any site's root page
                continue
            lastmod = item.last_published_at or item.latest_revision_created_at
            urls.append(
                {"item": item, "location": settings.SITE_URL + parts[2], "lastmod": lastmod}
            )
            last_mods.add(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


class ProductSitemap(SiteUrlMixin, Sitemap):
    """Every product the shop sells now (public, with a stock record); drafts and products
    taken off sale are left out."""

    def items(self):
        return browsable_products().select_related(None).prefetch_related(None)

    def lastmod(self, product):
        return product.date_updated


class ProducerSitemap(SiteUrlMixin, Sitemap):
    """Every producer's shop page (/shop/producers/<slug>/)."""

    def items(self):
        return Producer.objects.exclude(slug="").order_by("pk").only("pk", "slug")


SITEMAPS = {"pages": PageSitemap, "products": ProductSitemap, "producers": ProducerSitemap}
