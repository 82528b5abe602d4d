"""Interleaved A/B timing: SDK, baseline, baseline, SDK, ... so that machine drift (other
load, CPU frequency) lands on both sides alike. Each side's median is reported, and the
ratio is the median of the per-round ratios: the two runs of one round are adjacent in time,
so their ratio cancels drift that a ratio of medians would not.

Wall time is the figure; this process's CPU time is kept beside it because the servers run
in other processes, so it is the client's own cost, and it is less disturbed than wall time
by whatever else shares the machine."""

import gc
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from .stats import median

_T = TypeVar("_T")


def in_turn(rounds: int, ours: _T, baseline: _T) -> Iterator[_T]:
    """``ours, baseline`` in even rounds and ``baseline, ours`` in odd ones, so that neither
    side always runs second (on a cache the other just warmed, after its garbage)."""
    for round_number in range(rounds):
        yield from (baseline, ours) if round_number % 2 else (ours, baseline)


@dataclass(frozen=True)
class Side:
    wall: float
    cpu: float


@dataclass(frozen=True)
class Pair:
    ours: Side
    baseline: Side
    ratio: float
    """Median over rounds of ours / baseline, wall time."""
    cpu_ratio: float


class _Sides:
    def __init__(self) -> None:
        self.ours: list[tuple[float, float]] = []
        self.baseline: list[tuple[float, float]] = []

    def pair(self) -> Pair:
        def side(runs: list[tuple[float, float]]) -> Side:
            return Side(median([r[0] for r in runs]), median([r[1] for r in runs]))

        rounds = list(zip(self.ours, self.baseline, strict=True))
        return Pair(
            side(self.ours),
            side(self.baseline),
            median([o[0] / b[0] for o, b in rounds]),
            median([o[1] / b[1] for o, b in rounds]),
        )


def _start() -> tuple[float, float]:
    gc.collect()  # garbage from the other side's batch is not this side's cost
    return time.perf_counter(), time.process_time()


def _stop(started: tuple[float, float]) -> tuple[float, float]:
    return time.perf_counter() - started[0], time.process_time() - started[1]


def compare(ours: Callable[[], None], baseline: Callable[[], None], rounds: int) -> Pair:
    """Median (wall, CPU) seconds per batch of each side over ``rounds`` interleaved rounds."""
    sides = _Sides()
    for batch, runs in in_turn(rounds, (ours, sides.ours), (baseline, sides.baseline)):
        started = _start()
        batch()
        runs.append(_stop(started))
    return sides.pair()


async def compare_async(
    ours: Callable[[], Awaitable[None]], baseline: Callable[[], Awaitable[None]], rounds: int
) -> Pair:
    sides = _Sides()
    for batch, runs in in_turn(rounds, (ours, sides.ours), (baseline, sides.baseline)):
        started = _start()
        await batch()
        runs.append(_stop(started))
    return sides.pair()
