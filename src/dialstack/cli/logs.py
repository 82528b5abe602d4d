"""``dialstack logs tail``: the emulator's request log, one line per request as it ends.

The log (``GET /_emulator/requests``) has no cursor and keeps each key's last 1000
entries, so requests are told apart by their request id. The log has no times: a line
shows when the command saw the answer (within ``POLL_SECONDS``). Keys, tokens and secrets
are already hidden by the emulator, and no header is printed.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from typing import Any

from .connection import connection
from .output import say
from .stopping import POLL_SECONDS, until_stopped
from .values import ArgumentMistake

UNANSWERED_SECONDS = 65.0
"""How long a request may stay unanswered (status 0) before it is shown as dropped: past
the emulator's longest fault delay (60 s)."""


def run(options: argparse.Namespace) -> int:
    target = connection(options)
    if not target.is_emulator():
        raise ArgumentMistake(
            "logs tail follows the emulator's request log; the DialStack API at "
            f"{target.origin} has none to follow"
        )
    shown = {entry["request_id"] for entry in target.control("requests")["data"]}
    unanswered: dict[str, float] = {}
    say(f"Ready! Following the request log of the emulator at {target.origin} (^C to quit)")
    with until_stopped():
        while True:
            entries: list[dict[str, Any]] = target.control("requests")["data"]
            now = time.monotonic()
            for entry in entries:
                request_id = entry["request_id"]
                if request_id in shown:
                    continue
                if entry["status"] == 0:
                    since = unanswered.setdefault(request_id, now)
                    if now - since < UNANSWERED_SECONDS:
                        continue
                unanswered.pop(request_id, None)
                shown.add(request_id)
                print(_line(entry), flush=True)
            kept = {entry["request_id"] for entry in entries}
            shown &= kept  # what left the log cannot come back
            time.sleep(POLL_SECONDS)
    return 0


def _line(entry: dict[str, Any]) -> str:
    """``12:00:01  POST /v1/accounts  201  req_...``."""
    seen_at = datetime.now().astimezone().strftime("%H:%M:%S")
    query = f"?{entry['query']}" if entry["query"] else ""
    status = entry["status"] or "dropped"
    return f"{seen_at}  {entry['method']} {entry['path']}{query}  {status}  {entry['request_id']}"
