"""/healthz with a real Redis as cache and broker: 200 while it runs, 503 once it stops."""

import pytest

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_healthz_turns_503_when_redis_stops(client, settings, throwaway_redis):
    url = throwaway_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",  # the site's own
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url

    up = client.get("/healthz")
    assert up.status_code == 200
    assert up.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}

    throwaway_redis.stop()
    down = client.get("/healthz")
    assert down.status_code == 503
    body = down.json()
    assert body["cache"].startswith("error") and body["broker"].startswith("error")
    assert body["database"] == "ok"
