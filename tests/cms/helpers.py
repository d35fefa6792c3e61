"""Builders shared by the CMS block tests: a home page whose body is given, and what the
blocks show (images, markets with coordinates, rollup rows)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.test import Client

from cms.demo import seed_pages
from market import rollups
from tests.market import builders


def home_with(body: list) -> object:
    """The site's home page (seed_pages) with ``body`` — (block type, raw value as stored:
    ids for chosen records) pairs — published."""
    home = seed_pages()
    home.body = json.dumps([{"type": kind, "value": value} for kind, value in body])
    home.save_revision().publish()
    return home


def get_home(client: Client | None = None) -> str:
    return get_home_path("/", client)


def get_home_path(path: str, client: Client | None = None) -> str:
    response = (client or Client()).get(path)
    assert response.status_code == 200
    return response.content.decode()


def wagtail_image(title: str = "Đồi chè Tân Cương"):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    return Image.objects.create(title=title, file=get_test_image_file(size=(1600, 1200)))


def market(name: str, slug: str, lat: str | None, lon: str | None, **extra):
    return builders.market(
        name,
        slug,
        latitude=Decimal(lat) if lat is not None else None,
        longitude=Decimal(lon) if lon is not None else None,
        **extra,
    )


def figures_for(market_obj, stalls_with_qr: int, stalls_without: int = 0):
    """``stalls_with_qr`` stalls with a bank account (so a QR) and ``stalls_without`` without,
    then the day's rollup recomputed the real way."""
    existing = market_obj.stalls.count()
    for i in range(stalls_with_qr):
        builders.stall(market_obj, f"Q-{existing + i}")
    for i in range(stalls_without):
        builders.stall(market_obj, f"N-{existing + i}", bank=False)
    return rollups.compute_market_day(market=market_obj, day=rollups.local_today())
