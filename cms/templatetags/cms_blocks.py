"""``{% stream_block page.body index %}``: one block of a stream, live blocks straight from the
fragment cache by their stored JSON, before Wagtail loads the records chosen in them."""

from __future__ import annotations

from django import template

from cms.blocks import LiveDataBlock

register = template.Library()


@register.simple_tag(takes_context=True)
def stream_block(context, stream, index: int):
    raw = stream.raw_data[index]
    block = stream.stream_block.child_blocks.get(raw["type"])
    flat = context.flatten()
    if isinstance(block, LiveDataBlock):
        return block.render_cached(raw["value"], lambda: stream[index].value, flat)
    return stream[index].render(context=flat)
