"""API fuzzing: schemathesis generates requests from /api/schema/ for every operation,
as each role, against the app in-process. No input may produce a 5xx, and every
documented response must match the schema.

(schemathesis' pytest plugin does not run on pytest 9 yet, so the operations are
driven with Hypothesis directly: one test per role, every operation inside it.)
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from tests import factories as f

EXAMPLES_PER_OPERATION = 8
FAILURE_CHARS = int(__import__("os").environ.get("FUZZ_FAILURE_CHARS", "600"))


@pytest.fixture
def api_schema(db, settings):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from partnernet.wsgi import application

    # Generous limits: the fuzzer is one client making thousands of calls.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "token": "100000/min"},
    }
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, seller, partner_member):
    """Something for each role to find: a covered completed order with a claim."""
    order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner)
    return f.ClaimFactory(order=order)


def _headers(user):
    if user is None:
        return {}
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


@pytest.mark.parametrize("role", ["anonymous", "seller", "partner", "reviewer", "lead"])
def test_api_never_errors_and_keeps_to_its_schema(role, api_schema, world, request):
    user = {
        "anonymous": None,
        "seller": "seller",
        "partner": "partner_member",
        "reviewer": "reviewer",
        "lead": "lead",
    }[role]
    headers = _headers(request.getfixturevalue(user) if user else None)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20, "the schema lost its operations"
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance, status_code_conformance]
            )

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, report together
            detail = "; ".join(str(e).splitlines()[0] for e in getattr(exc, "exceptions", [exc]))
            failures.append(f"{operation.label}: {detail[:FAILURE_CHARS]}")
    assert not failures, "\n\n".join(failures)
