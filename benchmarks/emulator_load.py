"""Benchmark 5: the emulator's throughput and latency for create, retrieve and list, with its
default storage (an SQLite file), next to a bare Starlette-on-uvicorn app answering the same
JSON (``ceiling_app``). Both servers run at once, each in its own process; the load comes from
a third (``loadgen``), alternating between the two servers round by round."""

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .loadgen import OPERATIONS
from .processes import emulator_command, module_command, running
from .results import Row, millis
from .scale import Scale
from .sidebyside import in_turn
from .stats import median

TARGET = 0.5  # the emulator's retrieve at least half the ceiling's rate
_TARGETED = "retrieve"


def _load(url: str, operation: str, scale: Scale) -> dict[str, Any]:
    done = subprocess.run(
        module_command(
            "benchmarks.loadgen",
            url,
            operation,
            str(scale.load_seconds),
            str(scale.load_connections),
        ),
        capture_output=True,
        text=True,
        check=False,  # its stderr says why: raised below
    )
    if done.returncode != 0:
        raise RuntimeError(f"loadgen {operation} against {url} failed: {done.stderr.strip()}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _summary(runs: list[dict[str, Any]]) -> tuple[float, str]:
    rps = median([r["rps"] for r in runs])
    p50 = median([r["p50"] for r in runs])
    p99 = median([r["p99"] for r in runs])
    return rps, f"{rps:,.0f} rps (p50 {millis(p50)}, p99 {millis(p99)})"


def run(scale: Scale) -> list[Row]:
    results: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    with (
        tempfile.TemporaryDirectory() as directory,
        running(emulator_command(str(Path(directory) / "dialstack-emulator.sqlite3"))) as emulator,
        running(module_command("benchmarks.ceiling_app")) as ceiling,
    ):
        for operation in OPERATIONS:
            ours: list[dict[str, Any]] = []
            bare: list[dict[str, Any]] = []
            for url, runs in in_turn(scale.load_rounds, (emulator, ours), (ceiling, bare)):
                runs.append(_load(url, operation, scale))
            results[operation] = (ours, bare)
    rows: list[Row] = []
    for operation, (ours, bare) in results.items():
        our_rps, our_text = _summary(ours)
        bare_rps, bare_text = _summary(bare)
        ratio = our_rps / bare_rps
        targeted = operation == _TARGETED
        rows.append(
            Row(
                f"emulator {operation} (SQLite file, {scale.load_connections} connections)",
                our_text,
                bare_text + " bare Starlette",
                ratio,
                f">= {TARGET:.2f}" if targeted else "",
                ratio >= TARGET if targeted else None,
            )
        )
    return rows
