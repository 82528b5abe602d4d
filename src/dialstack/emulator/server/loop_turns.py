"""``LoopTurns``: another thread may act as the emulator's event loop while the loop is idle.

A request from a test's thread through ``EmulatorTransport`` would otherwise cost two thread
hand-offs (wake the loop's thread, wait for it to answer), each a wake-up of a sleeping
thread that must then take the GIL: more than the emulator's own work on a small request.

The loop's thread holds ``lock`` at all times except while it waits in ``select`` (for I/O
or its next timer). A thread that takes the lock then is the only one touching the loop:
it makes the request's task on that loop and runs the loop's ready callbacks itself, as
``_run_once`` would, until the task is done or waits for something (a timer, a socket).
Whatever is left (a ``delay`` fault's sleep, a webhook delivery's I/O) the loop's thread
runs once the lock is released; it is woken if the turn left it anything newer to do.

Everything the app touches is then used from two threads, never at once: asyncio objects
check only the running loop (set for the turn), and the SQLite connection is opened with
``check_same_thread=False``.
"""

import asyncio
import contextvars
import selectors
import sys
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class _TurnTakingSelector:
    """The loop's selector, which lets go of the lock while it waits."""

    def __init__(self, inner: selectors.BaseSelector, lock: threading.Lock) -> None:
        self._inner = inner
        self._lock = lock

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        self._lock.release()
        try:
            return self._inner.select(timeout)
        finally:
            self._lock.acquire()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _noop() -> None:
    pass


class LoopTurns:
    """Turns at an asyncio selector event loop for threads other than its own."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: Any = None

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Call on ``loop``'s own thread, in a callback or task of it: from then on that
        thread holds the lock except in ``select``. A loop that is not asyncio's own
        selector loop gets no turns (``take`` then always says no)."""
        inner: Any = getattr(loop, "_selector", None)
        if not isinstance(inner, selectors.BaseSelector) or not _has_run_once_parts(loop):
            return
        self._lock.acquire()
        selector_loop: Any = loop
        selector_loop._selector = _TurnTakingSelector(inner, self._lock)
        self._loop = selector_loop

    def take(
        self, coro: Coroutine[Any, Any, T], on_wait: "Callable[[asyncio.Task[T]], object]"
    ) -> "asyncio.Task[T] | None":
        """Run ``coro`` as a task of the loop in this thread, if the loop is idle now.

        None if it is not (busy, stopped, or no turns): ``coro`` is then untouched and the
        caller hands it to the loop's thread instead. Else the task: done, or (waiting on
        the loop for something) with ``on_wait`` added as its done callback."""
        loop = self._loop
        # A loop in debug mode checks that only its own thread schedules callbacks.
        if loop is None or loop.is_closed() or loop.get_debug() or _other_library_runs():
            return None
        if not self._lock.acquire(blocking=False):
            return None
        try:
            previous = asyncio._get_running_loop()  # pyright: ignore[reportPrivateUsage]
            ready: Any = loop._ready
            scheduled: list[Any] = loop._scheduled
            next_timer = scheduled[0] if scheduled else None
            asyncio._set_running_loop(loop)  # pyright: ignore[reportPrivateUsage]
            try:
                task: asyncio.Task[T] = loop.create_task(coro, context=contextvars.Context())
                while ready and not task.done():
                    handle = ready.popleft()
                    if not handle._cancelled:
                        handle._run()
                if not task.done():
                    task.add_done_callback(on_wait)
            finally:
                asyncio._set_running_loop(previous)  # pyright: ignore[reportPrivateUsage]
            if ready or (scheduled and scheduled[0] is not next_timer):
                # The loop's thread computed its select timeout before this turn.
                loop.call_soon_threadsafe(_noop)
            return task
        finally:
            self._lock.release()


def _other_library_runs() -> bool:
    """This thread runs trio (say): anyio in the app must not take the turn for it."""
    sniffio: Any = sys.modules.get("sniffio")
    return sniffio is not None and getattr(sniffio.thread_local, "name", None) is not None


def _has_run_once_parts(loop: asyncio.AbstractEventLoop) -> bool:
    return hasattr(loop, "_ready") and hasattr(loop, "_scheduled")
