"""Service fixtures for tests/services/: localstripe, a local Stripe API, run in-process."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

import pytest

from tests.conftest import require

LOCALSTRIPE_START_TIMEOUT = 10.0


@dataclass
class LocalStripe:
    url: str = ""
    # (method, path, Idempotency-Key header) of every request the server received.
    requests: list[tuple[str, str, str]] = field(default_factory=list)

    def posts(self, path_prefix: str) -> list[tuple[str, str, str]]:
        return [r for r in self.requests if r[0] == "POST" and r[1].startswith(path_prefix)]


@pytest.fixture(scope="session")
def localstripe_server():
    """localstripe's aiohttp app on 127.0.0.1 (a free port) in a thread with its own loop."""
    try:
        from aiohttp import web
        from localstripe import resources, server
    except ImportError as exc:  # pragma: no cover - the package is in requirements-dev
        require("localstripe", False, f"the localstripe package cannot be imported ({exc})")

    # Keep its data in memory: by default it pickles everything to /tmp after each write.
    resources.store.dump_to_disk = lambda: None
    resources.store.clear()
    state = LocalStripe()

    @web.middleware
    async def record(request, handler):
        state.requests.append(
            (request.method, request.path, request.headers.get("Idempotency-Key", ""))
        )
        return await handler(request)

    server.app.middlewares.insert(0, record)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    failures: list[BaseException] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(server.app, access_log=None)
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            state.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        except BaseException as exc:  # reported to the test below
            failures.append(exc)
            started.set()
            return
        started.set()
        loop.run_forever()
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=serve, name="localstripe", daemon=True)
    thread.start()
    in_time = started.wait(LOCALSTRIPE_START_TIMEOUT)
    require(
        "localstripe",
        in_time and not failures,
        f"it did not start within {LOCALSTRIPE_START_TIMEOUT:.0f} s ({failures or 'timeout'})",
    )
    try:
        yield state
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)


@pytest.fixture
def localstripe(localstripe_server, settings):
    """Stripe settings pointed at localstripe, with a webhook signing secret for tests."""
    from localstripe import resources, webhooks

    settings.STRIPE_SECRET_KEY = "sk_test_choso_localstripe"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_choso_localstripe"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_choso_localstripe"
    settings.STRIPE_API_BASE = localstripe_server.url
    localstripe_server.requests.clear()
    yield localstripe_server
    webhooks._webhooks.clear()
    resources.store.clear()
