"""Request bodies parsed strictly: a JSON object that repeats a key is refused (422), where
`json.loads` would silently keep the last value."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute


class _DuplicateKey(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class StrictJsonRequest(Request):
    """A request whose `json()` refuses duplicate keys as a JSON decode error (FastAPI then
    answers 422 with the common error body)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = json.loads(body, object_pairs_hook=_unique_keys)
            except _DuplicateKey as exc:
                text = body.decode("utf-8", errors="replace")
                raise json.JSONDecodeError(f"duplicate key {exc.args[0]!r}", text, 0) from None
        return self._json


class StrictJsonRoute(APIRoute):
    """A route whose handler reads its body through StrictJsonRequest."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict
