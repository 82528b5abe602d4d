"""How the following commands (``listen``, ``logs tail``) are asked to stop."""

from __future__ import annotations

import signal
from collections.abc import Generator
from contextlib import contextmanager
from types import FrameType

POLL_SECONDS = 0.2
"""How often the emulator's logs are read: a line shows within a fifth of a second."""


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` on the way (the SDK's included) takes it for a failure."""


def _raise_stopped(_signal: int, _frame: FrameType | None) -> None:
    raise Stopped


@contextmanager
def until_stopped() -> Generator[None]:
    """Runs the block until Ctrl-C, SIGTERM or SIGHUP, which end it quietly."""
    previous = {number: signal.signal(number, _raise_stopped) for number in _STOP_SIGNALS}
    # A shell starts background jobs with SIGINT ignored; `kill -INT` should stop them too.
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    except (KeyboardInterrupt, Stopped):
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def shielded() -> Generator[None]:
    """Cleanup that a second Ctrl-C or SIGTERM must not cut short."""
    numbers = (signal.SIGINT, *_STOP_SIGNALS)
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
