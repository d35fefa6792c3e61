"""Wagtail admin registrations: the choosers for shop and market records, and the snippets."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.choosers import VIEWSETS
from cms.snippets import BankApp, FAQEntry


@hooks.register("register_admin_viewset")
def register_choosers():
    return VIEWSETS


class FAQEntryViewSet(SnippetViewSet):
    model = FAQEntry
    icon = "help"
    list_display = ["question", "topic", "sort_order"]
    list_filter = ["topic"]
    search_fields = ["question"]


class BankAppViewSet(SnippetViewSet):
    model = BankApp
    icon = "doc-full"
    list_display = ["name", "bank_bin", "sort_order"]


register_snippet(FAQEntryViewSet)
register_snippet(BankAppViewSet)
