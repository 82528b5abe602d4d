"""TypeIDs: a type prefix, "_", then a UUIDv7 in 26 lowercase Crockford base32 characters.

https://github.com/jetify-com/typeid/tree/main/spec: the 128 bits are left-padded to 130 and
written five bits at a time, so the first character is at most "7".
"""

import random
import re
import threading
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_SUFFIX_LENGTH = 26
_SEEDED_EPOCH_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z: where a seeded clock starts
_SUFFIX_PATTERN = re.compile(rf"[0-7][{_ALPHABET}]{{25}}")


def encode_suffix(value: int) -> str:
    chars = [""] * _SUFFIX_LENGTH
    for position in range(_SUFFIX_LENGTH - 1, -1, -1):
        chars[position] = _ALPHABET[value & 0x1F]
        value >>= 5
    return "".join(chars)


def decode_suffix(suffix: str) -> int:
    value = 0
    for char in suffix:
        value = (value << 5) | _ALPHABET.index(char)
    return value


def is_typeid(value: str, prefix: str) -> bool:
    """Whether ``value`` is ``prefix`` + "_" + a well-formed suffix (checked, not looked up)."""
    head, _, suffix = value.rpartition("_")
    return head == prefix and _SUFFIX_PATTERN.fullmatch(suffix) is not None


class IdFactory:
    """Makes UUIDv7 TypeIDs, strictly increasing within the process.

    Keyset pagination orders by id, so a later id must sort after an earlier one even within
    one millisecond (RFC 9562 section 6.2, method 2: a monotonic random part). With a seed the
    clock is virtual (one millisecond per id from a fixed epoch) and the random bits come from
    the seed, so a seeded run makes the same ids every time.
    """

    def __init__(self, seed: int | None = None) -> None:
        # Ids need uniqueness and order, not secrecy; a seedable generator gives both.
        self._random = random.Random(seed)  # noqa: S311
        self._seeded = seed is not None
        self._last_ms = _SEEDED_EPOCH_MS if self._seeded else 0
        self._last_random = 0
        self._lock = threading.Lock()

    def new(self, prefix: str) -> str:
        with self._lock:
            if self._seeded:
                self._last_ms += 1
                now_ms = self._last_ms
            else:
                now_ms = max(time.time_ns() // 1_000_000, self._last_ms)
            if now_ms == self._last_ms and not self._seeded:
                # Same millisecond: step the 74 random bits by a small random amount.
                self._last_random += 1 + self._random.getrandbits(16)
            else:
                self._last_random = self._random.getrandbits(73)
            self._last_ms = now_ms
            rand_a = (self._last_random >> 62) & 0xFFF
            rand_b = self._last_random & ((1 << 62) - 1)
            value = (now_ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
        return f"{prefix}_{encode_suffix(value)}"

    def advance_past(self, typeid: str) -> None:
        """Never make an id at or before ``typeid`` (a database reopened with the same seed)."""
        suffix = typeid.rpartition("_")[2]
        timestamp_ms = decode_suffix(suffix) >> 80
        with self._lock:
            self._last_ms = max(self._last_ms, timestamp_ms)
