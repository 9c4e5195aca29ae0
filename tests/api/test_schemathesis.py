"""The API fuzzed against its own OpenAPI schema (schemathesis), as a reporter and as an editor: no server error
and no answer that the schema does not describe, in every operation. Runs on the suite's database (PostgreSQL in
the PostgreSQL run); the count of examples and the duration are printed."""

import time
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tokens import create_token
from surveys.models import Response
from surveys.tables.services import publish
from validation.models import Flag

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 12  # per operation, generation mode and path choice


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, which must not close the test's connection after each request (as the test
    client does: the fuzz runs inside the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(response_factory, reporter, editor, admin_user):
    """A submitted response with a flag, another municipality's draft, a published year."""
    own = response_factory("4601", s24_legevakt_parts="A", a_variant="ordinaer", a_net_operating_cost="9000000")
    own.first_submitted_at = own.submitted_at = timezone.now()
    own.status = "sent_back"
    own.save()
    response_factory("0301", s24_legevakt_parts="B")
    now = timezone.now()
    Flag.objects.create(
        response=own,
        rule_id="EQ-06",
        variables="a_net_operating_cost",
        severity="error",
        message="1000-feil?",
        score=12.5,
        first_seen_at=now,
        last_seen_at=now,
    )
    publish(own.survey, admin_user)
    return {"reporter": reporter, "editor": editor}


def _fuzz(schema, token: str) -> Counter:
    """Every operation, positive and negative data, with year 2021 and own/other municipality, then free paths."""
    statuses = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        strategies = []
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategies.append(operation.as_strategy(mode))
            fixed = {"year": 2021}
            if "{kommune}" in operation.path:
                for kommune in ("4601", "0301"):
                    strategies.append(operation.as_strategy(mode, path_parameters={**fixed, "kommune": kommune}))
            else:
                strategies.append(operation.as_strategy(mode, path_parameters=fixed))

        @settings(
            max_examples=EXAMPLES * len(strategies),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        @given(case=st.one_of(strategies), current=st.booleans())
        def run(case, current):
            headers = {"Authorization": f"Bearer {token}"}
            if current and case.method == "PATCH":  # half the writes name the stored version: they reach the save
                stored = Response.objects.filter(municipality__number=case.path_parameters.get("kommune")).first()
                headers["If-Match"] = f'"{stored.version if stored else 1}"'
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
            statuses[response.status_code] += 1

        run()
    return statuses


@pytest.mark.parametrize("role", ["reporter", "editor"])
@override_settings(API_THROTTLE_RATE="100000/min")
def test_schemathesis_finds_no_server_error_and_no_schema_violation(world, wsgi_app, role, capsys):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    token = create_token(world[role], f"fuzz-{role}", 1).secret
    started = time.monotonic()
    statuses = _fuzz(schema, token)
    seconds = time.monotonic() - started
    examples = sum(statuses.values())
    with capsys.disabled():
        print(
            f"\nschemathesis as {role}: {examples} examples over {len(list(schema.get_all_operations()))} "
            f"operations in {seconds:.1f} s; status codes {dict(sorted(statuses.items()))}"
        )
    assert statuses[200] > 0  # the fuzz reached the operations, not only their refusals
