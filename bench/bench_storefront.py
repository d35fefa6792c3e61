"""Benchmark: requests/s of the storefront vs a vanilla django-oscar 4.2.1 shop, same products.

Run from the project root: ``.venv/bin/python bench/bench_storefront.py [--sizes 26,5000]
[--pairs 3] [--seconds 5]`` (``QUICK=1``: 26 products, one pair, 2 s per run). On the database
``DATABASE_URL`` names (PostgreSQL in earnest), SQLite files under ``.local/`` when unset.

Two sites, each with the same products (bench/storefront_data.py): the project's 26 demo
products (its own ``seed_demo``) and, for the larger size, 4,974 synthetic ones — titles,
prices, categories and partners the same in both, a stock record each:

- project: ``config.settings``, ``DEBUG`` off, its cache on a redis-server of this run;
- vanilla: bench/vanilla_oscar/ — stock Oscar apps and templates, Haystack's Whoosh backend
  as in Oscar's sandbox (the documented SimpleEngine lists no products, django-oscar #4366),
  no caching of its own.

Each site and size has a template database (``choso_bench_sf_<site>_<size>_tpl``, with its
photos and Whoosh index under ``.local/bench-storefront/``), filled on first use and again when
the migrations or the loader change; each run copies it to a throw-away database (dropped at
the end) and runs ANALYZE. Both sites run under gunicorn with the repository's
``gunicorn.conf.py`` and ``--workers 2``, on 127.0.0.1, stopped at the end (also on error).

Pages: the catalogue, one demo product's page, a search for "chè" and the empty basket. Each
answer is checked first (200; the catalogue and search list products; the product page shows
its title). Then wrk (``/usr/bin/wrk``, 2 threads, 8 connections, ``--seconds`` per run; again
for longer, up to 40 s, when a page answered fewer than 30 times) loads each page of each
site, project and vanilla alternating, in ``--pairs`` pairs; the figure per
page is project ÷ vanilla of the median requests/s. ``storefront_rps_ratio`` is the lowest over
the pages and sizes (raw: requests/s and p95 per site, page and size). Exits 1 when it is
below 2.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from hashlib import sha256
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.report import quick, record  # noqa: E402
from bench.stack import (  # noqa: E402
    admin_connection,
    database_url,
    free_port,
    is_postgres,
    stop,
    wait_for_port,
)

PYTHON = sys.executable
BIN = Path(PYTHON).parent
DATA = ROOT / ".local" / "bench-storefront"
TARGET_RATIO = 2.0
DEMO_PRODUCTS = 26
SEARCH_WORD = "chè"
PRODUCT_TITLE = "Chè Tân Cương móc câu thượng hạng 200g"
CONNECTIONS = 8
MIN_REQUESTS = 10 if quick() else 30  # answers per wrk run, else again for longer (run_wrk)
MAX_SECONDS = 40
SITES = {
    "project": ("config.settings", "config.wsgi"),
    "vanilla": ("bench.vanilla_oscar.settings", "bench.vanilla_oscar.wsgi"),
}
PAGES = ("catalogue", "product", "search", "basket")

WRK_SCRIPT = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"seconds": %f, "requests": %d, "p50_ms": %f, "p95_ms": %f, ' ..
    '"non_2xx": %d, "socket_errors": %d}\n', summary.duration / 1e6, summary.requests,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


# --- Databases: a filled template per site and size, a copy per run ---------------------------


class Databases:
    """PostgreSQL (``DATABASE_URL``) or SQLite files: templates, copies, ANALYZE, drop."""

    def __init__(self, base: str):
        self.base = base
        self.postgres = is_postgres(base)

    def url(self, name: str) -> str:
        if not self.postgres:
            return f"sqlite:///{DATA / (name + '.sqlite3')}"
        return database_url(self.base, name)

    def _admin(self):
        return admin_connection(self.base)

    def digest(self, name: str) -> str | None:
        if not self.postgres:
            mark = DATA / (name + ".digest")
            return mark.read_text() if mark.exists() else None
        with self._admin() as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
        return row[0] if row else None

    def create(self, name: str, template: str | None = None) -> None:
        self.drop(name)
        if not self.postgres:
            if template:
                shutil.copyfile(DATA / (template + ".sqlite3"), DATA / (name + ".sqlite3"))
            return
        with self._admin() as conn:
            conn.execute(
                f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
            )

    def mark(self, name: str, digest: str) -> None:
        if not self.postgres:
            (DATA / (name + ".digest")).write_text(digest)
            return
        with self._admin() as conn:
            conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{digest}'")

    def analyze(self, name: str) -> None:
        """Planner statistics: without them the catalogue's rate halves on PostgreSQL."""
        if not self.postgres:
            with sqlite3.connect(DATA / (name + ".sqlite3")) as conn:
                conn.execute("ANALYZE")
            return
        import psycopg

        with psycopg.connect(self.url(name), autocommit=True) as conn:
            conn.execute("ANALYZE")

    def product_path(self, name: str) -> str:
        query = "SELECT id, slug FROM catalogue_product WHERE title = %s ORDER BY id LIMIT 1"
        if not self.postgres:
            with sqlite3.connect(DATA / (name + ".sqlite3")) as conn:
                pk, slug = conn.execute(query.replace("%s", "?"), [PRODUCT_TITLE]).fetchone()
        else:
            import psycopg

            with psycopg.connect(self.url(name)) as conn:
                pk, slug = conn.execute(query, [PRODUCT_TITLE]).fetchone()
        return f"/shop/catalogue/{slug}_{pk}/"

    def drop(self, name: str) -> None:
        if not self.postgres:
            (DATA / (name + ".sqlite3")).unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                (DATA / (name + ".sqlite3" + suffix)).unlink(missing_ok=True)
            return
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def loader_digest() -> str:
    """Changes when a migration or the data the templates hold would change."""
    digest = sha256()
    files = sorted(ROOT.glob("*/migrations/*.py")) + [
        ROOT / "bench" / "storefront_data.py",
        ROOT / "bench" / "vanilla_oscar" / "settings.py",
        ROOT / "catalog" / "demo.py",
    ]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return "choso bench storefront " + digest.hexdigest()[:16]


