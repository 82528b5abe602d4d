"""One walk for benchmark 4, in a fresh interpreter: ``python -m benchmarks.pagination_walk
URL ITEMS PAGE_SIZE`` prints a JSON object with the walk's tracemalloc peak (bytes above
what was allocated when it started), its ru_maxrss and the items seen."""

import argparse
import json
import resource
import sys
import tracemalloc

from dialstack import DialStack

from .fixtures import API_KEY

_WARMUP_PAGES = 300


def walk(client: DialStack, items: int, page_size: int) -> int:
    page = client.accounts.list(limit=page_size, extra_query={"total": items})
    seen = 0
    for _ in page.auto_paging_iter():
        seen += 1
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pagination_walk")
    parser.add_argument("url")
    parser.add_argument("items", type=int)
    parser.add_argument("page_size", type=int)
    options = parser.parse_args()
    # Tracing starts before the warm-up: a cache entry made untraced and replaced during the
    # walk would otherwise count as growth (its replacement is traced, its freeing is not).
    tracemalloc.start()
    with DialStack(api_key=API_KEY, api_url=options.url) as client:
        # Warm-up: modules loaded, converters built, the connection open, and the bounded
        # caches a walk touches (urlsplit's lru_cache keeps 128 URLs) filled with more
        # distinct page URLs than they keep, so that a cache filling up is not mistaken for
        # the walk growing.
        walk(client, _WARMUP_PAGES, 1)
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        seen = walk(client, options.items, options.page_size)
        peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    if seen != options.items:
        sys.exit(f"walked {seen} items, expected {options.items}")
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"items": seen, "peak_bytes": peak, "maxrss_bytes": maxrss_kib * 1024}))


if __name__ == "__main__":
    main()
