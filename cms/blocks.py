"""StreamField blocks: each a small named class with its own template in
``cms/templates/cms/blocks/``. Blocks that show live data (products, producers, adoption
figures, market map) fetch it in ``get_context``, through the apps' selectors."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from cms import block_data
from cms.cache import data_versions, fragment_key, fragment_seconds
from cms.choosers import market_chooser, producer_chooser, product_chooser, province_chooser
from cms.snippets import FAQEntry

logger = logging.getLogger(__name__)

ProductChooserBlock = product_chooser.get_block_class(
    name="ProductChooserBlock", module_path="cms.blocks"
)
ProducerChooserBlock = producer_chooser.get_block_class(
    name="ProducerChooserBlock", module_path="cms.blocks"
)
MarketChooserBlock = market_chooser.get_block_class(
    name="MarketChooserBlock", module_path="cms.blocks"
)
ProvinceChooserBlock = province_chooser.get_block_class(
    name="ProvinceChooserBlock", module_path="cms.blocks"
)


class LiveDataBlock(blocks.StructBlock):
    """A block showing live records: ``live_data(value)`` (from ``cms.block_data``) fills
    its context, and its HTML is kept in the fragment cache (``cms.cache``) under a key that
    changes with the value, the language, the day and the versions of ``live_sources``."""

    live_sources: tuple[str, ...] = ()

    def live_data(self, value) -> dict:
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context.update(self.live_data(value))
        return context

    def render(self, value, context=None):
        return self.render_cached(self.get_prep_value(value), lambda: value, context)

    def render_cached(self, data, get_value, context=None):
        """The HTML for the block's stored ``data`` (its JSON, as in the page's raw stream),
        from the cache, else rendered from ``get_value()`` (the value; called only on a miss,
        so a cached block costs no query for the records chosen in it) and kept."""
        seconds = fragment_seconds()
        if not seconds:
            return super().render(get_value(), context)
        request = context.get("request") if context is not None else None
        try:
            key = fragment_key(type(self).__name__, data, self.live_sources, data_versions(request))
            html = cache.get(key)
        except Exception:  # noqa: BLE001  (cache server down: render, do not fail the page)
            logger.warning("CMS cache unavailable; rendering %s", type(self).__name__)
            return super().render(get_value(), context)
        if html is None:
            html = str(super().render(get_value(), context))
            try:
                cache.set(key, html, seconds)
            except Exception:  # noqa: BLE001
                logger.warning("CMS cache unavailable; %s not kept", type(self).__name__)
        return mark_safe(html)  # noqa: S308  (our own template's output)


class LinkBlock(blocks.StructBlock):
    """A button: a page of the site, or any address (the shop, a market, a phone number)."""

    label = blocks.CharBlock(label=_("button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.CharBlock(
        label=_("or address"),
        required=False,
        max_length=300,
        help_text=_("A path on this site such as /shop/, or a full address; used without a page."),
    )

    class Meta:
        icon = "link"
        label = _("link")


class HeroBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"), required=False)
    heading = blocks.CharBlock(label=_("heading"), max_length=150)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)
    actions = blocks.ListBlock(LinkBlock(), label=_("buttons"), max_num=2, default=[])

    class Meta:
        icon = "image"
        label = _("Hero")
        template = "cms/blocks/hero.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    alt = blocks.CharBlock(
        label=_("text for screen readers"),
        required=False,
        max_length=250,
        help_text=_("What the photo shows; the image's title is used when empty."),
    )

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "cms/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=150)
    images = blocks.ListBlock(ImageBlock(), label=_("images"), min_num=1, max_num=24)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "cms/blocks/gallery.html"


class FeaturedProductsBlock(LiveDataBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=150)
    products = blocks.ListBlock(
        ProductChooserBlock(),
        label=_("products"),
        default=[],
        help_text=_("Leave empty to show the newest OCOP products automatically."),
    )
    min_ocop_stars = blocks.IntegerBlock(
        label=_("lowest OCOP rating shown automatically"), min_value=3, max_value=5, default=4
    )
    count = blocks.IntegerBlock(label=_("how many"), min_value=1, max_value=12, default=4)

    class Meta:
        icon = "pick"
        label = _("Featured products")
        template = "cms/blocks/featured_products.html"

    live_sources = ("catalog",)

    def live_data(self, value) -> dict:
        return block_data.featured_products(value)


class ProducerSpotlightBlock(LiveDataBlock):
    producer = ProducerChooserBlock(label=_("producer"))
    text = blocks.TextBlock(
        label=_("text"),
        required=False,
        max_length=500,
        help_text=_("The producer's story is used when empty."),
    )
    story = blocks.PageChooserBlock(
        label=_("story page"), required=False, page_type="cms.ProducerStoryPage"
    )

    class Meta:
        icon = "user"
        label = _("Producer spotlight")
        template = "cms/blocks/producer_spotlight.html"

    live_sources = ("catalog", "markets", "pages")

    def live_data(self, value) -> dict:
        return block_data.producer_spotlight(value)


class AdoptionFiguresBlock(LiveDataBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=150)
    market = MarketChooserBlock(
        label=_("market"), required=False, help_text=_("Leave empty for the whole province.")
    )
    province = ProvinceChooserBlock(label=_("province"), required=False)

    class Meta:
        icon = "table"
        label = _("Live adoption figures")
        template = "cms/blocks/adoption_figures.html"

    live_sources = ("figures", "markets")

    def live_data(self, value) -> dict:
        return block_data.adoption_figures(value)


class MarketMapBlock(LiveDataBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=150)
    markets = blocks.ListBlock(
        MarketChooserBlock(),
        label=_("markets"),
        default=[],
        help_text=_("Leave empty to show every market that has coordinates."),
    )

    class Meta:
        icon = "site"
        label = _("Market map")
        template = "cms/blocks/market_map.html"

    live_sources = ("markets", "pages")

    def live_data(self, value) -> dict:
        return block_data.market_map(value)


class FAQBlock(LiveDataBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=150)
    entries = blocks.ListBlock(
        SnippetChooserBlock("cms.FAQEntry"),
        label=_("questions"),
        default=[],
        help_text=_("Leave empty to show every question of the topic below."),
    )
    topic = blocks.ChoiceBlock(
        label=_("topic"),
        required=False,
        choices=FAQEntry.Topic.choices,
    )

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "cms/blocks/faq.html"

    live_sources = ("faq",)

    def live_data(self, value) -> dict:
        return block_data.faq_entries(value)


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=150)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)
    actions = blocks.ListBlock(LinkBlock(), label=_("buttons"), min_num=1, max_num=2)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "cms/blocks/call_to_action.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=150)
    text = blocks.TextBlock(label=_("explanation"), required=False, max_length=500)
    image = ImageChooserBlock(label=_("image"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=150)
    steps = blocks.ListBlock(StepBlock(), label=_("steps"), min_num=1, max_num=10)

    class Meta:
        icon = "list-ol"
        label = _("How-to steps")
        template = "cms/blocks/steps.html"


class BankAppsBlock(LiveDataBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=150)

    class Meta:
        icon = "doc-full"
        label = _("Banking apps that pay by QR")
        template = "cms/blocks/bank_apps.html"

    live_sources = ("bank_apps", "images")

    def live_data(self, value) -> dict:
        return block_data.bank_apps(value)


# "Scan or type a code": the traceability lookup form (sends to the scan page).
trace_lookup = blocks.StaticBlock(
    label=_("Traceability code lookup"),
    admin_text=_("A form where shoppers type the code printed under a label's QR."),
    template="cms/blocks/trace_lookup.html",
)


class BodyBlock(blocks.StreamBlock):
    """The body of an information, campaign, market, producer or news page."""

    heading = blocks.CharBlock(form_classname="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(label=_("Paragraph"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
    image = ImageBlock()
    gallery = GalleryBlock()
    steps = StepsBlock()
    faq = FAQBlock()
    call_to_action = CallToActionBlock()
    trace_lookup = trace_lookup


class HomeBlock(blocks.StreamBlock):
    """Everything the home page can show, in the order the editor puts it."""

    hero = HeroBlock()
    heading = blocks.CharBlock(form_classname="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(label=_("Paragraph"))
    image = ImageBlock()
    gallery = GalleryBlock()
    featured_products = FeaturedProductsBlock()
    producer_spotlight = ProducerSpotlightBlock()
    adoption_figures = AdoptionFiguresBlock()
    market_map = MarketMapBlock()
    faq = FAQBlock()
    call_to_action = CallToActionBlock()
    bank_apps = BankAppsBlock()
    trace_lookup = trace_lookup