def site_folder(dbs: Databases, site: str, size: int) -> Path:
    """The photos and Whoosh index of one template (one per database engine)."""
    return DATA / ("postgresql" if dbs.postgres else "sqlite") / f"{site}-{size}"


def site_env(site: str, database_url: str, folder: Path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": SITES[site][0],
        "DEBUG": "0",
        "MEDIA_ROOT": str(folder / "media"),
        "BENCH_WHOOSH_PATH": str(folder / "whoosh"),
    }
    env.pop("REDIS_URL", None)
    return env


def ensure_template(dbs: Databases, site: str, size: int) -> str:
    """The site's migrated database with ``size`` products (and its photos, its index)."""
    name = f"choso_bench_sf_{site}_{size}_tpl"
    wanted = loader_digest()
    folder = site_folder(dbs, site, size)
    if dbs.digest(name) == wanted and (folder / "media").is_dir():
        return name
    print(f"  filling the template {name}: migrations and products, a minute or two", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    dbs.create(name)
    env = site_env(site, dbs.url(name), folder)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    products = site_folder(dbs, "project", size) / "products.json"
    loader = [PYTHON, "-m", "bench.storefront_data", site, str(products), str(size - DEMO_PRODUCTS)]
    subprocess.run(loader, cwd=ROOT, env=env, check=True)
    dbs.analyze(name)
    dbs.mark(name, wanted)
    return name


# --- Load -------------------------------------------------------------------------------------


def check_page(port: int, page: str, path: str, size: int) -> int:
    """The page answers 200 and shows what a shopper came for; returns its size in bytes."""
    with urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        status, html = response.status, response.read().decode()
    assert status == 200, (port, path, status)
    links = set(re.findall(r'href="/shop/catalogue/[\w-]+_\d+/"', html))
    if page == "catalogue":
        assert len(links) >= min(20, size), (port, path, f"{len(links)} products listed")
    elif page == "search":
        assert len(links) >= 10, (port, path, f"{len(links)} products found")
    elif page == "product":
        assert PRODUCT_TITLE in html, (port, path, "no product title")
    return len(html.encode())


def run_wrk(
    port: int, path: str, seconds: int, workdir: Path, min_requests: int = MIN_REQUESTS
) -> dict:
    """One wrk run; a page so slow that fewer than ``MIN_REQUESTS`` answers came back (the
    vanilla shop's Whoosh search with 5,000 products takes seconds) is run again for longer,
    up to ``MAX_SECONDS``, so its rate is measured, not guessed from a handful."""
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)
    while True:
        output = subprocess.run(
            ["/usr/bin/wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s",
             "-s", str(script), f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, timeout=seconds + 90, check=True,
        ).stdout  # fmt: skip
        line = next(line for line in output.splitlines() if line.startswith("BENCH "))
        result = json.loads(line[6:])
        if result["requests"] >= min_requests or seconds >= MAX_SECONDS:
            break
        seconds = min(MAX_SECONDS, seconds * 4)
    result["rps"] = result["requests"] / result["seconds"]
    # wrk stops, the server does not: the requests it had accepted are still being answered.
    # Let them finish, so the next run (the other site) does not share the cores with them.
    time.sleep(min(15.0, 0.3 + 1.5 * result["p95_ms"] / 1e3))
    assert result["non_2xx"] == 0 and result["requests"] >= min(min_requests, 1), (path, result)
    return result


def measure_size(
    dbs: Databases, size: int, pairs: int, seconds: int, workdir: Path, pages=PAGES
) -> dict:
    """Median requests/s and p95 of each page of each site with ``size`` products."""
    templates = {site: ensure_template(dbs, site, size) for site in SITES}  # project first
    runs = {site: f"choso_bench_sf_{site}_{size}_{os.getpid()}" for site in SITES}
    servers: dict[str, subprocess.Popen] = {}
    redis = None
    try:
        redis_port = free_port()
        redis = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(redis_port), "--bind",
             "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        if not wait_for_port(redis_port):
            raise RuntimeError("redis-server did not start")
        ports, paths = {}, {}
        for site in SITES:
            dbs.create(runs[site], template=templates[site])
            dbs.analyze(runs[site])
            env = site_env(site, dbs.url(runs[site]), site_folder(dbs, site, size))
            if site == "project":
                env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            ports[site] = free_port()
            log = workdir / f"gunicorn-{site}.log"
            servers[site] = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--workers", "2",
                 "--bind", f"127.0.0.1:{ports[site]}", "--error-logfile", str(log),
                 SITES[site][1]],
                cwd=ROOT, env=env,
            )  # fmt: skip
            paths[site] = {
                "catalogue": "/shop/catalogue/",
                "product": dbs.product_path(runs[site]),
                "search": f"/shop/search/?q={quote(SEARCH_WORD)}",
                "basket": "/shop/basket/",
            }
        for site in SITES:
            if not wait_for_port(ports[site]):
                raise RuntimeError(f"gunicorn ({site}) did not start")
        sizes = {}
        for site in SITES:  # checked (and the thumbnails made, the fragments kept)
            for page in PAGES:
                for _ in range(4):
                    sizes[f"{site} {page}"] = check_page(ports[site], page, paths[site][page], size)
        for site in () if quick() else SITES:  # every worker and thread warm, untimed
            for page in pages:
                run_wrk(ports[site], paths[site][page], 1, workdir, min_requests=0)
        rps: dict[str, list[float]] = {f"{s} {p}": [] for s in SITES for p in pages}
        p95: dict[str, list[float]] = {key: [] for key in rps}
        for pair in range(pairs):
            for page in pages:
                order = list(SITES) if pair % 2 == 0 else list(SITES)[::-1]
                for site in order:
                    result = run_wrk(ports[site], paths[site][page], seconds, workdir)
                    rps[f"{site} {page}"].append(result["rps"])
                    p95[f"{site} {page}"].append(result["p95_ms"])
        return {
            "rps": {key: round(statistics.median(values), 1) for key, values in rps.items()},
            "p95_ms": {key: round(statistics.median(values), 1) for key, values in p95.items()},
            "runs_rps": {key: [round(v, 1) for v in values] for key, values in rps.items()},
            "html_bytes": sizes,
            "paths": paths,
        }
    finally:
        for process in servers.values():
            stop(process)
        stop(redis)
        for name in runs.values():
            dbs.drop(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="26" if quick() else "26,5000", help="product counts")
    parser.add_argument("--pairs", type=int, default=1 if quick() else 3, help="pairs per page")
    parser.add_argument("--seconds", type=int, default=2 if quick() else 5, help="per wrk run")
    parser.add_argument("--pages", default=",".join(PAGES), help="a subset, to work on one page")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    pages = tuple(page for page in PAGES if page in args.pages.split(","))
    if not Path("/usr/bin/wrk").exists():
        print("wrk is not installed (/usr/bin/wrk): apt-get install wrk.")
        return 2
    dbs = Databases(os.environ.get("DATABASE_URL", ""))
    DATA.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-storefront-", dir=ROOT / ".local"))
    print(
        f"Storefront vs vanilla Oscar: {'postgresql' if dbs.postgres else 'sqlite'}, "
        f"sizes {sizes}, {args.pairs} pair(s) of {args.seconds:g} s per page, gunicorn "
        f"--workers 2 each, wrk -t2 -c{CONNECTIONS} on 127.0.0.1"
    )
    try:
        results = {
            size: measure_size(dbs, size, args.pairs, args.seconds, workdir, pages)
            for size in sizes
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    ratios = {}
    print(f"{'products':>8} {'page':<10} {'project/s':>10} {'vanilla/s':>10} {'ratio':>7} "
          f"{'p95 ms (project, vanilla)':>27}")  # fmt: skip
    for size, result in results.items():
        for page in pages:
            project, vanilla = result["rps"][f"project {page}"], result["rps"][f"vanilla {page}"]
            ratios[f"{page} {size}"] = round(project / vanilla, 2)
            slow = f"{result['p95_ms'][f'project {page}']}, {result['p95_ms'][f'vanilla {page}']}"
            print(
                f"{size:>8} {page:<10} {project:>10.1f} {vanilla:>10.1f} "
                f"{ratios[f'{page} {size}']:>7.2f} {slow:>27}"
            )
    lowest = min(ratios, key=ratios.get)
    print(f"lowest ratio: {lowest} ×{ratios[lowest]:.2f} (target ≥ ×{TARGET_RATIO:.0f})")
    record(
        "storefront_rps_ratio",
        ratios[lowest],
        lowest=lowest,
        ratios=ratios,
        per_size={str(size): result for size, result in results.items()},
        pairs=args.pairs,
        seconds_per_run=args.seconds,
        connections=CONNECTIONS,
        database="postgresql" if dbs.postgres else "sqlite",
    )
    if ratios[lowest] < TARGET_RATIO:
        print("FAIL: storefront below target ratio", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
