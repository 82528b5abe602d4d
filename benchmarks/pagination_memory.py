"""Benchmark 4: ``auto_paging_iter()`` over a large collection must hold no more memory than
over a small one. Each walk runs in a fresh interpreter (``pagination_walk``) against the
stub server, which synthesises the pages (with ``next_page_url``)."""

import json
import subprocess
from typing import Any

from .processes import module_command, running
from .results import Row
from .scale import Scale

TARGET = 1.10  # "flat": the large walk's peak within 10% of the small one's


def _walk(url: str, items: int, page_size: int) -> dict[str, Any]:
    done = subprocess.run(
        module_command("benchmarks.pagination_walk", url, str(items), str(page_size)),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the walk of {items} items failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _kib(count: float) -> str:
    return f"{count / 1024:,.0f} KiB"


def run(scale: Scale) -> list[Row]:
    with running(module_command("benchmarks.stub_server")) as url:
        small = _walk(url, scale.walk_small, scale.page_size)
        middle = _walk(url, scale.walk_middle, scale.page_size)
        large = _walk(url, scale.walk_large, scale.page_size)
    peak_ratio = large["peak_bytes"] / small["peak_bytes"]
    growth = large["peak_bytes"] - small["peak_bytes"]
    rss_growth = large["maxrss_bytes"] - small["maxrss_bytes"]
    return [
        Row(
            f"auto_paging_iter peak memory, {scale.walk_large:,} vs {scale.walk_small:,} items",
            f"{_kib(large['peak_bytes'])} (+{_kib(growth)}; "
            f"{scale.walk_middle:,} items: {_kib(middle['peak_bytes'])})",
            _kib(small["peak_bytes"]),
            peak_ratio,
            f"<= {TARGET:.2f} (flat)",
            peak_ratio <= TARGET,
        ),
        Row(
            "auto_paging_iter max RSS, same walks",
            f"{_kib(large['maxrss_bytes'])} (+{_kib(rss_growth)})",
            _kib(small["maxrss_bytes"]),
            large["maxrss_bytes"] / small["maxrss_bytes"],
            "",
            None,
        ),
    ]
