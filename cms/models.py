"""Wagtail page types; the tree reads as the site map:

home (/) → Chợ 4.0 campaign, markets → market, producers → producer story, news → article,
and information pages anywhere below home. Market and producer pages are linked to the
market's and the producer's own record, so their figures, products and certificates are live.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from cms.blocks import BodyBlock, CallToActionBlock, GalleryBlock, HomeBlock, StepsBlock
from cms.snippets import BankApp, FAQEntry  # noqa: F401  (snippet models live in cms.snippets)


class SitePage(Page):
    """What every page of the site has: a social-sharing image beside Wagtail's SEO title and
    search description (Promote tab)."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sharing image"),
        help_text=_("Shown when the page is shared on Zalo or Facebook (1200 × 630 is best)."),
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, _("Common page configuration")),
        FieldPanel("og_image"),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from cms.page_data import breadcrumbs, page_seo

        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(self, request)
        context["seo"] = page_seo(self, request)
        return context


class HomePage(SitePage):
    body = StreamField(HomeBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CampaignPage",
        "cms.MarketIndexPage",
        "cms.ProducerIndexPage",
        "cms.NewsIndexPage",
        "cms.StandardPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """An English reader reaches the English tree (Wagtail routes from the translation of
        the site's root page); a page nobody translated yet is served from the Vietnamese tree
        at the same address instead of a 404."""
        try:
            return super().route(request, path_components)
        except Http404:
            source = self.get_translation_or_none(Locale.get_default())
            if source is None or source.pk == self.pk:
                raise
            return source.specific.route(request, path_components)


class StandardPage(SitePage):
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage", "cms.CampaignPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("information page")


class CampaignPage(SitePage):
    """A programme such as "Chợ 4.0 — cashless markets": what it is, how to pay, questions,
    and what to do next (register a stall, contact the market board)."""

    intro = models.TextField(_("summary"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    how_to_pay = StreamField(
        [("steps", StepsBlock())], blank=True, max_num=1, verbose_name=_("how to pay")
    )
    faq = models.ManyToManyField(
        "cms.FAQEntry", blank=True, related_name="+", verbose_name=_("questions and answers")
    )
    call_to_action = StreamField(
        [("call_to_action", CallToActionBlock())],
        blank=True,
        max_num=1,
        verbose_name=_("call to action"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("how_to_pay"),
        FieldPanel("faq"),
        FieldPanel("call_to_action"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("how_to_pay"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("campaign page")

    def get_context(self, request, *args, **kwargs):
        from cms.page_data import calls_to_action

        context = super().get_context(request, *args, **kwargs)
        context["calls_to_action"] = calls_to_action(self, request)
        context["faq_entries"] = list(self.faq.order_by("topic", "sort_order", "pk"))
        context["subpages"] = list(
            StandardPage.objects.child_of(self).live().public().order_by("path")
        )
        return context


class MarketIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.MarketPage"]
    max_count = 1

    class Meta:
        verbose_name = _("market index")

    def get_context(self, request, *args, **kwargs):
        from cms.page_data import market_cards

        context = super().get_context(request, *args, **kwargs)
        context["market_cards"] = market_cards(self)
        return context


class MarketPage(SitePage):
    """A market's public page; its stalls, QR share, Chợ 4.0 badge, opening days and map come
    live from the linked ``market.Market`` and its rollups."""

    market = models.ForeignKey(
        "market.Market", on_delete=models.PROTECT, related_name="+", verbose_name=_("market")
    )
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    gallery = StreamField(
        [("gallery", GalleryBlock())], blank=True, max_num=1, verbose_name=_("gallery")
    )

    content_panels = Page.content_panels + [
        FieldPanel("market"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("gallery"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.MarketIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("market page")

    def get_context(self, request, *args, **kwargs):
        from cms.page_data import market_page_data

        context = super().get_context(request, *args, **kwargs)
        context.update(market_page_data(self.market))
        return context


class ProducerIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProducerStoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("producer stories index")

    def get_context(self, request, *args, **kwargs):
        from cms.page_data import producer_story_cards

        context = super().get_context(request, *args, **kwargs)
        context["stories"] = producer_story_cards(self)
        return context


class ProducerStoryPage(SitePage):
    """A producer's story; their products (with prices) and certificates come live from the
    shop through the linked ``catalog.Producer``."""

    producer = models.ForeignKey(
        "catalog.Producer", on_delete=models.PROTECT, related_name="+", verbose_name=_("producer")
    )
    intro = models.TextField(_("summary"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("story"))
    gallery = StreamField(
        [("gallery", GalleryBlock())], blank=True, max_num=1, verbose_name=_("gallery")
    )

    content_panels = Page.content_panels + [
        FieldPanel("producer"),
        FieldPanel("intro"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("gallery"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.ProducerIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("producer story")

    def get_context(self, request, *args, **kwargs):
        from cms.page_data import producer_story_data

        context = super().get_context(request, *args, **kwargs)
        context.update(producer_story_data(self.producer))
        return context


class NewsIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import news_for_index

        context = super().get_context(request, *args, **kwargs)
        news = news_for_index(self, page=request.GET.get("page"), tag=request.GET.get("tag"))
        context.update(news)
        # Each list page is its own canonical address (page 1 and unknown input: the plain one).
        params = {}
        if news["selected_tag"] is not None:
            params["tag"] = news["selected_tag"].slug
        if news["news"].number > 1:
            params["page"] = news["news"].number
        if params and context["seo"]["canonical"]:
            context["seo"]["canonical"] += "?" + urlencode(params)
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(SitePage):
    date = models.DateField(_("date published"))
    author = models.CharField(_("author"), max_length=150, blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("author"),
        FieldPanel("tags"),
        FieldPanel("cover_image"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = self.get_parent()
        context["article_tags"] = list(self.tags.order_by("name"))
        return context
