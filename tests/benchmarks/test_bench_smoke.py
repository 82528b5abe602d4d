"""The benchmark suite's smoke run: every benchmark still runs and reports its row.

No timed assertion: the figures of a smoke run mean nothing, and speed is not a CI gate.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ROWS = (
    "import, -X importtime cumulative",
    "import, interpreter wall",
    "import + client, in-process",
    "import + client, interpreter wall",
    "sync retrieve, per call",
    "new client + first request",
    "async retrieve, concurrency 1, per call",
    "async retrieve, concurrency 16, per call",
    "async retrieve, concurrency 64, per call",
    "auto_paging_iter peak memory",
    "auto_paging_iter max RSS",
    "emulator create",
    "emulator retrieve",
    "emulator list",
    "emulator start to first request",
    "retry path: 503, 503, 200",
    "pytest test of 4 calls, dialstack_client in-process",
    "pytest test of 4 calls, dialstack_client socket",
    "emulator simulated call",
    "calls.list auto_paging_iter peak memory",
    "construct_event, 2 KB event",
    "webhook delivery throughput",
    "webhook latency, trigger to receiver",
)


def test_smoke_run_reports_every_benchmark() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    table_rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    for name in ROWS:
        assert any(line.startswith(f"| {name}") for line in table_rows), (name, done.stdout)
