"""Benchmark: issuing serialised trace codes (traceability.services.issue_job_run).

Run from the project root with PostgreSQL, e.g.
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/choso ./.venv/bin/python
bench/bench_trace_issue.py [--count 100000] [--runs 3]``. It works in a database of its own
(``<name>_bench``, created and migrated on first use and kept for the next run) and deletes the
codes it made. Prints the time per run; exits 1 if the best run is over the 5 s target.
"""

# ruff: noqa: E402  (imports follow the sys.path line that makes the project importable)
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

import argparse
import os
import platform
import time

TARGET_SECONDS, GOAL_SECONDS = 5.0, 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=None, help="codes per committed batch")
    parser.add_argument("--drop", action="store_true", help="drop the bench database at the end")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("Set DATABASE_URL=postgres://… : this benchmark measures PostgreSQL.")
        from bench.report import record

        record("trace_codes_100k_s", None, not_measured="needs PostgreSQL (DATABASE_URL)")
        return 2
    name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{name}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)

    from traceability.models import IssueJob, TraceCode
    from traceability.services import ISSUE_BATCH_SIZE, issue_job_create, issue_job_run

    lot = _lot()
    times = []
    for run in range(args.runs):
        job = issue_job_create(lot=lot, count=args.count)
        started = time.perf_counter()
        job = issue_job_run(job_id=job.pk, batch_size=args.batch or ISSUE_BATCH_SIZE)
        elapsed = time.perf_counter() - started
        issued = TraceCode.objects.filter(issue_job=job).count()
        assert job.status == IssueJob.Status.DONE and job.done == issued == args.count
        times.append(elapsed)
        print(f"run {run + 1}: {args.count:,} serials in {elapsed:.2f} s "
              f"({args.count / elapsed:,.0f}/s)")  # fmt: skip
        TraceCode.objects.filter(lot=lot).exclude(serial="").delete()
        with connection.cursor() as cursor:  # the next run starts on a table without bloat
            cursor.execute(f"VACUUM ANALYZE {TraceCode._meta.db_table}")
    best = min(times)
    print(
        f"best {best:.2f} s for {args.count:,} serials on PostgreSQL "
        f"{connection.pg_version // 10000} · Python {platform.python_version()} · "
        f"target ≤ {TARGET_SECONDS:.0f} s, goal ≤ {GOAL_SECONDS:.0f} s"
    )
    from bench.report import record

    record(
        "trace_codes_100k_s",
        round(best * 100_000 / args.count, 2),
        codes=args.count,
        seconds=[round(t, 2) for t in times],
    )
    if args.drop:
        connection.creation.destroy_test_db(name, verbosity=0)
    return 0 if best <= TARGET_SECONDS * args.count / 100_000 else 1


def _lot():
    from decimal import Decimal

    from oscar.core.loading import get_model

    from catalog.models import Producer
    from market.models import Province
    from traceability.gs1 import gtin_check_digit
    from traceability.models import Lot

    Partner = get_model("partner", "Partner")
    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    province, _ = Province.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    partner, _ = Partner.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    producer, _ = Producer.objects.get_or_create(
        slug="bench",
        defaults={"partner": partner, "name": "Bench", "kind": "household", "province": province},
    )
    product_class, _ = ProductClass.objects.get_or_create(slug="bench", defaults={"name": "B"})
    product = Product.objects.filter(title="Bench tea").first() or Product.objects.create(
        title="Bench tea", product_class=product_class
    )
    gtin = "952000000001" + "0"
    gtin = gtin[:-1] + str(gtin_check_digit(gtin[:-1]))
    lot, _ = Lot.objects.get_or_create(
        gtin=gtin.zfill(14),
        code="BENCH1",
        defaults={"product": product, "producer": producer, "quantity": Decimal(1)},
    )
    return lot


if __name__ == "__main__":
    sys.exit(main())
