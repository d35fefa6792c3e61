"""``{% live_fragment "name" part… sources="catalog traceability" %}…{% endlive_fragment %}``:
a piece of a page that shows live records, kept in the fragment cache (``cms.cache``) like the
home page's live blocks.

The HTML is kept under a key made of the name, the parts (e.g. the product's id), the language,
the day and the data versions of ``sources``, so any change to what it shows renders it afresh;
the tags inside (and their queries) run only on a miss. Whatever depends on the visitor (a
price for their basket, a form with its CSRF token, messages) must stay outside, or inside a
``{% live_fragment_hole %}…{% endlive_fragment_hole %}``: kept as a marker, rendered for each
request and put in its place. With
``CMS_FRAGMENT_CACHE_SECONDS = 0``, or the cache server down, the fragment is rendered every
time.

``{% keep_fragment key %}…{% endkeep_fragment %}`` renders its content and keeps it under
``key``, a key a view made with ``cms.cache.fragment_key`` and looked up itself (a view that
skips its queries on a hit, e.g. the catalogue's listing); no key, nothing kept.
"""

from __future__ import annotations

import logging

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from cms.cache import SOURCES, data_versions, fragment_key, fragment_seconds

logger = logging.getLogger(__name__)
register = template.Library()


PUNCHING = "_live_fragment_punching"


class LiveHoleNode(template.Node):
    """Rendered for each request inside a kept fragment: kept as a marker, filled on output."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.marker = ""

    def render(self, context):
        if context.get(PUNCHING):
            return self.marker
        return self.nodelist.render(context)


class LiveFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, sources: tuple[str, ...]):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts
        self.sources = sources
        self.holes = nodelist.get_nodes_by_type(LiveHoleNode)
        for index, hole in enumerate(self.holes):
            hole.marker = f"<!--live-fragment-hole:{index}-->"

    def _fill(self, html: str, context) -> str:
        for hole in self.holes:
            html = html.replace(hole.marker, str(hole.nodelist.render(context)), 1)
        return html

    def render(self, context):
        seconds = fragment_seconds()
        if not seconds:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        try:
            key = fragment_key(
                f"fragment:{name}",
                [str(part.resolve(context)) for part in self.parts],
                self.sources,
                data_versions(context.get("request"), self.sources),
            )
            html = cache.get(key)
        except Exception:  # noqa: BLE001  (cache server down: render, do not fail the page)
            logger.warning("CMS cache unavailable; rendering the fragment %s", name)
            return self.nodelist.render(context)
        if html is None:
            # What the tags inside set stays inside, as on a hit; holes are kept as markers.
            with context.push({PUNCHING: True}):
                html = str(self.nodelist.render(context))
            try:
                cache.set(key, html, seconds)
            except Exception:  # noqa: BLE001
                logger.warning("CMS cache unavailable; the fragment %s not kept", name)
        with context.push({PUNCHING: False}):
            html = self._fill(html, context)
        return mark_safe(html)  # noqa: S308  # nosec B308 B703  (our own template's output)


@register.tag("live_fragment")
def live_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3 or not bits[-1].startswith("sources="):
        raise template.TemplateSyntaxError(
            '{% live_fragment "name" part… sources="source …" %} needs a name and its sources'
        )
    sources = tuple(bits[-1].removeprefix("sources=").strip("\"'").split())
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise template.TemplateSyntaxError(f"live_fragment: unknown sources {sorted(unknown)}")
    nodelist = parser.parse(("endlive_fragment",))
    parser.delete_first_token()
    return LiveFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:-1]],
        sources,
    )


class KeepFragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        html = self.nodelist.render(context)
        key = self.key.resolve(context)
        if key:
            try:
                cache.set(key, str(html), fragment_seconds())
            except Exception:  # noqa: BLE001
                logger.warning("CMS cache unavailable; the fragment %s not kept", key)
        return html


@register.tag("keep_fragment")
def keep_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% keep_fragment key %} takes one key")
    nodelist = parser.parse(("endkeep_fragment",))
    parser.delete_first_token()
    return KeepFragmentNode(nodelist, parser.compile_filter(bits[1]))


@register.tag("live_fragment_hole")
def live_fragment_hole(parser, token):
    nodelist = parser.parse(("endlive_fragment_hole",))
    parser.delete_first_token()
    return LiveHoleNode(nodelist)
