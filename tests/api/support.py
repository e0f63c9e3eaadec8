"""Shared constants and assertions for the API tests."""

from __future__ import annotations

from typing import Any

from casus.api.service.errors import ErrorBody

SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"
SYUNIK = [
    "hostilities_in(karabakh_war_2020, syunik)",
    "requested_assistance(armenia, csto, karabakh_war_2020)",
]


def error_of(response: Any, status: int) -> ErrorBody:
    """Assert the status and the one error shape; return the parsed error body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = ErrorBody.model_validate(response.json())
    assert body.errors, "every error lists at least one item"
    assert "Traceback" not in response.text
    return body
