"""One walk of the call log for the simulated-calls benchmark, in a fresh interpreter:
``python -m benchmarks.call_logs_walk URL ACCOUNT ITEMS PAGE_SIZE`` prints a JSON object with
the walk's tracemalloc peak (bytes above what was allocated when it started) and the items
seen."""

import argparse
import json
import sys
import tracemalloc

from dialstack import DialStack

from .fixtures import API_KEY

_WARMUP_PAGES = 300


def walk(client: DialStack, account: str, page_size: int, items: int | None = None) -> int:
    seen = 0
    for _ in client.calls.list(limit=page_size, dialstack_account=account).auto_paging_iter():
        seen += 1
        if seen == items:
            break
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.call_logs_walk")
    parser.add_argument("url")
    parser.add_argument("account")
    parser.add_argument("items", type=int)
    parser.add_argument("page_size", type=int)
    options = parser.parse_args()
    tracemalloc.start()
    with DialStack(api_key=API_KEY, api_url=options.url) as client:
        # Warm-up, as in pagination_walk: modules, converters, the connection, and the
        # bounded caches a walk touches filled with more page URLs than they keep.
        walk(client, options.account, 1, min(_WARMUP_PAGES, options.items))
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        seen = walk(client, options.account, options.page_size)
        peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    if seen != options.items:
        sys.exit(f"walked {seen} call logs, expected {options.items}")
    print(json.dumps({"items": seen, "peak_bytes": peak}))


if __name__ == "__main__":
    main()
