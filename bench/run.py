"""``make bench``: every benchmark in one run, a summary table, ``bench/results/latest.json``.

Each script under ``bench/`` measures one hot path against a baseline in the same run and
records its figures under the issue's keys (``bench/report.py``). This runner starts them one
after the other (so they do not compete for the cores), on the database ``DATABASE_URL`` names
(PostgreSQL in earnest; each script makes its own throw-away database), prints every figure
against its goal, and writes the figures, the goals and the raw measurements to
``bench/results/latest.json``. ``QUICK=1`` runs the reduced versions (under 3 minutes).

Exit status: 0 when every script ran and every goal measured was met; 1 otherwise (the table
says which). A figure a script could not measure here (PostgreSQL-only, say) is listed as
"not measured" with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "latest.json"

# (script, arguments, arguments with QUICK=1)
SCRIPTS = [
    ("bench_qr", [], []),  # seconds either way; fewer passes are noise
    ("bench_scan_page", [], ["--requests", "60"]),
    ("bench_pages", [], ["--requests", "3"]),
    ("bench_cms_home", [], ["--requests", "60"]),
    ("bench_storefront", [], ["--sizes", "26", "--pairs", "1", "--seconds", "2"]),
    ("bench_board", [], ["--sales", "100000", "--requests", "5"]),
    ("bench_rollups", [], ["--small", "2000", "--large", "20000"]),
    ("bench_trace_issue", [], ["--runs", "1"]),
    ("bench_standees", [], ["--rounds", "1"]),
    ("bench_labels", [], ["--count", "250"]),
    ("bench_bankfeed", [], []),
    ("bench_speaker", [], ["--webhooks", "5"]),
]

# key: (comparison, goal, what it is)
GOALS: dict[str, tuple[str, float, str]] = {
    "qr_png_speedup": (">=", 20, "payment QR PNG renders/s ÷ qrcode.make"),
    "storefront_rps_ratio": (">=", 2, "storefront req/s ÷ vanilla Oscar (lowest page)"),
    "scan_page_rps_ratio": (">=", 3, "scan page req/s ÷ product page"),
    "scan_page_bytes": ("<=", 30_000, "scan page HTML + CSS bytes"),
    "bank_feed_intake_per_s": (">=", 1_000, "signed webhooks stored per second"),
    "bank_feed_reconcile_per_s": (">=", 0, "webhooks reconciled per second (worker)"),
    "bank_feed_duplicates": ("==", 0, "sales duplicated by replaying the batch"),
    "trace_codes_100k_s": ("<=", 5, "seconds to issue 100,000 serial codes"),
    "dashboard_scaling": ("<=", 1.5, "board page time, 1,000,000 ÷ 1,000 sales"),
    "rollups_scaling": ("<=", 2, "rollup time, large ÷ small ledger (worst)"),
    "queries_growth": ("==", 0, "extra queries per page with 10× the data"),
    "page_bytes_max": ("<=", 60_000, "heaviest page, HTML + CSS + JS bytes"),
    "speaker_latency_s": ("<=", 3, "webhook accepted → amount on the speaker page"),
    "standee_batch_60_s": ("<=", 20, "seconds for a 60-stall standee PDF"),
    "labels_1000_s": ("<=", 30, "seconds for a 1,000-label PDF"),
    "cms_home_cache_ratio": (">=", 2, "home page req/s from cache ÷ uncached"),
}
COMPARE = {">=": operator.ge, "<=": operator.le, "==": operator.eq}


def run_script(name: str, args: list[str], directory: Path) -> dict:
    script = ROOT / "bench" / f"{name}.py"
    if not script.exists():
        return {"exit": None, "seconds": 0, "note": "script not present"}
    out = directory / f"{name}.json"
    # One throw-away test database for all (migrated once, kept for the next run).
    env = {**os.environ, "BENCH_JSON": str(out), "CHOSO_TEST_DB": "bench"}
    print(f"\n== bench/{name}.py {' '.join(args)}", flush=True)
    started = time.perf_counter()
    try:
        code = subprocess.run(
            [sys.executable, str(script), *args], env=env, cwd=ROOT, timeout=30 * 60
        ).returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    seconds = round(time.perf_counter() - started, 1)
    data = json.loads(out.read_text()) if out.exists() else {"figures": {}, "raw": {}}
    return {"exit": code, "seconds": seconds, **data}


def main() -> int:
    quick = os.environ.get("QUICK", "") not in ("", "0")
    database = os.environ.get("DATABASE_URL", "").split("://", 1)[0] or "sqlite"
    figures: dict = {}
    raw: dict = {}
    scripts: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        for name, args, quick_args in SCRIPTS:
            result = run_script(name, quick_args if quick else args, Path(directory))
            figures.update(result.pop("figures", {}))
            raw.update(result.pop("raw", {}))
            scripts[name] = result
    met: dict[str, bool | None] = {}
    print(f"\n{'key':<28} {'figure':>12}  {'goal':<10} {'':<4} what")
    for key, (comparison, goal, what) in GOALS.items():
        value = figures.get(key)
        met[key] = None if value is None else COMPARE[comparison](value, goal)
        shown = "not measured" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")
        verdict = {None: "—", True: "ok", False: "MISS"}[met[key]]
        print(f"{key:<28} {shown:>12}  {comparison} {goal:<7,} {verdict:<4} {what}")
    for key in sorted(set(figures) - set(GOALS)):
        value = figures[key]
        shown = json.dumps(value) if isinstance(value, dict) else f"{value}"
        print(f"{key:<28} {shown}")
    failed_scripts = [
        name for name, result in scripts.items() if result["exit"] not in (0, None, 2)
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "quick": quick,
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "database": database,
                },
                "figures": figures,
                "goals": {key: [c, goal] for key, (c, goal, _) in GOALS.items()},
                "met": met,
                "scripts": scripts,
                "raw": raw,
            },
            indent=2,
            ensure_ascii=False,
            default=str,
        )
        + "\n"
    )
    print(f"\nwritten: {RESULTS.relative_to(ROOT)}")
    if failed_scripts:
        print(f"scripts that failed: {', '.join(failed_scripts)}", file=sys.stderr)
    missed = [key for key, ok in met.items() if ok is False]
    if missed:
        print(f"goals missed: {', '.join(missed)}", file=sys.stderr)
    return 1 if failed_scripts or missed else 0


if __name__ == "__main__":
    sys.exit(main())
