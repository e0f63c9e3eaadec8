"""ASGI middleware that refuses request bodies over a size limit with 413, before parsing,
and bodies that stall (uvicorn has no body-read timeout) with 408."""

from __future__ import annotations

import asyncio

from casus.api.service.errors import error_response, simple_error
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    """Reads at most `max_bytes` of a request body; a larger body gets a 413 error body, and
    a body not received in full within `timeout_s` (stalled or trickled) gets a 408."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        more = scope["method"] not in ("GET", "HEAD")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        while more:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                message = f"request body not received within {self.timeout_s:g} s"
                body = simple_error("body-timeout", message)
                await error_response(408, body, {"connection": "close"})(scope, receive, send)
                return
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            more = message["type"] == "http.request" and message.get("more_body", False)

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"request body is larger than {self.max_bytes} bytes"
        await error_response(413, simple_error("body-too-large", message))(scope, receive, send)
