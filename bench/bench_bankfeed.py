"""Benchmark: signed bank-feed webhooks accepted per second by the running site, and reconciled.

Run from the project root with PostgreSQL, e.g.
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/choso .venv/bin/python bench/bench_bankfeed.py``
(``QUICK=1``: a reduced run, under 3 minutes once the template below exists).

Everything runs on 127.0.0.1 and stops by itself:

- a throw-away database copied from a migrated template (``choso_bench_bankfeed_tpl`` on the
  ``DATABASE_URL`` server, migrated on first use and again when a migration changes; kept), the
  copy dropped at the end — never the developer's database;
- 40 stalls of 4 markets of one province, each stall receiving into its own account;
- a redis-server of its own on a free port (broker), stopped at the end;
- gunicorn with the repository's ``gunicorn.conf.py`` (``BENCH_GUNICORN_ARGS`` adds or
  overrides options, e.g. ``"--workers 2 --threads 1"``), ``DEBUG`` off; the settings are
  ``bench/bankfeed_site.py``: the site plus ``/bench/hello``, a bare view behind every
  middleware;
- wrk (``/usr/bin/wrk``; a Python keep-alive load generator with threads otherwise) sends a
  bounded number of requests per case: the hello view, N signed SePay webhooks (each with a
  transaction id of its own, signed with ``payments.bankfeed.codec``), ``/healthz``, hello again.

Then every webhook must have been stored exactly once (N events, N deliveries, no rejection).
A real Celery worker (prefork, one process per core) on that Redis reconciles the N events
into stall sales (money into the stalls' accounts from its printed QR); the rate is taken from
the events' processed times. The whole batch is then replayed (signed again): every answer
must be a duplicate, and nothing may be counted twice (``bank_feed_duplicates``: extra
events, sales, reconciliation logs).

Prints a table; with ``BENCH_JSON=<file>`` also writes the keys ``bank_feed_intake_per_s``,
``bank_feed_hello_per_s``, ``bank_feed_healthz_per_s``, ``bank_feed_reconcile_per_s``,
``bank_feed_duplicates`` and the raw measurements. Exits 1 when a target is missed:
intake below 1,000/s, duplicates above 0, a webhook not stored exactly once; 2 when
``DATABASE_URL`` is not PostgreSQL.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.report import record  # noqa: E402
from bench.stack import (  # noqa: E402
    admin_connection,
    database_url,
    ensure_template,
    free_port,
    is_postgres,
    stop,
    wait_for_port,
)

PYTHON = sys.executable
BIN = Path(PYTHON).parent
TARGET_INTAKE_PER_S = 1_000
QUICK = os.environ.get("QUICK") == "1"
WEBHOOKS = int(os.environ.get("BENCH_WEBHOOKS", 1_200 if QUICK else 10_000))
HELLO = int(os.environ.get("BENCH_HELLO", 2_000 if QUICK else 10_000))
ROUNDS = 3
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
TEMPLATE = "choso_bench_bankfeed_tpl"
STALLS = 40  # a market day: the webhooks' money goes to 40 stalls in turn,
MARKETS = 4  # of 4 markets of one province (a market's sales are decided one at a time)
WEBHOOK_PATH = "/pay/webhooks/bank/sepay/"

WRK_SCRIPT = r"""
-- Each thread sends its share of the requests in requests.tsv (path, method, headers, body),
-- then stops; statuses are counted per thread and summed in done().
local threads = {}
local nthreads = tonumber(os.getenv("BENCH_WRK_THREADS"))
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  local tid = tonumber(wrk.thread:get("tid"))
  reqs = {}
  local n = 0
  for line in io.lines(os.getenv("BENCH_WRK_REQUESTS")) do
    if n % nthreads == tid then
      local field = "([^\t]*)\t"
      local path, method, ts, sig, body = line:match("^" .. field:rep(4) .. "(.*)$")
      local headers = {}
      if ts ~= "" then
        headers["Content-Type"] = "application/json"
        headers["X-Choso-Timestamp"] = ts
        headers["X-Choso-Signature"] = sig
      end
      if body == "" then body = nil end
      table.insert(reqs, wrk.format(method, path, headers, body))
    end
    n = n + 1
  end
  sent, answered, ok, other = 0, 0, 0, 0
