"""Property-based tests generated from the OpenAPI schema with schemathesis, every check
enabled (as `st run --checks all`, with the repository's schemathesis.toml): no 5xx, every
response matches the schema, schema-valid requests are accepted and invalid ones refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from casus.api.service.app import create_app
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

ROOT = Path(__file__).resolve().parents[2]
CONFIG = SchemathesisConfig.from_path(str(ROOT / "schemathesis.toml"))
app = create_app()
app.state.extract_pool.start()  # as the server's startup does, before any request
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()
