"""`manage.py seed_demo`: demo data for the embedded default. Idempotent; refuses production."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.demo import seed_producers
from cms.demo import seed_site
from cms.editors import ensure_editor_setup
from core.permissions import (
    BOARD_GROUP,
    DIGITAL_TEAM_GROUP,
    EDITOR_GROUP,
    FINANCE_GROUP,
    MODERATOR_GROUP,
    OFFICIAL_GROUP,
    PRODUCER_GROUP,
    STALLHOLDER_GROUP,
    ensure_groups,
)
from fulfilment.shipping import ensure_shipping_country
from market.demo import seed_market_sales, seed_markets, seed_places
from traceability.demo import seed_traceability

DEMO_PASSWORD = "demo12345"
STAFF, SUPERUSER = "staff", "superuser"
DEMO_ACCOUNTS = [
    # username, role group, staff or superuser, display name
    ("admin", None, SUPERUSER, "Quản trị viên"),
    ("ketoan", FINANCE_GROUP, STAFF, "Đỗ Thị Lan"),
    ("farmer.tancuong", PRODUCER_GROUP, None, "Hoàng Văn Bình"),
    ("board.hungson", BOARD_GROUP, None, "Nguyễn Thị Hạnh"),
    ("stall.hungson.01", STALLHOLDER_GROUP, None, "Trần Thị Hương"),
    ("shopper", None, None, "Lê Minh Anh"),
    ("digital.daitu", DIGITAL_TEAM_GROUP, None, "Phạm Văn Tuấn"),
    ("official.thainguyen", OFFICIAL_GROUP, None, "Đặng Thu Trang"),
    ("editor.cms", EDITOR_GROUP, None, "Vũ Thị Mai"),
    ("moderator.cms", MODERATOR_GROUP, None, "Bùi Quang Huy"),
]


class Command(BaseCommand):
    help = "Load Chợ Số demo data (places, markets, producers, products, pages, accounts, lots)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        with transaction.atomic():
            Site.objects.update_or_create(
                id=settings.SITE_ID, defaults={"domain": "127.0.0.1:8000", "name": "Chợ Số"}
            )
            ensure_shipping_country()  # made by a migration; again after a flush
            users = self._seed_accounts()
            seed_places()
            seed_markets(
                board_user=users["board.hungson"],
                stallholder=users["stall.hungson.01"],
                official=users["official.thainguyen"],
                digital_team_user=users["digital.daitu"],
            )
            seed_market_sales()
            seed_producers(
                farmer_user=users["farmer.tancuong"], digital_team_user=users["digital.daitu"]
            )
            seed_site()
            ensure_editor_setup()  # made by a migration; again after a flush rebuilt the tree
            seed_traceability()  # lots, journeys, codes and scans of the tea producers
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def _seed_accounts(self) -> dict:
        User = get_user_model()
        groups = ensure_groups()  # roles and Finance (migrations; again after a flush)
        users = {}
        for username, group, rank, full_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@demo.choso.vn",
                    # Whole, as typed (fulfilment.shopper_forms): "Lê Minh Anh".
                    "first_name": full_name,
                    "last_name": "",
                    "is_staff": rank in (STAFF, SUPERUSER),
                    "is_superuser": rank == SUPERUSER,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if group:
                user.groups.add(groups[group])
            users[username] = user
        return users
