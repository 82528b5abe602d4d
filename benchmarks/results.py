"""One row per measured claim, and the table that prints them (Markdown, so that
``docs/benchmarks.md`` can carry it verbatim)."""

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """``ratio`` is ours over the baseline; ``met`` is None where no target applies."""

    name: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None


_HEADER = ("benchmark", "dialstack", "baseline", "ratio", "target", "met?")


def _cells(row: Row) -> tuple[str, ...]:
    ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
    met = "n/a" if row.met is None else ("yes" if row.met else "NO")
    return (row.name, row.ours, row.baseline, ratio, row.target, met)


def table(rows: Sequence[Row]) -> str:
    lines = [_HEADER, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(_HEADER))]

    def render(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([render(lines[0]), rule, *(render(line) for line in lines[1:])])


def write_json(rows: Sequence[Row], path: Path) -> None:
    path.write_text(json.dumps([asdict(row) for row in rows], indent=2) + "\n")


def micros(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs"


def millis(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"


def per_call(wall: float, cpu: float, calls: int) -> str:
    """A side's wall time per call, with its CPU time per call."""
    return f"{wall / calls * 1e6:,.1f} µs (CPU {cpu / calls * 1e6:,.1f})"
