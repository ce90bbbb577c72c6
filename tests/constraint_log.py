"""Which database constraints the suite has seen the database refuse.

A pytest plugin (registered in tests/conftest.py). Every database connection of the
session, including the ones opened by threads, gets an execute wrapper; when a statement
fails with an IntegrityError, the constraint(s) the database named are recorded with the
test that was running. `tests/platform/test_constraints.py` then checks, as the session's
last test (`constraint_census` marker), that every constraint the project's models declare
was refused at least once — by the database, not by a list kept by hand.

PostgreSQL names the constraint (`diag.constraint_name`). SQLite names a CHECK constraint in
its message, but a UNIQUE violation only as "UNIQUE constraint failed: table.col, …"; the
columns identify the constraint, and where two partial unique constraints share them (one
current and one draft terms version per partner) the statement is replayed once per
candidate, inside a savepoint with the other candidates' indexes dropped, to see which one
refuses it. The savepoint is rolled back, so the test's data and schema are untouched.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connections
from django.db.backends.signals import connection_created
from django.db.models import UniqueConstraint

_lock = threading.Lock()
_current_test = {"nodeid": ""}
# constraint name -> the tests during which the database refused a row because of it
REFUSED: dict[str, set[str]] = defaultdict(set)
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")


@cache
def project_constraints() -> dict[str, tuple[str, tuple[str, ...] | None]]:
    """Every constraint the project's own models declare: name -> (table, unique columns or None)."""
    root = Path(settings.BASE_DIR).resolve()
    found: dict[str, tuple[str, tuple[str, ...] | None]] = {}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        # The virtualenv may live inside the checkout (.venv): its apps are libraries.
        if not path.is_relative_to(root) or path.is_relative_to(root / ".venv"):
            continue
        for model in config.get_models():
            for constraint in model._meta.constraints:
                columns = None
                if isinstance(constraint, UniqueConstraint) and constraint.fields:
                    columns = tuple(sorted(model._meta.get_field(name).column for name in constraint.fields))
                found[constraint.name] = (model._meta.db_table, columns)
    return found


def _record(names: set[str]) -> None:
    with _lock:
        for name in names:
            REFUSED[name].add(_current_test["nodeid"])


def _named_in(exc: IntegrityError, known: dict[str, tuple[str, tuple[str, ...] | None]]) -> set[str]:
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return {name} & known.keys()
    message = str(exc)
    return {n for n in known if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", message)}


def _sqlite_unique_candidates(exc: IntegrityError, known) -> list[str]:
    match = _SQLITE_UNIQUE.search(str(exc))
    if not match:
        return []
    pairs = [part.strip().split(".", 1) for part in match.group(1).split(",")]
    tables = {table for table, _column in pairs}
    if len(tables) != 1:
        return []
    table, columns = tables.pop(), tuple(sorted(column for _table, column in pairs))
    return sorted(n for n, (t, cols) in known.items() if t == table and cols == columns)


def _replay_to_find(execute, sql, params, many, context, candidates: list[str]) -> set[str]:
    """SQLite only: which of several unique indexes on the same columns refuses the statement."""
    cursor = context["cursor"]
    refused = set()
    for candidate in candidates:
        cursor.execute("SAVEPOINT constraint_census")
        try:
            for other in candidates:
                if other != candidate:
                    cursor.execute(f'DROP INDEX "{other}"')
            try:
                execute(sql, params, many, context)
            except IntegrityError:
                refused.add(candidate)
        finally:
            cursor.execute("ROLLBACK TO SAVEPOINT constraint_census")
            cursor.execute("RELEASE SAVEPOINT constraint_census")
    return refused


def _wrapper(execute, sql, params, many, context):
    try:
        return execute(sql, params, many, context)
    except IntegrityError as exc:
        known = project_constraints()
        names = _named_in(exc, known)
        if not names and context["connection"].vendor == "sqlite":
            candidates = _sqlite_unique_candidates(exc, known)
            if len(candidates) == 1:
                names = set(candidates)
            elif candidates:
                names = _replay_to_find(execute, sql, params, many, context, candidates)
        _record(names)
        raise


def _install(connection, **kwargs) -> None:
    if _wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(_wrapper)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "constraint_census: runs after every other test and checks that the database refused each "
        "declared constraint at least once during the session",
    )
    connection_created.connect(_install, weak=False, dispatch_uid="tests.constraint_log")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    last = [item for item in items if item.get_closest_marker("constraint_census")]
    items[:] = [item for item in items if item not in last] + last


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _current_test["nodeid"] = item.nodeid
    for connection in connections.all(initialized_only=True):
        _install(connection)
