"""``Emulator``: the server on a port of its own, in a background thread (or the CLI's)."""

import asyncio
import contextlib
import errno
import itertools
import socket
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Self

import uvicorn

from ..app import create_app, new_runtime
from ..control.control_client import EmulatorControl
from ..core.runtime import Settings, derive_secret
from ..core.tenancy import TEST_PREFIX
from .connections import KEEP_ALIVE_TIMEOUT, GuardedH11Protocol
from .loop_turns import LoopTurns

_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 (names, not a bind)

_TICK = 0.1  # s: uvicorn's main loop checks its limits and refreshes its Date header this often
_STOP_TIMEOUT = 10.0  # s: a graceful stop waits this long for open requests


class _Server(uvicorn.Server):
    """Tells the thread that started it when it accepts connections (or failed to)."""

    def __init__(self, config: uvicorn.Config, started: threading.Event) -> None:
        super().__init__(config)
        self._started_event = started
        self.loop: asyncio.AbstractEventLoop | None = None
        self.turns = LoopTurns()
        self._stop_requested: asyncio.Event | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        loop = asyncio.get_running_loop()
        self.turns.install(loop)
        self._stop_requested = asyncio.Event()
        self.loop = loop
        await super().startup(sockets)
        self._started_event.set()

    async def main_loop(self) -> None:
        """uvicorn's, but a stop need not wait for the next tick (up to 0.1 s)."""
        assert self._stop_requested is not None
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_requested.wait(), _TICK)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's, without its 0.1 s pause for open connections when there are none
        (the in-process transport opens none)."""
        if self.server_state.connections or self.server_state.tasks:
            await super().shutdown(sockets)
            return
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for server in self.servers:
            await server.wait_closed()
        if not self.force_exit:
            await self.lifespan.shutdown()

    def request_stop(self) -> None:
        """From any thread: start the graceful shutdown now."""
        self.should_exit = True
        if self.loop is not None and self._stop_requested is not None:
            with contextlib.suppress(RuntimeError):  # its loop already closed
                self.loop.call_soon_threadsafe(self._stop_requested.set)


class PortInUse(OSError):
    """The port is taken: another emulator, or another server, listens there."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            errno.EADDRINUSE,
            f"port {port} on {host} is already in use (another dialstack-emulator?): stop "
            "what listens there, or choose another port with --port (0 picks a free one)",
        )
        self.host = host
        self.port = port


class Emulator:
    """A local DialStack API server.

    ``start()`` returns once the server accepts connections; ``stop()`` shuts it down; both
    happen in ``with Emulator() as emulator:``. ``url`` has no trailing slash and no ``/v1``.

    Args:
        db: an SQLite file, or ":memory:".
        api_key: accept only this key; None accepts any ``sk_test_`` key, each its own platform.
        rate_limit: requests per second per key; None for no limit.
        seed: make ids and secrets the same on every run.
        host, port: where to listen; port 0 picks a free port.
        allowed_hosts: ``Host`` names to answer besides loopback ones and ``host`` itself
            ("*" for any): a name the browser may use for this machine.
        allowed_origins: page origins (``https://app.example``) whose requests are
            answered besides loopback ones ("*" for any).
    """

    def __init__(
        self,
        db: str = ":memory:",
        *,
        api_key: str | None = None,
        rate_limit: float | None = None,
        seed: int | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        allowed_hosts: Iterable[str] = (),
        allowed_origins: Iterable[str] = (),
    ) -> None:
        if api_key is not None and not api_key.startswith(TEST_PREFIX):
            raise ValueError("the emulator only takes sk_test_ keys")
        hosts = tuple(allowed_hosts)
        if host not in _WILDCARD_HOSTS:
            hosts = (*hosts, host)
        self._runtime = new_runtime(
            Settings(db, api_key, rate_limit, seed, hosts, tuple(allowed_origins))
        )
        self.app = create_app(self._runtime)
        """The ASGI application it serves (``EmulatorTransport`` calls it without a socket)."""
        self._host = host
        self._port = port
        self._key_counter = itertools.count()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._port}"

    @property
    def session_secret(self) -> bytes:
        """The HS256 key that signs account session client secrets."""
        return self._runtime.session_secret

    def new_api_key(self) -> str:
        """A fresh ``sk_test_`` key: a new, empty platform (or the one key ``api_key`` sets)."""
        required = self._runtime.settings.api_key
        if required is not None:
            return required
        seed = self._runtime.settings.seed
        secret = derive_secret(seed, f"api-key-{next(self._key_counter)}")
        return TEST_PREFIX + secret.hex()[:32]

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop that runs ``app`` while the emulator is started."""
        if self._server is None or self._server.loop is None:
            raise RuntimeError("the emulator is not running")
        return self._server.loop

    @property
    def loop_turns(self) -> LoopTurns:
        """Lets ``EmulatorTransport`` run a request in its caller's thread while ``loop`` is
        idle, instead of handing it to the loop's thread and waiting."""
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return self._server.turns

    def control(self, api_key: str) -> EmulatorControl:
        return EmulatorControl(self.url, api_key)

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("the emulator is already running")
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        try:
            listener = socket.create_server((self._host, self._port), family=family)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(self._host, self._port) from None
            raise
        self._port = listener.getsockname()[1]
        self._runtime.listening_ports.add(self._port)
        # Accepted sockets inherit this on Linux. Without it the body, written after the
        # headers, waits for the client's delayed ACK: about 40 ms per response (Nagle).
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        config = uvicorn.Config(
            self.app,
            lifespan="on",
            http=GuardedH11Protocol,
            loop="asyncio",
            log_config=None,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=int(_STOP_TIMEOUT),
            timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
            # The peer address is the socket's: an X-Forwarded-For must never make a
            # remote client look like loopback to the control guard.
            proxy_headers=False,
        )
        started = threading.Event()
        self._server = server = _Server(config, started)

        def serve() -> None:
            try:
                server.run(sockets=[listener])
            except BaseException as exc:  # a startup failure exits the thread: report it
                self._failure = exc
            finally:
                listener.close()
                started.set()

        self._thread = threading.Thread(target=serve, name="dialstack-emulator", daemon=True)
        self._thread.start()
        started.wait()
        if not server.started:
            self._thread.join()
            self._thread = self._server = None
            raise RuntimeError(f"the emulator did not start: {self._failure!r}") from self._failure
        return self

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.request_stop()
        self._thread.join(_STOP_TIMEOUT + 5)
        self._thread = self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
