"""How a benchmark script hands its figures to ``make bench`` (``bench/run.py``).

``run.py`` starts each script with ``BENCH_JSON`` naming a file; ``record`` adds one figure under
the issue's key, with the raw measurements it came from. Run by hand (no ``BENCH_JSON``), a
script only prints. ``QUICK=1`` asks for the reduced run (fewer requests, smaller data).
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def quick() -> bool:
    return os.environ.get("QUICK", "") not in ("", "0")


def record(key: str, value: float | int | None, **raw) -> None:
    """Store ``value`` under ``key`` (and ``raw`` beside it) in the file ``BENCH_JSON`` names."""
    path = os.environ.get("BENCH_JSON")
    if not path:
        return
    file = Path(path)
    data = json.loads(file.read_text()) if file.exists() else {"figures": {}, "raw": {}}
    data["figures"][key] = value
    if raw:
        data["raw"][key] = raw
    file.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
