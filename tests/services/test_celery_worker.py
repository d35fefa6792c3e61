"""A real Celery worker on a real Redis broker runs a task sent from the site."""

import pytest

from config.celery_app import app

pytestmark = pytest.mark.services


def test_worker_runs_a_task_through_redis(redis_url, celery_worker):
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    try:
        result = app.send_task("config.ping")
        assert result.get(timeout=60) == "pong"
    finally:
        app.conf.update(broker_url="memory://", result_backend=None, task_always_eager=True)
