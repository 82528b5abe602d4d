"""What the commands print: JSON on stdout, one line per failure on stderr."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialstack import DialStackError


def emit(value: Any) -> None:
    """One JSON document: indented for a person at a terminal, compact for a pipe."""
    if sys.stdout.isatty():
        text = json.dumps(value, indent=2, ensure_ascii=False)
    else:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    print(text, flush=True)


def emit_line(value: Any) -> None:
    """One JSON Lines record, whatever stdout is."""
    print(json.dumps(value, separators=(",", ":"), ensure_ascii=False), flush=True)


def say(text: str) -> None:
    """A note for the person watching (stderr), kept out of what a pipe reads."""
    print(text, file=sys.stderr, flush=True)


def error_line(error: DialStackError) -> str:
    """``404 not_found: No such account (request req_...)``, on one line."""
    parts = [str(error.status_code)] if error.status_code is not None else []
    parts.append(f"{error.code or type(error).__name__}:")
    parts.append(one_line(error.message))
    if error.request_id:
        parts.append(f"(request {error.request_id})")
    return " ".join(parts)


def one_line(text: str) -> str:
    return " ".join(str(text).split())
