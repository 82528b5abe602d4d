"""``async_dialstack_client`` for tests that pytest-asyncio runs: one fixture per loop scope,
so that the client is made and closed in the very loop the test runs in (a client closed in
another loop than its connections' is the "Event loop is closed" at teardown).

Registered by the plugin only when pytest-asyncio is loaded: it imports ``pytest_asyncio``.
"""

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Literal

import pytest
import pytest_asyncio

from ._clients import open_async_client

if TYPE_CHECKING:
    from dialstack import AsyncDialStack

    from ..emulator import EmulatorHandle

LoopScope = Literal["function", "class", "module", "package", "session"]
_LOOP_SCOPES: tuple[LoopScope, ...] = ("function", "class", "module", "package", "session")
_PREFIX = "_dialstack_async_client_asyncio_"


def fixture_for(item: pytest.Item) -> str | None:
    """The fixture for ``item``'s loop scope, or None when pytest-asyncio does not run it."""
    if not pytest_asyncio.is_async_test(item):
        return None
    marker = item.get_closest_marker("asyncio")
    kwargs: dict[str, Any] = {} if marker is None else dict(marker.kwargs)
    scope = kwargs.get("loop_scope") or kwargs.get("scope")
    if scope is None:
        scope = item.config.getini("asyncio_default_test_loop_scope") or "function"
    return _PREFIX + str(scope)


def _fixture(loop_scope: LoopScope) -> Callable[..., Any]:
    @pytest_asyncio.fixture(loop_scope=loop_scope, name=_PREFIX + loop_scope)
    async def client(
        dialstack_emulator: "EmulatorHandle", request: pytest.FixtureRequest
    ) -> "AsyncIterator[AsyncDialStack]":
        async with open_async_client(dialstack_emulator, request.config) as made:
            yield made

    return client


# pytest finds fixtures among a plugin's module attributes.
_function, _class, _module, _package, _session = (_fixture(scope) for scope in _LOOP_SCOPES)
