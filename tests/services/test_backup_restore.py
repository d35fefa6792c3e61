"""Backup and restore as the README says: ``pg_dump -Fc`` plus the media directory, restored
with ``pg_restore`` into a brand-new database; the same orders, payments and ledger totals
come back, the schema is fully migrated, and the media files the rows name are there."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from oscar.core.loading import get_model

from fulfilment import services as fulfilment_services
from fulfilment.models import PayoutEntry
from market.models import Sale
from payments import methods, order_status
from payments.references import new_reference
from payments.settle import services as settle
from tests import factories
from tests.conftest import ROOT, require, shared_database_url
from tests.fulfilment import builders
from tests.market import builders as market_builders

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
Source = get_model("payment", "Source")
ProductImage = get_model("catalogue", "ProductImage")


def pg_tool(name: str, server_major: int) -> str:
    """The newest ``pg_dump``/``pg_restore`` installed: the server's own binaries when present
    (Debian's /usr/lib/postgresql/<major>/bin), else the one on PATH. It must not be older
    than the server (pg_dump refuses a newer server)."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    path = found[-1] if found else shutil.which(name) or ""
    require(name, bool(path), f"{name} is not installed (apt-get install postgresql-client)")
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    major = int(re.search(r"\(PostgreSQL\) (\d+)", version).group(1))
    require(name, major >= server_major, f"{path} is {major}, the server {server_major}")
    return path


def figures(query) -> dict:
    """What a restore must give back, read with plain SQL (``query(sql)`` → rows)."""
    order = Order._meta.db_table
    return {
        "orders": query(f"SELECT number, status, total_incl_tax FROM {order} ORDER BY number"),
        "payment_events": query(f"SELECT SUM(amount), COUNT(*) FROM {PaymentEvent._meta.db_table}"),
        "sources_debited": query(f"SELECT SUM(amount_debited) FROM {Source._meta.db_table}"),
        "payout_ledger": query(
            f"SELECT producer_id, kind, SUM(amount), COUNT(*) FROM {PayoutEntry._meta.db_table} "
            "GROUP BY producer_id, kind ORDER BY producer_id, kind"
        ),
        "stall_sales": query(
            f"SELECT stall_id, SUM(amount), COUNT(*) FROM {Sale._meta.db_table} "
            "GROUP BY stall_id ORDER BY stall_id"
        ),
        "images": query(f"SELECT original FROM {ProductImage._meta.db_table} ORDER BY original"),
    }


def make_business() -> None:
    """Orders paid cash on delivery through the settle service, a refund and a payout in the
    payout ledger, a stall's cash sales, and product photos in the media directory."""
    a, b = builders.producer_pair()
    tea = factories.product(title="Chè móc câu", price=250000, owner=a, stock=50, image=True)
    honey = factories.product(title="Mật ong", price=180000, owner=b, stock=50, image=True)
    finance = factories.finance_user()
    orders = []
    for items in ([(tea, 2), (honey, 1)], [(tea, 1)], [(honey, 3)]):
        order = builders.place_order(
            items, number=new_reference(), status=order_status.CASH_ON_DELIVERY
        )
        order.sources.create(
            source_type=methods.source_type(methods.COD),
            amount_allocated=order.total_incl_tax,
            reference=order.number,
        )
        assert settle.cash_received(order_number=order.number, actor=finance)
        orders.append(order)
    builders.place_order([(tea, 1)], number=new_reference(), status=order_status.PENDING_PAYMENT)
    fulfilment_services.record_refund(order_number=orders[0].number, producer=a, amount=50000)
    fulfilment_services.record_payout(producer=b, amount=100000)
    stall = market_builders.stall(market_builders.market())
    for amount in (15000, 30000):
        settle.stall_cash_sale(stall=stall, amount=amount, token=uuid.uuid4(), actor=None)


def test_a_dump_restored_into_a_new_database_has_the_same_orders_and_ledgers(
    postgres, tmp_path, settings
):
    server_major = postgres.pg_version // 10000
    pg_dump, pg_restore = pg_tool("pg_dump", server_major), pg_tool("pg_restore", server_major)
    make_business()

    def here(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    before = figures(here)
    assert len(before["orders"]) == 4 and before["payout_ledger"] and before["stall_sales"]
    assert before["payment_events"][0][0] == 250000 * 3 + 180000 * 4

    # Back up: the database (custom format) and the media directory.
    source_url = shared_database_url()
    dump = tmp_path / "choso.dump"
    subprocess.run([pg_dump, "-Fc", "--no-owner", "--no-acl", "-f", dump, source_url], check=True)
    media_archive = tmp_path / "media.tar.gz"
    with tarfile.open(media_archive, "w:gz") as archive:
        archive.add(settings.MEDIA_ROOT, arcname=".")

    # Restore: a brand-new database, and the media into an empty directory.
    name = f"choso_restore_{uuid.uuid4().hex[:12]}"
    admin_url = source_url.rsplit("/", 1)[0] + "/postgres"
    restored_url = source_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        subprocess.run(
            [pg_restore, "--no-owner", "--no-acl", "--exit-on-error", "-d", restored_url, dump],
            check=True,
        )
        with psycopg.connect(restored_url) as restored:
            after = figures(lambda sql: restored.execute(sql).fetchall())
        assert after == before

        # Django finds every migration applied: the restored database is ready to serve.
        env = {
            **os.environ,
            "DATABASE_URL": restored_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        check = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--check"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    with tarfile.open(media_archive) as archive:
        archive.extractall(restored_media, filter="data")
    for (path,) in after["images"]:
        original = Path(settings.MEDIA_ROOT) / path
        assert (restored_media / path).read_bytes() == original.read_bytes(), path
