"""A real Celery worker on a real Redis broker runs a task sent from the site."""

import pytest

from tests.conftest import use_broker

pytestmark = pytest.mark.services


def test_worker_runs_a_task_through_redis(redis_url, celery_worker):
    from config.celery_app import app

    # use_broker drops the cached broker pools and result backend: another test may already
    # have used the app with no backend, and Celery would keep answering "no result backend".
    use_broker(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    try:
        result = app.send_task("config.ping")
        assert result.get(timeout=60) == "pong"
    finally:
        use_broker(broker_url="memory://", result_backend=None, task_always_eager=True)
