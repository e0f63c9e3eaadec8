"""One JSON shape for every error, `{code, message, errors: [{code, message, location}]}`,
and the handlers that turn engine, validation and HTTP errors into it (never a traceback)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from casus.engine.errors import CasusError, Problem
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

log = logging.getLogger("casus.api")

_STATUS_CODES = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    408: "body-timeout",
    413: "body-too-large",
    415: "unsupported-media-type",
}


class ErrorLocation(BaseModel):
    """Where the problem is: a file or `<query>` / `<assume N>` / `<request>`, line and column,
    and for request fields the field path such as `body.as_of`."""

    file: str
    line: int = 0
    col: int = 0
    field: str | None = None


class ErrorItem(BaseModel):
    """One problem with its stable code, a plain message, its location and near-miss hints."""

    code: str
    message: str
    location: ErrorLocation | None = None
    hints: list[str] = Field(default_factory=list, description="did you mean ...")


class ErrorBody(BaseModel):
    """The body of every 4xx and 5xx response."""

    code: str = Field(examples=["unknown-entity"])
    message: str = Field(examples=["unknown entity armnia"])
    errors: list[ErrorItem] = Field(default_factory=list)


class ApiError(Exception):
    """An error the API answers itself, e.g. an unknown id (404) or a limit (422)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        hints: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(
            code=code,
            message=message,
            errors=[
                ErrorItem(
                    code=code,
                    message=message,
                    location=ErrorLocation(file="<request>", field=field) if field else None,
                    hints=list(hints),
                )
            ],
        )


def simple_error(code: str, message: str) -> ErrorBody:
    """An error with a single unlocated item (HTTP-level errors)."""
    return ErrorBody(code=code, message=message, errors=[ErrorItem(code=code, message=message)])


def error_response(
    status: int, body: ErrorBody, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _summary(messages: list[str]) -> str:
    more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
    return messages[0] + more if messages else "invalid request"


def casus_error_body(exc: CasusError) -> ErrorBody:
    """Reuse the engine's located problems as error items."""
    items = [_problem_item(p) for p in exc.problems]
    message = _summary([p.message for p in exc.problems])
    return ErrorBody(code=exc.code, message=message, errors=items)


def _problem_item(problem: Problem) -> ErrorItem:
    loc = problem.location
    return ErrorItem(
        code=problem.code,
        message=problem.message,
        location=ErrorLocation(file=loc.file, line=loc.line, col=loc.col),
        hints=list(problem.hints),
    )


def _validation_item(err: dict[str, Any], body: Any) -> ErrorItem:
    loc = [str(p) for p in err.get("loc", ())]
    line = col = 0
    if err.get("type") == "json_invalid" and len(loc) == 2 and loc[1].isdigit():
        pos = int(loc[1])
        text = body if isinstance(body, str) else ""
        line = text.count("\n", 0, pos) + 1
        col = pos - text.rfind("\n", 0, pos)
        loc = loc[:1]
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if err.get("type") == "json_invalid" and err.get("ctx", {}).get("error"):
        message = f"invalid JSON: {err['ctx']['error']}"
    return ErrorItem(
        code=str(err.get("type", "invalid")).replace("_", "-"),
        message=f"{'.'.join(loc[1:])}: {message}" if len(loc) > 1 else message,
        location=ErrorLocation(file="<request>", line=line, col=col, field=".".join(loc)),
    )


async def _casus_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CasusError)
    return error_response(422, casus_error_body(exc))


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.body)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    items = [_validation_item(dict(e), exc.body) for e in exc.errors()]
    message = _summary([i.message for i in items])
    return error_response(422, ErrorBody(code="invalid-request", message=message, errors=items))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _STATUS_CODES.get(exc.status_code, f"http-{exc.status_code}")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("-", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such endpoint: {request.method} {request.url.path}"
    response = error_response(exc.status_code, simple_error(code, message))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("internal error on %s %s", request.method, request.url.path)
    return error_response(500, simple_error("internal", "internal error; it has been logged"))


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one JSON shape."""
    app.add_exception_handler(CasusError, _casus_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Request body that cannot be read as JSON text"},
    404: {"model": ErrorBody, "description": "Unknown id, with suggestions for near misses"},
    413: {"model": ErrorBody, "description": "Request body larger than the server allows"},
    422: {"model": ErrorBody, "description": "Invalid query, scenario, parameter or limit"},
}
