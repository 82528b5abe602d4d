"""``python -m benchmarks [--smoke] [--json PATH] [--only NAME ...]``: run the suite, print
one table. ``--smoke`` runs a few iterations of each benchmark (its figures mean nothing; it
proves the suite still runs). Timed figures never fail the run: only a broken benchmark does."""

import argparse
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx2

from . import (
    async_overhead,
    call_filters,
    delivery_history,
    emulator_load,
    emulator_startup,
    first_request,
    fixture_vs_stub,
    import_time,
    pagination_memory,
    retry_path,
    simulated_calls,
    sync_overhead,
    webhook_delivery,
    webhook_verify,
)
from .results import Row, table, write_json
from .scale import FULL, SMOKE, Scale

BENCHMARKS: dict[str, Callable[[Scale], list[Row]]] = {
    "import": import_time.run,
    "sync": sync_overhead.run,
    "first-request": first_request.run,
    "async": async_overhead.run,
    "pagination": pagination_memory.run,
    "emulator": emulator_load.run,
    "startup": emulator_startup.run,
    "retry": retry_path.run,
    "fixtures": fixture_vs_stub.run,
    "simulated-calls": simulated_calls.run,
    "webhook-verify": webhook_verify.run,
    "webhook-delivery": webhook_delivery.run,
    "delivery-history": delivery_history.run,
    "call-filters": call_filters.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a few iterations of each")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the rows as JSON")
    parser.add_argument(
        "--only", nargs="+", choices=sorted(BENCHMARKS), metavar="NAME", help="run only these"
    )
    options = parser.parse_args(argv)
    scale = SMOKE if options.smoke else FULL
    chosen = options.only or list(BENCHMARKS)
    rows: list[Row] = []
    started = time.perf_counter()
    for name in chosen:
        print(f"running {name}...", file=sys.stderr, flush=True)
        rows.extend(BENCHMARKS[name](scale))
    mode = "smoke (figures meaningless)" if options.smoke else "full"
    print(
        f"\nPython {platform.python_version()}, httpx2 {httpx2.__version__}, "
        f"{platform.machine()}, {mode} run in {time.perf_counter() - started:.0f} s\n"
    )
    print(table(rows))
    if options.json is not None:
        write_json(rows, options.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
