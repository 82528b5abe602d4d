"""How much work each benchmark does: the full run, or the smoke run that keeps the suite
from rotting (a few iterations of everything, in seconds; its figures mean nothing)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    import_runs: int
    """Fresh interpreters per import variant (the issue asks for at least 15)."""
    calls: int
    """Calls per timed batch in the overhead benchmarks."""
    rounds: int
    """Interleaved rounds (SDK, baseline, SDK, ...): the median of these is reported."""
    warmup_calls: int
    concurrencies: tuple[int, ...]
    walk_small: int
    walk_middle: int
    """A walk between the two: a growth that stops (a bounded cache filling) shows as a plateau."""
    walk_large: int
    page_size: int
    load_seconds: float
    """Per load run against one server and one operation."""
    load_rounds: int
    load_connections: int
    startup_runs: int


FULL = Scale(
    import_runs=21,
    calls=500,
    rounds=21,
    warmup_calls=500,
    concurrencies=(1, 16, 64),
    walk_small=1_000,
    walk_middle=10_000,
    walk_large=100_000,
    page_size=100,
    load_seconds=2.0,
    load_rounds=3,
    load_connections=8,
    startup_runs=7,
)

SMOKE = Scale(
    import_runs=2,
    calls=50,
    rounds=2,
    warmup_calls=10,
    concurrencies=(1, 16, 64),
    walk_small=200,
    walk_middle=500,
    walk_large=1_000,
    page_size=100,
    load_seconds=0.2,
    load_rounds=1,
    load_connections=4,
    startup_runs=1,
)
