"""schemathesis hooks for the emulator's run (loaded through SCHEMATHESIS_HOOKS).

A reused Idempotency-Key with another request is refused by design, and the schema cannot
say "one key per request": each generated key is made unique, which keeps the request
schema-valid.

A parameter marked ``x-dialstack-issued`` (a page token, a cursor id) takes only values the
server handed out, which no generator can make up: such a parameter is left out, which keeps
the request schema-valid (none is required) and so never sends two exclusive cursors either.
"""

import itertools
import json
from importlib.resources import files
from typing import Any

import schemathesis

_keys = itertools.count()
_description = json.loads(files("dialstack.emulator").joinpath("openapi.json").read_text())
_ISSUED = frozenset(
    parameter["name"]
    for parameter in _description["components"]["parameters"].values()
    if parameter.get("x-dialstack-issued")
)


@schemathesis.hook  # pyright: ignore[reportUnknownMemberType] (untyped decorator)
def before_call(_context: Any, case: Any, _kwargs: dict[str, Any]) -> None:
    headers = case.headers
    if headers and headers.get("Idempotency-Key"):
        headers["Idempotency-Key"] = f"schemathesis-{next(_keys)}"
    if case.query:
        for name in _ISSUED & case.query.keys():
            del case.query[name]
