"""``listen`` with a real receiver that verifies every signature, and ``logs tail``."""

import json
import signal
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2
import pytest

from dialstack import DialStack, webhooks
from dialstack.emulator import EmulatorHandle

from .conftest import CommandRunner, Running, StartCommand


class Receiver:
    """An HTTP server on 127.0.0.1 that keeps each POST's raw body and signature header."""

    def __init__(self) -> None:
        received = self.received = list[tuple[bytes, str]]()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((body, self.headers.get("X-DialStack-Signature", "")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.server.shutdown()
    made.server.server_close()


def secret_from(listen: Running) -> str:
    ready = listen.line(listen.stdout)
    prefix = "Ready! Your webhook signing secret is "
    assert ready.startswith(prefix), ready
    return ready.removeprefix(prefix).split()[0]


def new_account(dialstack_cli: CommandRunner) -> str:
    created = dialstack_cli("accounts", "create", "--email", "owner@example.com")
    account_id: str = json.loads(created.stdout)["id"]
    return account_id


def test_listen_forwards_signed_events_and_deletes_its_endpoint_on_ctrl_c(
    dialstack_cli: CommandRunner,
    start_command: StartCommand,
    receiver: Receiver,
    dialstack_client: DialStack,
) -> None:
    account_id = new_account(dialstack_cli)
    listen = start_command("listen", "--forward-to", receiver.url)
    secret = secret_from(listen)
    assert secret.startswith("whsec_")
    [endpoint] = dialstack_client.webhook_endpoints.list().data
    assert endpoint.url == receiver.url and endpoint.account_id is None

    sent = json.loads(dialstack_cli("trigger", "voicemail.new", "--account", account_id).stdout)
    line = listen.line(listen.stdout)
    _when, event_type, event_id, status, *_ = line.split()
    assert (event_type, event_id, status) == ("voicemail.new", sent["id"], "200")
    [(body, signature)] = receiver.received
    event = webhooks.construct_event(body, signature, secret)
    assert (event.id, event.type, event.account_id) == (sent["id"], "voicemail.new", account_id)

    assert listen.stop(signal.SIGINT) == 0
    assert dialstack_client.webhook_endpoints.list().data == []
    assert "Deleted webhook endpoint" in "".join(listen.everything)


def test_listen_scoped_to_an_account_and_events_stops_on_sigterm(
    dialstack_cli: CommandRunner,
    start_command: StartCommand,
    receiver: Receiver,
    dialstack_client: DialStack,
) -> None:
    account_id = new_account(dialstack_cli)
    listen = start_command(
        "listen",
        "--forward-to",
        receiver.url,
        "--events",
        "call.end,voicemail.new",
        "--account",
        account_id,
    )
    secret = secret_from(listen)
    [endpoint] = dialstack_client.webhook_endpoints.list(dialstack_account=account_id).data
    assert endpoint.account_id == account_id
    assert sorted(endpoint.enabled_events) == ["call.end", "voicemail.new"]

    dialstack_cli("trigger", "fax.received", "--account", account_id)  # not asked for
    sent = json.loads(dialstack_cli("trigger", "call.end", "--account", account_id).stdout)
    assert sent["id"] in listen.line(listen.stdout)
    [(body, signature)] = receiver.received
    assert webhooks.construct_event(body, signature, secret).type == "call.end"

    assert listen.stop(signal.SIGTERM) == 0
    assert dialstack_client.webhook_endpoints.list(dialstack_account=account_id).data == []


def test_logs_tail_shows_each_request_and_no_key(
    dialstack_cli: CommandRunner, start_command: StartCommand, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_cli("accounts", "list")  # before the tail: not shown
    tail = start_command("logs", "tail")
    assert tail.line(tail.stderr).startswith("Ready!")
    account_id = new_account(dialstack_cli)
    dialstack_cli("accounts", "retrieve", "acct_missing")
    dialstack_cli("accounts", "list", "--limit", "1")
    lines = [tail.line(tail.stdout) for _ in range(3)]
    logged = {entry.request_id for entry in dialstack_emulator.requests()}
    shown = [line.split() for line in lines]
    assert [words[1:4] for words in shown] == [
        ["POST", "/v1/accounts", "201"],
        ["GET", "/v1/accounts/acct_missing", "404"],
        ["GET", "/v1/accounts?limit=1", "200"],
    ]
    assert all(words[4] in logged for words in shown)
    assert account_id
    assert tail.stop(signal.SIGINT) == 0
    assert dialstack_emulator.api_key not in "".join(tail.everything)


def test_listen_and_tail_refuse_the_real_api_before_sending(
    dialstack_cli: CommandRunner, dialstack_emulator: EmulatorHandle
) -> None:
    real = ["--api-url", "https://api.dialstack.invalid"]
    listen = dialstack_cli(*real, "listen", "--forward-to", "http://127.0.0.1:8000/hooks")
    assert listen.returncode == 2 and "public" in listen.stderr
    tail = dialstack_cli(*real, "logs", "tail")
    assert tail.returncode == 2 and "emulator" in tail.stderr
    assert dialstack_emulator.requests() == []


def test_a_stream_command_prints_each_event_as_a_json_line_until_ctrl_c(
    dialstack_cli: CommandRunner, start_command: StartCommand, dialstack_emulator: EmulatorHandle
) -> None:
    account_id = new_account(dialstack_cli)
    follow = start_command(
        "presence", "subscribe_park_slots", "--account", account_id, "--park-slot", "4"
    )
    snapshot = json.loads(follow.line(follow.stdout))
    parked = httpx2.post(
        f"{dialstack_emulator.url}/_emulator/park_slots",
        json={"api_key": dialstack_emulator.api_key, "account": account_id, "slot": 4},
        trust_env=False,
    )
    change = json.loads(follow.line(follow.stdout))

    assert parked.status_code == 201
    assert snapshot == {"data": [{"object": "park_slot", "slot": 4, "parked_call": None}]}
    assert (change["object"], change["slot"], change["parked_call"]["status"]) == (
        "park_slot",
        4,
        "parked",
    )
    assert follow.stop(signal.SIGINT) == 0
    assert dialstack_emulator.api_key not in "".join(follow.everything)
