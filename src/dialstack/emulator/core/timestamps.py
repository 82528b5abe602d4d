"""Timestamps as the API writes them: ISO 8601 UTC with microseconds and "Z"."""

import time


def iso(epoch_ns: int) -> str:
    seconds, nanos = divmod(epoch_ns, 1_000_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{nanos // 1000:06d}Z"


def now() -> str:
    return iso(time.time_ns())
