"""``dialstack listen --forward-to URL``: a webhook endpoint for as long as the command runs.

It registers an endpoint for URL, prints the endpoint's signing secret, then (on the
emulator) one line per delivery attempt, read from ``GET /_emulator/webhook_deliveries``,
and deletes the endpoint when it is stopped (Ctrl-C, SIGTERM, SIGHUP) or fails. The real
API keeps no delivery log that a key can read: there the command only holds the endpoint.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from .connection import Connection, connection, is_loopback
from .output import error_line, say
from .stopping import POLL_SECONDS, shielded, until_stopped
from .values import ArgumentMistake

REAL_API_NOTE = (
    "The DialStack API delivers to your URL directly and keeps no delivery log this "
    "command can follow: watch your receiver. The endpoint is deleted when you stop."
)


def run(options: argparse.Namespace) -> int:
    target = connection(options)
    forward_to: str = options.forward_to
    if not target.is_emulator() and is_loopback(forward_to):
        raise ArgumentMistake(
            "--forward-to: the DialStack API cannot reach a loopback URL; give a public one "
            "(a tunnel to this machine), or use the emulator"
        )
    events = [name.strip() for name in (options.events or "*").split(",") if name.strip()]
    endpoint_id: str | None = None
    with target.client() as client:
        try:
            with until_stopped():
                endpoint = client.webhook_endpoints.create(
                    url=forward_to, enabled_events=events, description="dialstack listen"
                )
                endpoint_id = endpoint.id
                print(
                    f"Ready! Your webhook signing secret is {endpoint.secret} (^C to quit)",
                    flush=True,
                )
                say(f"Forwarding {', '.join(events)} to {forward_to} (endpoint {endpoint_id})")
                if target.is_emulator():
                    _follow(target, endpoint_id)
                else:
                    say(REAL_API_NOTE)
                    while True:
                        time.sleep(3600)
        finally:
            deleted = endpoint_id is None or _delete(client.webhook_endpoints, endpoint_id)
    return 0 if deleted else 1


def _follow(target: Connection, endpoint_id: str) -> None:
    shown: set[tuple[str, int]] = set()
    while True:
        answer = target.control("webhook_deliveries", endpoint=endpoint_id)
        attempts = [
            (attempt, delivery)
            for delivery in answer["data"]
            for attempt in delivery["attempts"]
            if (delivery["id"], attempt["number"]) not in shown
        ]
        for attempt, delivery in sorted(attempts, key=lambda found: found[0]["started_at"]):
            shown.add((delivery["id"], attempt["number"]))
            print(_attempt_line(delivery, attempt), flush=True)
        time.sleep(POLL_SECONDS)


def _attempt_line(delivery: dict[str, Any], attempt: dict[str, Any]) -> str:
    """``<started_at>  <event type>  <event id>  <status or error>  attempt <n>``."""
    status = attempt["status_code"]
    result = str(status) if status is not None else f"error: {attempt['error']}"
    return (
        f"{attempt['started_at']}  {delivery['event_type']}  {delivery['event']}  {result}"
        f"  attempt {attempt['number']}"
    )


def _delete(endpoints: Any, endpoint_id: str) -> bool:
    from dialstack import DialStackError  # noqa: PLC0415 - loaded with the client already

    with shielded():
        try:
            endpoints.delete(endpoint_id)
        except DialStackError as error:
            say(f"dialstack: could not delete webhook endpoint {endpoint_id}: {error_line(error)}")
            return False
    say(f"Deleted webhook endpoint {endpoint_id}")
    return True
