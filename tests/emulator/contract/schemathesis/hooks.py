"""schemathesis hooks for the emulator's run (loaded through SCHEMATHESIS_HOOKS).

A reused Idempotency-Key with another request is refused by design, and the schema cannot
say "one key per request": each generated key is made unique, which keeps the request
schema-valid.
"""

import itertools
from typing import Any

import schemathesis

_keys = itertools.count()


@schemathesis.hook  # pyright: ignore[reportUnknownMemberType] (untyped decorator)
def before_call(_context: Any, case: Any, _kwargs: dict[str, Any]) -> None:
    headers = case.headers
    if headers and headers.get("Idempotency-Key"):
        headers["Idempotency-Key"] = f"schemathesis-{next(_keys)}"