end
function request()
  sent = sent + 1
  local i = sent
  if i > #reqs then i = #reqs end  -- a last few in flight while the thread stops
  return reqs[i]
end
function response(status, headers, body)
  answered = answered + 1
  if status == 200 then ok = ok + 1 else other = other + 1 end
  if answered == #reqs then
    -- wrk runs for its whole -d otherwise: the bench sees this file and interrupts it.
    local name = os.getenv("BENCH_WRK_REQUESTS") .. ".done." .. wrk.thread:get("tid")
    local marker = io.open(name, "w")
    marker:close()
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format('BENCH {"seconds": %f, "requests": %d, "ok": %d, "other": %d, ' ..
    '"p50_ms": %f, "p99_ms": %f, "socket_errors": %d}\n', summary.duration / 1e6,
    summary.requests, total_ok, total_other, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, e.connect + e.read + e.write + e.timeout))
end
"""


# --- The run's data and load ------------------------------------------------------------------


def stall_account(index: int) -> str:
    return f"098765{index:04d}"


def webhook_lines(secret: str, ids: range) -> list[str]:
    """One signed SePay notification per transaction id: money into the bench stall's account."""
    from payments.bankfeed.codec import compute_signature

    timestamp = str(int(time.time()))
    lines = []
    for transaction_id in ids:
        body = json.dumps(
            {
                "id": transaction_id,
                "gateway": "Vietcombank",
                "transactionDate": "2026-11-30 08:15:00",
                "accountNumber": stall_account(transaction_id % STALLS),
                "code": None,
                "content": f"CK mua rau {transaction_id}",
                "transferType": "in",
                "transferAmount": 10_000 + transaction_id % 500 * 1_000,
                "accumulated": 0,
                "subAccount": None,
                "referenceCode": f"FT26334{transaction_id:08d}",
                "description": "",
            },
            separators=(",", ":"),
        )
        signature = compute_signature(secret, timestamp, body.encode())
        lines.append(f"{WEBHOOK_PATH}\tPOST\t{timestamp}\t{signature}\t{body}")
    return lines


def chunks(ids: range, count: int) -> list[range]:
    size = -(-len(ids) // count)
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def combined(results: list[dict]) -> dict:
    """Rounds of one case as one: counts summed, rates and latencies their medians."""
    total = {key: sum(r[key] for r in results) for key in ("expected", "other", "socket_errors")}
    for key in ("per_s", "p50_ms", "p99_ms"):
        total[key] = statistics.median(r[key] for r in results)
    total["rounds_per_s"] = [round(r["per_s"], 1) for r in results]
    return total


def get_lines(path: str, count: int) -> list[str]:
    return [f"{path}\tGET\t\t\t"] * count


def run_wrk(port: int, lines: list[str], workdir: Path) -> dict:
    requests = workdir / "requests.tsv"
    requests.write_text("\n".join(lines) + "\n")
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)
    threads = 2 if len(lines) >= 2 else 1
    env = {**os.environ, "BENCH_WRK_REQUESTS": str(requests), "BENCH_WRK_THREADS": str(threads)}
    for marker in workdir.glob("requests.tsv.done.*"):
        marker.unlink()
    timeout = max(60, len(lines) / 50)  # bounded: never slower than 50/s
    process = subprocess.Popen(
        ["/usr/bin/wrk", f"-t{threads}", f"-c{CONNECTIONS}", f"-d{int(timeout)}s", "--timeout",
         "10s", "-s", str(script), f"http://127.0.0.1:{port}/"],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(workdir.glob("requests.tsv.done.*"))) == threads:
            process.send_signal(signal.SIGINT)  # wrk stops and reports the time so far
            break
        time.sleep(0.005)
    output, _ = process.communicate(timeout=60)
    result = json.loads(next(line[6:] for line in output.splitlines() if line.startswith("BENCH ")))
    result["expected"] = len(lines)
    return result


