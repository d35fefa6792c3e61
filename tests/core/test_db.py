"""core.db.preparing_cursor on PostgreSQL: statements prepared on the server, with everything
Django's own cursor does (health check and reconnection, query logging, wrappers, errors)."""

from __future__ import annotations

from types import SimpleNamespace

import psycopg
import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.db import preparing_cursor
from payments.models import BankFeedEvent
from tests.payments.bankfeed_support import deliver, sepay


def prepared_statements() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return cursor.fetchall()


def test_needs_postgresql():
    with pytest.raises(ValueError, match="needs PostgreSQL"):
        with preparing_cursor(SimpleNamespace(vendor="sqlite")):
            pass


@pytest.mark.django_db
def test_statements_are_prepared_and_reused(postgres):
    for number in range(3):
        with preparing_cursor(connection) as cursor:
            cursor.execute("SELECT %s::int + 1", [number])
            assert cursor.fetchone() == (number + 1,)

    assert prepared_statements() == [("SELECT $1::int + 1", 3)]


@pytest.mark.django_db
def test_django_own_queries_are_still_not_prepared(postgres):
    with preparing_cursor(connection) as cursor:
        cursor.execute("SELECT 1")
    for _ in range(10):  # psycopg's own threshold is 5
        list(BankFeedEvent.objects.filter(transaction_id="x"))

    assert [statement for statement, _runs in prepared_statements()] == ["SELECT 1"]


@pytest.mark.django_db
def test_errors_are_djangos_and_queries_are_seen(postgres):
    BankFeedEvent.objects.create(provider="sepay", transaction_id="dup")
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(wrapper):
        with pytest.raises(IntegrityError), transaction.atomic():
            with preparing_cursor(connection) as cursor:
                cursor.execute(
                    "INSERT INTO payments_bankfeedevent (provider, transaction_id, received_at, "
                    "raw, payment_code, bank_code, account_number, sub_account, amount, "
                    "content, bank_reference, status) "
                    "VALUES (%s, %s, now(), '{}', '', '', '', '', 0, '', '', 'received')",
                    ["sepay", "dup"],
                )

        with preparing_cursor(connection) as cursor:
            cursor.execute(
                "SELECT count(*) FROM payments_bankfeedevent WHERE provider = %s", ["sepay"]
            )
            assert cursor.fetchone() == (1,)

    assert [sql.split(" (")[0] for sql in seen if "SAVEPOINT" not in sql] == [
        "INSERT INTO payments_bankfeedevent",
        "SELECT count(*) FROM payments_bankfeedevent WHERE provider = %s",
    ]
    # Logged with its time, as Django's own (the text of a prepared one is not kept).
    assert len(captured.captured_queries) == len(seen)


@pytest.mark.django_db(transaction=True)
def test_a_webhook_after_the_connection_was_killed_is_stored(postgres):
    """The webhook's statement is prepared on its connection; PostgreSQL restarted (here:
    this connection's backend terminated) loses it, and the next webhook must neither fail
    nor find the old statement: the health check reconnects and it is prepared again."""
    client = Client()
    assert deliver(client, "sepay", sepay(transaction_id=1)).status_code == 200
    assert deliver(client, "sepay", sepay(transaction_id=2)).status_code == 200
    statements = [text for text, _runs in prepared_statements()]
    assert any(text.startswith("WITH delivery_ids AS") for text in statements), statements
    backend = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend])

    close_old_connections()  # what request_started does for the site (the test client not)
    response = deliver(client, "sepay", sepay(transaction_id=3))

    assert response.status_code == 200, response.content
    assert response.json()["received"] == 1
    assert connection.connection.info.backend_pid != backend
    assert BankFeedEvent.objects.count() == 3
    assert any(text.startswith("WITH delivery_ids AS") for text, _ in prepared_statements())
