"""Issue 16 item 7: every operation declares the refusals it can give, in the one error shape."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db
ALWAYS = {"400", "401", "403", "404", "429"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_every_operation_declares_the_error_statuses(schema):
    missing = {}
    for path, method, operation in _operations(schema):
        expected = ALWAYS | ({"409"} if method != "get" else set())
        gaps = expected - set(operation["responses"])
        if gaps:
            missing[f"{method.upper()} {path}"] = sorted(gaps)
    assert not missing, missing


def test_the_shared_error_shape_is_one_component(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]
    assert {"detail", "code", "errors"} <= set(error["properties"])
    some = next(op for _, method, op in _operations(schema) if method == "post")
    throttled = some["responses"]["429"]
    assert "Retry-After" in throttled.get("headers", {}) or "content" in throttled