def run_python(port: int, lines: list[str], workdir: Path) -> dict:
    """Threads with keep-alive connections, each sending its share once (wrk is better)."""
    shares = [lines[i::CONNECTIONS] for i in range(CONNECTIONS)]
    counts = {"ok": 0, "other": 0}
    latencies: list[float] = []
    lock = threading.Lock()

    def send(share):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        ok = other = 0
        mine = []
        for line in share:
            path, method, ts, sig, body = line.split("\t", 4)
            headers = {}
            if ts:
                headers = {
                    "Content-Type": "application/json",
                    "X-Choso-Timestamp": ts,
                    "X-Choso-Signature": sig,
                }
            started = time.perf_counter()
            conn.request(method, path, body=body.encode() or None, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status == 200:
                ok += 1
            else:
                other += 1
        conn.close()
        with lock:
            counts["ok"] += ok
            counts["other"] += other
            latencies.extend(mine)

    workers = [threading.Thread(target=send, args=(share,)) for share in shares if share]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "seconds": seconds,
        "requests": len(lines),
        **counts,
        "p50_ms": latencies[len(latencies) // 2] * 1e3,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1e3,
        "socket_errors": 0,
        "expected": len(lines),
    }


def load(port: int, lines: list[str], workdir: Path) -> dict:
    if Path("/usr/bin/wrk").exists() and os.environ.get("BENCH_LOADGEN") != "python":
        result = run_wrk(port, lines, workdir)
    else:
        result = run_python(port, lines, workdir)
    result["per_s"] = result["expected"] / result["seconds"]
    return result


# --- Data -------------------------------------------------------------------------------------


def seed_stall() -> None:
    """The stalls of the markets, each with its own account receiving the webhooks' money."""
    from market.models import Market, Stall
    from tests import factories

    markets = [
        Market.objects.create(
            name=f"Chợ Bench {number + 1}",
            slug=f"bench-bankfeed-{number + 1}",
            commune=factories.commune(),
        )
        for number in range(MARKETS)
    ]
    for index in range(STALLS):
        Stall.objects.create(
            market=markets[index % MARKETS],
            code=f"B-{index + 1:02d}",
            name=f"Rau Bench {index + 1}",
            goods_category="vegetables",
            stallholder_name="Nguyễn Văn An",
            bank_bin="970436",
            account_number=stall_account(index),
            account_holder="NGUYEN VAN AN",
        )


def stored_counts(ids: range) -> dict:
    from django.db.models import Count

    from market.models import Sale
    from payments.models import (
        BankFeedDelivery,
        BankFeedEvent,
        BankFeedRejection,
        ReconciliationLog,
    )

    wanted = [str(i) for i in ids]
    events = BankFeedEvent.objects.filter(provider="sepay", transaction_id__in=wanted)
    return {
        "events": events.count(),
        "distinct_ids": events.values("transaction_id").distinct().count(),
        "deliveries": BankFeedDelivery.objects.count(),
        "rejections": BankFeedRejection.objects.count(),
        "waiting": events.filter(status=BankFeedEvent.Status.RECEIVED).count(),
        "matched": events.filter(status=BankFeedEvent.Status.MATCHED).count(),
        "sales": Sale.objects.filter(bank_event__in=events).count(),
        "events_with_two_sales": Sale.objects.filter(bank_event__in=events)
        .values("bank_event")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "logs": ReconciliationLog.objects.filter(event__in=events).count(),
    }


def stored_ids(ids: range) -> set[int]:
    from payments.models import BankFeedEvent

    wanted = [str(i) for i in ids]
    return {
        int(value)
        for value in BankFeedEvent.objects.filter(
            provider="sepay", transaction_id__in=wanted
        ).values_list("transaction_id", flat=True)
    }


def processed_span(ids: range) -> float:
    from django.db.models import Max, Min

    from payments.models import BankFeedEvent

    span = BankFeedEvent.objects.filter(
        provider="sepay", transaction_id__in=[str(i) for i in ids]
    ).aggregate(first=Min("processed_at"), last=Max("processed_at"))
    return (span["last"] - span["first"]).total_seconds()


def wait_for(check, timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()


# --- The run ----------------------------------------------------------------------------------


def main() -> int:
    base = os.environ.get("DATABASE_URL", "")
    if not is_postgres(base):
        print("Set DATABASE_URL=postgres://… : this benchmark measures PostgreSQL.")
        return 2
    cores = os.cpu_count() or 1
    run_db = f"choso_bench_bankfeed_{os.getpid()}"
    ensure_template(base, TEMPLATE)
    with admin_connection(base) as conn:
        conn.execute(f'CREATE DATABASE "{run_db}" TEMPLATE "{TEMPLATE}"')
    (ROOT / ".local").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-bankfeed-", dir=ROOT / ".local"))
    redis = gunicorn = worker = None
    try:
        redis_port = free_port()
        redis = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(redis_port), "--bind",
             "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        if not wait_for_port(redis_port):
            raise RuntimeError("redis-server did not start")
        env = {
            **os.environ,
            "DATABASE_URL": database_url(base, run_db),
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
        }
        os.environ.update(env)
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection

        seed_stall()
        secret = settings.BANK_FEED_SECRETS["sepay"]

        port = free_port()
        extra = os.environ.get("BENCH_GUNICORN_ARGS", "").split()
        gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--bind",
             f"127.0.0.1:{port}", "--error-logfile",
             str(workdir / "gunicorn.log"), *extra, "config.wsgi"],
            cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "bench.bankfeed_site"},
        )  # fmt: skip
        if not wait_for_port(port):
            raise RuntimeError("gunicorn did not start: " + (workdir / "gunicorn.log").read_text())
        warm = 100 * CONNECTIONS
        load(port, get_lines("/bench/hello", warm), workdir)
        load(port, webhook_lines(secret, range(10**9, 10**9 + warm // 4)), workdir)
        load(port, get_lines("/healthz", warm // 4), workdir)

        ids = range(1, WEBHOOKS + 1)
        # ROUNDS rounds of (hello, a share of the webhooks), medians: the machine is shared,
        # and a burst of noise in one round does not decide the figure.
        figures = {}
        for number, chunk in enumerate(chunks(ids, ROUNDS), start=1):
            figures[f"hello_{number}"] = load(
                port, get_lines("/bench/hello", HELLO // ROUNDS), workdir
            )
            figures[f"webhooks_{number}"] = load(port, webhook_lines(secret, chunk), workdir)
        figures["healthz"] = load(port, get_lines("/healthz", HELLO // 2), workdir)
        figures["webhooks"] = combined([figures[f"webhooks_{n}"] for n in range(1, ROUNDS + 1)])
        figures["hello"] = combined([figures[f"hello_{n}"] for n in range(1, ROUNDS + 1)])
        # A request wrk lost to a socket error (it never resends one) is sent again, untimed,
        # and reported: the check below is on the server's work, not the load generator's.
        missing = sorted(set(ids) - stored_ids(ids))
        if missing:
            run_python(port, webhook_lines(secret, missing), workdir)
        figures["webhooks"]["resent_after_socket_errors"] = len(missing)
        stop(gunicorn)  # the worker gets the machine to itself
        stored = stored_counts(ids)

        worker = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "config", "worker", f"--concurrency={cores}",
             "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"bench-{os.getpid()}@%h"],
            cwd=ROOT, env=env, stdout=open(workdir / "worker.log", "wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        started = time.monotonic()
        reconciled = wait_for(lambda: stored_counts(ids)["waiting"] == 0, 120 + WEBHOOKS / 5)
        wall = time.monotonic() - started
        span = processed_span(ids) if stored["events"] > 1 else 0.0
        after_first = stored_counts(ids)

        # The whole batch again, signed anew: duplicates, and nothing counted twice.
        gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--bind",
             f"127.0.0.1:{port}", "--error-logfile", str(workdir / "gunicorn.log"), *extra,
             "config.wsgi"],
            cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "bench.bankfeed_site"},
        )  # fmt: skip
        if not wait_for_port(port):
            raise RuntimeError("gunicorn did not start again")
        load(port, get_lines("/bench/hello", warm), workdir)  # fresh processes: warm them
        figures["replay"] = load(port, webhook_lines(secret, ids), workdir)
        time.sleep(3)  # anything the replay enqueued (it should be nothing) gets worked
        wait_for(lambda: stored_counts(ids)["waiting"] == 0, 30)
        after_replay = stored_counts(ids)
        connection.close()
    finally:
        stop(worker)
        stop(gunicorn)
        stop(redis)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django never set up
            pass
        with admin_connection(base) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{run_db}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)

    hello = figures["hello"]["per_s"]
    intake = figures["webhooks"]["per_s"]
    healthz = figures["healthz"]["per_s"]
    reconcile_per_s = (WEBHOOKS - 1) / span if span > 0 else 0.0
    # Counted once everything is decided: one event, one sale, one decision per webhook.
    duplicates = (
        max(0, after_replay["events"] - WEBHOOKS)
        + max(0, after_replay["sales"] - WEBHOOKS)
        + max(0, after_replay["logs"] - WEBHOOKS)
        + after_replay["events_with_two_sales"]
    )
    stored_once = (
        stored["events"] == stored["distinct_ids"] == WEBHOOKS and stored["rejections"] == 0
    )
    loadgen = "wrk" if Path("/usr/bin/wrk").exists() else "python threads"
    print(
        f"Bank-feed intake benchmark: PostgreSQL, Python {platform.python_version()}, "
        f"{cores} cores, gunicorn.conf.py {' '.join(extra)}, {loadgen} with {CONNECTIONS} "
        f"connections, {WEBHOOKS:,} webhooks{' (QUICK)' if QUICK else ''}"
    )
    print(f"{'case':<22} {'requests':>9} {'per s':>8} {'p50 ms':>7} {'p99 ms':>7} {'non-200':>7}")
    for name, result in figures.items():
        name = f"{name} (median)" if name in ("hello", "webhooks") else name
        print(
            f"{name:<22} {result['expected']:>9,} {result['per_s']:>8.0f} "
            f"{result['p50_ms']:>7.2f} {result['p99_ms']:>7.2f} {result['other']:>7}"
        )
    print(
        f"intake {intake:,.0f}/s = ×{intake / hello:.2f} the hello view, "
        f"×{intake / healthz:.2f} /healthz (target ≥ {TARGET_INTAKE_PER_S:,}/s)"
    )
    print(
        f"stored: {stored['events']:,} events for {WEBHOOKS:,} webhooks "
        f"({stored['distinct_ids']:,} distinct), {stored['rejections']} rejections; "
        f"{figures['webhooks']['socket_errors']} wrk socket errors, "
        f"{figures['webhooks']['resent_after_socket_errors']} resent untimed"
    )
    print(
        f"reconciled: {after_first['matched']:,} of {WEBHOOKS:,} into {after_first['sales']:,} "
        f"sales, {reconcile_per_s:,.0f}/s by {cores} worker processes "
        f"({wall:.1f} s from the worker's start)"
    )
    print(
        f"replay: {figures['replay']['ok']:,} answered 200; after it {after_replay['events']:,} "
        f"events, {after_replay['sales']:,} sales, {after_replay['logs']:,} logs: "
        f"{duplicates} duplicates"
    )
    raw = {
        "quick": QUICK,
        "cores": cores,
        "gunicorn_args": extra,
        "load_generator": loadgen,
        "connections": CONNECTIONS,
        "webhooks": WEBHOOKS,
        "cases": figures,
        "stored": stored,
        "after_reconcile": after_first,
        "after_replay": after_replay,
        "reconcile_span_s": span,
        "reconcile_wall_s": wall,
    }
    record("bank_feed_intake_per_s", round(intake, 1), **raw)
    record("bank_feed_hello_per_s", round(hello, 1))
    record("bank_feed_healthz_per_s", round(healthz, 1))
    record("bank_feed_reconcile_per_s", round(reconcile_per_s, 1))
    record("bank_feed_duplicates", duplicates)
    failed = []
    if intake < TARGET_INTAKE_PER_S:
        failed.append(f"intake {intake:,.0f}/s below {TARGET_INTAKE_PER_S:,}/s")
    if not stored_once:
        failed.append("not every webhook was stored exactly once")
    if figures["webhooks"]["other"] or figures["replay"]["other"]:
        failed.append("some webhooks were not answered 200")
    if not reconciled or after_replay["matched"] != WEBHOOKS or after_replay["sales"] != WEBHOOKS:
        failed.append("not every event was reconciled into one sale")
    if duplicates:
        failed.append(f"{duplicates} duplicates after the replay")
    for problem in failed:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
