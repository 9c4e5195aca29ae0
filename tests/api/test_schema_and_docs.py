"""The OpenAPI schema and its documentation page, served from our own static files under the site's CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_describes_every_operation_and_the_bearer_token(client):
    answer = client.get("/api/v1/schema/?format=json")
    assert answer.status_code == 200
    schema = answer.json()
    assert schema["openapi"].startswith("3.")
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert len(operations) == 12
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    patch = schema["paths"]["/api/v1/{year}/responses/{kommune}/"]["patch"]
    assert {"412", "428", "422"} <= set(patch["responses"])
    assert "application/problem+json" in patch["responses"]["412"]["content"]


def test_the_documentation_page_loads_nothing_inline_and_nothing_from_elsewhere(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    assert "script-src 'self'" in page["Content-Security-Policy"]
