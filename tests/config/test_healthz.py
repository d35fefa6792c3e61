"""/healthz reports database, cache and broker."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_ok_in_embedded_default(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body == {"status": "ok", "database": "ok", "cache": "ok", "broker": "eager"}


def test_healthz_reports_unreachable_broker_as_503(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"


def test_pages_refuse_framing_but_wagtail_previews_may_frame(client):
    assert client.get("/healthz")["X-Frame-Options"] == "DENY"
    assert client.get("/cms/login/")["X-Frame-Options"] == "SAMEORIGIN"
