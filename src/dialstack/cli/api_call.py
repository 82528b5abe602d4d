"""``dialstack <namespace> <method>``: one SDK method, called with typed keyword arguments.

The call goes through ``DialStack`` (``getattr`` down the namespace), so the SDK's own
checks apply: its ``TypeError`` or ``ValueError`` before sending is an argument mistake.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from .connection import connection
from .output import emit, emit_line
from .stopping import until_stopped
from .table import Entry, dotted
from .values import ArgumentMistake, Arguments

FIELD_DEST = "field:"
"""The prefix of the argparse destinations that hold ``--field`` values."""


def arguments(entry: Entry, options: argparse.Namespace) -> dict[str, Any]:
    built = Arguments(entry["fields"])
    given = vars(options)
    for found in entry["fields"]:
        texts: list[str] | None = given.get(FIELD_DEST + found["name"])
        if texts is not None:
            built.add_option(found, texts)
    for pair in options.data:
        built.add_pair(pair)
    return built.values


def run(entry: Entry, options: argparse.Namespace) -> int:
    values = arguments(entry, options)
    ids = [getattr(options, param["name"]) for param in entry["path_params"]]
    if options.idempotency_key is not None:
        values["idempotency_key"] = options.idempotency_key
    with connection(options).client() as client:
        resource: Any = client
        for name in entry["namespace"]:
            resource = getattr(resource, name)
        if entry["stream"]:
            return _follow(entry, getattr(resource, entry["method"]), values)
        if getattr(options, "all", False):
            method = getattr(resource, entry["method"])
            for item in _sdk_call(entry, method, ids, values).auto_paging_iter():
                emit_line(item)
            return 0
        method = getattr(resource.with_raw_response, entry["method"])
        raw = _sdk_call(entry, method, ids, values)
        if raw.content.strip():  # a 204 (a delete) prints nothing
            emit(json.loads(raw.content))
    return 0


def _follow(entry: Entry, method: Any, values: dict[str, Any]) -> int:
    """A stream's events, one JSON Lines record each, until Ctrl-C, SIGTERM or SIGHUP."""
    with until_stopped(), _sdk_call(entry, method, [], values) as events:
        for event in events:
            emit_line(event)
    return 0


def _sdk_call(entry: Entry, method: Any, ids: list[str], values: dict[str, Any]) -> Any:
    try:
        return method(*ids, **values)
    except (TypeError, ValueError) as error:  # the SDK refused the arguments: nothing was sent
        text = str(error)
        where = dotted(entry)
        raise ArgumentMistake(text if text.startswith(where) else f"{where}(): {text}") from None
