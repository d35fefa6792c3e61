"""`manage.py compute_rollups [--from DATE] [--to DATE] [--market SLUG]`: recompute the
adoption figures (``MarketDay``, ``ProvinceDay``) of whole days; safe to run again.

Without dates it recomputes yesterday and today (Viet Nam time), like the nightly task.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from market import rollups
from market.models import Market


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Recompute markets' and provinces' daily adoption figures for a range of days."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: today)")
        parser.add_argument("--market", help="only this market (slug)")

    def handle(self, *args, start=None, end=None, market=None, **options):
        today = rollups.local_today()
        end_day = _date(end) if end else today
        start_day = _date(start) if start else min(end_day, today - dt.timedelta(days=1))
        if start_day > end_day:
            raise CommandError("--from is after --to.")
        markets = None
        if market:
            markets = Market.objects.filter(slug=market)
            if not markets.exists():
                raise CommandError(f"No market with slug {market!r}.")
        began = time.perf_counter()
        days = rollups.compute_range(start_day, end_day, markets=markets)
        self.stdout.write(
            self.style.SUCCESS(
                f"Figures recomputed: {days} day(s), {start_day} to {end_day}, "
                f"in {time.perf_counter() - began:.1f} s."
            )
        )
