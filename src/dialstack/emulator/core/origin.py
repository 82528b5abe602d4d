"""The origin the client of the request being answered reached the emulator at.

A link the emulator hands out must be absolute (an ``<audio src>`` on the customer's page
resolves a relative one against that page) and name the emulator as the client sees it;
``edge.request_origin`` sets it for each request.
"""

from contextvars import ContextVar

_origin: ContextVar[str] = ContextVar("dialstack_emulator_origin", default="http://127.0.0.1")


def request_origin() -> str:
    return _origin.get()


def set_request_origin(origin: str) -> None:
    _origin.set(origin)
