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
