"""gunicorn settings, read from the project root: ``gunicorn config.wsgi``.

Threaded workers (``gthread``), one process per core with several threads each. A request
here mostly waits — on PostgreSQL's commit (a disk flush), on Redis — and a waiting thread
lets another run; concurrent commits are flushed together by PostgreSQL, so a bank feed's
burst of webhooks is not limited to one flush per worker at a time (``make bench``:
bench/bench_bankfeed.py). Each thread keeps its own database connection (``CONN_MAX_AGE``):
workers × threads connections in all, well under PostgreSQL's default of 100.

Environment: ``GUNICORN_BIND`` (127.0.0.1:8000), ``WEB_CONCURRENCY`` (worker processes: the
cores), ``GUNICORN_THREADS`` (8 per worker).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# Keep-alive for clients that send several requests (an aggregator's retries, the load
# generator); a proxy in front usually keeps its own connections.
keepalive = 5
# Bodies are read by Django, which limits them (BANK_FEED_MAX_BODY_BYTES, DATA_UPLOAD_…).
timeout = 30
graceful_timeout = 30
