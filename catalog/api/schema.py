"""OpenAPI schema hooks: document only the public API under /api/ (not Wagtail's admin API)."""


def only_public_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
