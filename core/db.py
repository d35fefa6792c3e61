"""Database helpers that Django does not offer.

``preparing_cursor``: a PostgreSQL cursor whose statements are prepared on the server. Django
binds parameters on the client (it writes the values into the SQL text) and turns psycopg's
automatic preparing off, so PostgreSQL parses and plans every statement anew. For the one
statement a market day repeats a thousand times a second — the bank-feed webhook's insert —
a prepared statement halves PostgreSQL's CPU time per statement and saves the client the
quoting (measured in bench/: 0.39–0.49 ms against 0.16–0.21 ms of PostgreSQL CPU).

Prepared statements belong to one database session: behind a pooler in transaction mode
(PgBouncer before 1.21, or without ``max_prepared_statements``) they cannot be used; the
site's own connections (``CONN_MAX_AGE``) are sessions of their own.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from django.db.backends.postgresql.base import ServerBindingCursor

#: psycopg prepares a statement on its own after this many runs; Django sets None, which turns
#: preparing off altogether, even when a cursor asks for it. Django's cursors bind on the
#: client and never prepare, whatever the setting, so this changes nothing for them.
_NEVER_BY_ITSELF = sys.maxsize


class _PreparingCursor(ServerBindingCursor):
    """Parameters bound on the server, and each statement prepared (psycopg keeps the last
    100 per connection and prepares again after a reconnection)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


@contextmanager
def preparing_cursor(connection, *, health_check: bool = True):
    """``connection.cursor()`` (PostgreSQL only), but with the statements prepared.

    Everything Django's own cursor does still happens: the health check and (re)connection,
    the thread check, query logging when it is on, ``execute_wrapper``\\ s, and psycopg's
    errors turned into ``django.db`` ones. ``health_check=False`` skips the health check: for a
    caller that retries on a new connection when the statement fails (the bank-feed intake's
    batches)."""
    if connection.vendor != "postgresql":
        raise ValueError(f"preparing_cursor needs PostgreSQL, not {connection.vendor}")
    if health_check:
        connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        if connection.connection.prepare_threshold is None:
            connection.connection.prepare_threshold = _NEVER_BY_ITSELF
        raw = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        cursor = connection.make_debug_cursor(raw)
    else:
        cursor = connection.make_cursor(raw)
    with cursor:
        yield cursor
