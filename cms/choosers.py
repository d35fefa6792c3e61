"""Admin choosers for the shop's and the markets' own records, so editors pick a product, a
producer, a market or a province from a searchable list in a block or a page field.

Each viewset also gives a StreamField block class (``cms.blocks``); the viewsets are registered
in ``cms.wagtail_hooks``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "pick"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit this product")


class ProducerChooserViewSet(ChooserViewSet):
    model = "catalog.Producer"
    icon = "group"
    choose_one_text = _("Choose a producer")
    choose_another_text = _("Choose another producer")
    edit_item_text = _("Edit this producer")


class MarketChooserViewSet(ChooserViewSet):
    model = "market.Market"
    icon = "site"
    choose_one_text = _("Choose a market")
    choose_another_text = _("Choose another market")
    edit_item_text = _("Edit this market")


class ProvinceChooserViewSet(ChooserViewSet):
    model = "market.Province"
    icon = "globe"
    choose_one_text = _("Choose a province")
    choose_another_text = _("Choose another province")
    edit_item_text = _("Edit this province")


product_chooser = ProductChooserViewSet("product_chooser", url_prefix="choose/product")
producer_chooser = ProducerChooserViewSet("producer_chooser", url_prefix="choose/producer")
market_chooser = MarketChooserViewSet("market_chooser", url_prefix="choose/market")
province_chooser = ProvinceChooserViewSet("province_chooser", url_prefix="choose/province")
VIEWSETS = [product_chooser, producer_chooser, market_chooser, province_chooser]
