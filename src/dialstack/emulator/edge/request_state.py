"""What the gateway learned about a ``/v1`` request, for the operation runner; and the two
things a fault rule does to an answer wherever it fires: wait, and drop the connection."""

import asyncio
from dataclasses import dataclass

from starlette.types import Send

from ..core.faults import FaultRule
from .answers import JSON_CONTENT_TYPE

STATE_KEY = "dialstack.emulator"
DROPPED = 0  # the status logged when the connection was dropped without a complete answer


@dataclass(slots=True)
class RequestState:
    """What ``Gateway`` learned about a ``/v1`` request, for ``OperationRunner``."""

    tenant: str
    body: bytes
    account: str | None
    idempotency_key: str | None
    fault: FaultRule | None
    content_type: bytes | None = None
    dropped: bool = False


async def delay(fault: FaultRule | None) -> None:
    if fault is not None and fault.delay:
        await asyncio.sleep(fault.delay)


async def drop(send: Send, status: int) -> None:
    """Promise a body, then close without it: the client sees the connection cut mid-answer
    (uvicorn closes a connection whose app returned early, h11_impl ``run_asgi``)."""
    headers = [JSON_CONTENT_TYPE, (b"content-length", b"1024")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
