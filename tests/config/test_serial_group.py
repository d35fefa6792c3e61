"""`make test` runs the suite on every core (pytest-xdist, --dist loadgroup); the tests that
start servers, workers or Chromium, or use the machine's Redis, share one group so they run on
one worker, one after another (tests/conftest.py)."""

import pytest

from tests.conftest import SERIAL_FIXTURES


def group_of(request):
    marker = request.node.get_closest_marker("xdist_group")
    return marker.args[0] if marker else None


def test_a_plain_test_is_spread_over_the_workers(request):
    assert group_of(request) is None


@pytest.mark.services
def test_a_service_test_joins_the_serial_group(request):
    assert group_of(request) == "services"


@pytest.mark.e2e
def test_a_browser_test_joins_the_serial_group(request):
    assert group_of(request) == "services"


@pytest.fixture
def celery_worker():
    """Stands in for tests/conftest.py's (no worker started): only the fixture's name counts."""


def test_a_test_using_a_server_fixture_joins_the_serial_group(request, celery_worker):
    assert "celery_worker" in SERIAL_FIXTURES
    assert group_of(request) == "services"


def test_every_process_collects_the_same_tests_at_any_time(tmp_path):
    """pytest-xdist refuses to run when its workers collect different test names (a parameter
    id made of the time, a signed header, or of a set's order differs between processes), and
    runs only one of several items that share a name."""
    import os
    import subprocess
    import sys
    from collections import Counter

    from tests.conftest import ROOT

    (tmp_path / "later_clock.py").write_text(
        "import time\n_real = time.time\ntime.time = lambda: _real() + 86_400 * 400 + 7\n"
    )
    collected = []
    for seed, plugins in (("1", []), ("2", ["-p", "later_clock"])):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path), env.get("PYTHONPATH")]))
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
             *plugins, "tests"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        collected.append([line for line in result.stdout.splitlines() if "::" in line])
    assert len(collected[0]) > 3000
    # xdist tells tests apart by name: of several items with one name, it runs one.
    repeated = sorted(name for name, count in Counter(collected[0]).items() if count > 1)
    assert repeated == []
    assert set(collected[0]) ^ set(collected[1]) == set()
    assert collected[0] == collected[1]
