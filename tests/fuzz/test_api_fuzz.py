"""Schemathesis fuzzes every operation of /api/v1/openapi.json against the WSGI app: no 500,
and every answer (status, content type, headers, body) as the document says.

Bounded for CI: a few derandomised examples per operation.  A deeper run, with schemathesis'
coverage phase (boundary values, missing and wrong credentials, undeclared methods):
``ENGAGE_FUZZ_EXAMPLES=200 ENGAGE_FUZZ_COVERAGE=1 pytest tests/fuzz``.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from engage.accounts.tokens import create_api_token
from engage.extensions import limiter

EXAMPLES = int(os.environ.get("ENGAGE_FUZZ_EXAMPLES", "3"))
PHASES = (
    [Phase.explicit, Phase.generate] if os.environ.get("ENGAGE_FUZZ_COVERAGE") else [Phase.generate]
)


@pytest.fixture
def fuzz_token(session, make_user):
    user = make_user(name="Fuzzy Tester")
    _row, token = create_api_token(user, "fuzz", 30)
    session.flush()
    return token


@pytest.fixture
def api_schema(app, session, make_process, clock):
    make_process()  # something to list and to post ideas into
    limiter.enabled = False  # hundreds of requests a minute from one address
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    finally:
        limiter.enabled = True


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=PHASES,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case, fuzz_token):
    # Where the generated request carries credentials, make them a valid token; the checks
    # that send it again without them, or with wrong ones, change the case's own headers.
    if case.headers and "Authorization" in case.headers:
        case.headers["Authorization"] = f"Bearer {fuzz_token}"
    response = case.call()
    # Every check but "schema-valid data is accepted": a well-formed reference to nothing (an
    # unknown process id or organisation slug) is a documented 422, not a contradiction.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
