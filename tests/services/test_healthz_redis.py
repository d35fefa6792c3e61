"""/healthz with a real Redis as cache and broker: 200 while it runs, 503 once it stops."""

import subprocess

import pytest

from tests.conftest import free_port, wait_for_port

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_healthz_turns_503_when_redis_stops(client, settings, redis_server_binary, tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [
            redis_server_binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        assert wait_for_port(port), "redis-server did not start"
        url = f"redis://127.0.0.1:{port}/0"
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.CELERY_BROKER_URL = url

        up = client.get("/healthz")
        assert up.status_code == 200
        assert up.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}

        server.terminate()
        server.wait(timeout=10)
        down = client.get("/healthz")
        assert down.status_code == 503
        body = down.json()
        assert body["cache"].startswith("error") and body["broker"].startswith("error")
        assert body["database"] == "ok"
    finally:
        server.kill()
        server.wait()
