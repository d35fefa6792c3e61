"""Staff lists of the whole site: django-tables2 tables in the site's own light markup.

``SiteTable`` renders through ``partials/table.html``: a plain table on a wide screen, one
card per row on a phone, sortable headers as links (no JavaScript). ``configure_table``
sorts and paginates it from the query string with django-tables2's ``RequestConfig``; a bad
``sort``, ``page`` or ``per_page`` falls back to something sensible, never a 500.
"""

from __future__ import annotations

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.formats import date_format
from django_tables2 import RequestConfig

#: The most rows one page shows, whatever ``?per_page=`` asks for.
MAX_PER_PAGE = 100


class BoundedPaginator(Paginator):
    """A visitor's ``?per_page=`` is kept between 1 and ``MAX_PER_PAGE`` (0 would divide by
    zero; a million would load the whole table)."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)


class SiteTable(tables.Table):
    """Base of every staff list; subclasses write ``class Meta(SiteTable.Meta)``."""

    class Meta:
        template_name = "partials/table.html"
        attrs = {"class": "data-table"}


def configure_table(request, table: tables.Table, *, per_page: int) -> tables.Table:
    """Sort by ``?sort=`` (unknown columns ignored) and show page ``?page=`` (out of range:
    the last page; not a number: the first)."""
    RequestConfig(
        request, paginate={"per_page": per_page, "paginator_class": BoundedPaginator}
    ).configure(table)
    return table


def local_time(value, fmt: str = "d/m/Y H:i") -> str:
    """A cell's date and time in Viet Nam time, or a dash."""
    return date_format(timezone.localtime(value), fmt) if value else "—"
