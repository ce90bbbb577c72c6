"""partnernet.rows.execute_prepared: planned once per connection, the same rows as a plain query."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnernet.rows import _numbered, execute_prepared

# Prepared statements are PostgreSQL's; CI runs the suite on PostgreSQL, where these run.
postgres_only = pytest.mark.skipif(not settings.IS_POSTGRES, reason="prepared statements are PostgreSQL's")
SQL = "SELECT n, n * %s, 'a%%b' FROM generate_series(1, %s) AS g(n) ORDER BY n"


def _rows(args, name="pn_test_series"):
    with connection.cursor() as cursor:
        execute_prepared(cursor, name, SQL, args)
        return cursor.fetchall()


def test_placeholders_are_numbered_and_literal_percents_kept():
    assert _numbered("a = %s AND b LIKE 'x%%' AND c = %s") == "a = $1 AND b LIKE 'x%' AND c = $2"


@pytest.mark.postgres
@postgres_only
def test_prepared_once_per_connection(db):
    expected = [(1, 3, "a%b"), (2, 6, "a%b")]
    with CaptureQueriesContext(connection) as first:
        assert _rows([3, 2], "pn_test_once") == expected
    assert len(first.captured_queries) == 1  # PREPARE and EXECUTE in one round trip
    assert first.captured_queries[0]["sql"].startswith("PREPARE pn_test_once")
    with CaptureQueriesContext(connection) as second:
        assert _rows([5, 1], "pn_test_once") == [(1, 5, "a%b")]
    assert second.captured_queries[0]["sql"].startswith("EXECUTE pn_test_once")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = 'pn_test_once'")
        assert cursor.fetchone() == (1,)


@pytest.mark.postgres
@postgres_only
def test_a_new_connection_prepares_again(transactional_db):
    assert _rows([2, 1]) == [(1, 2, "a%b")]
    connection.close()  # the next query opens a new session, which has no statements
    assert _rows([4, 2]) == [(1, 4, "a%b"), (2, 8, "a%b")]


@pytest.mark.postgres
@postgres_only
def test_off_runs_the_query_as_it_is(db, settings):
    settings.DB_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as ctx:
        assert _rows([3, 1], "pn_test_off") == [(1, 3, "a%b")]
    assert ctx.captured_queries[0]["sql"].startswith("SELECT n")
