"""Pending deliveries are in SQLite: after kill -9 and a restart on the same file, the
emulator delivers them, same event id and body."""

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from dialstack.testing.webhooks import WebhookReceiver

API_KEY = "sk_test_restart_with_pending_deliveries"


@contextmanager
def emulator_process(db: Path) -> Generator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "dialstack.emulator", "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        found = re.search(r"http://[\d.:]+", process.stdout.readline())
        assert found is not None
        yield process, found[0]
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def client(url: str) -> httpx2.Client:
    return httpx2.Client(
        base_url=url, headers={"Authorization": f"Bearer {API_KEY}"}, trust_env=False, timeout=30
    )


def test_pending_deliveries_survive_kill_9(tmp_path: Path, receiver: WebhookReceiver) -> None:
    db = tmp_path / "emulator.sqlite3"
    receiver.fail_next(1000)
    with emulator_process(db) as (process, url), client(url) as api:
        account = api.post("/v1/accounts", json={}).json()["id"]
        receiver.register(url, API_KEY)
        event_ids = [
            api.post(
                "/v1/test_helpers/events",
                json={"event": kind},
                headers={"DialStack-Account": account},
            ).json()["id"]
            for kind in ("call.end", "voicemail.new")
        ]
        counts = receiver.flush()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    assert counts["pending"] == 2
    receiver.recover()

    with emulator_process(db) as (_, url):
        receiver.attach(url, API_KEY)
        after = receiver.flush(retries=True)

    assert after == {"pending": 0, "delivered": 2, "failed": 0, "canceled": 0}
    assert sorted(e.id for e in receiver.events) == sorted(event_ids)


def test_a_delivery_cut_off_mid_attempt_is_made_after_restart(
    tmp_path: Path, receiver: WebhookReceiver
) -> None:
    db = tmp_path / "emulator.sqlite3"
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    silent.settimeout(30)
    with silent, emulator_process(db) as (process, url), client(url) as api:
        account = api.post("/v1/accounts", json={}).json()["id"]
        hook = {"url": f"http://127.0.0.1:{silent.getsockname()[1]}/hooks"}
        created = api.post("/v1/webhook_endpoints", json=hook).json()
        event_id = api.post(
            "/v1/test_helpers/events",
            json={"event": "call.end"},
            headers={"DialStack-Account": account},
        ).json()["id"]
        connection, _ = silent.accept()  # the attempt is in flight
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        connection.close()
    receiver.secret = created["secret"]

    with emulator_process(db) as (_, url), client(url) as api:
        api.post(f"/v1/webhook_endpoints/{created['id']}", json={"url": receiver.url})
        receiver.attach(url, API_KEY)
        counts = receiver.flush(retries=True)

    assert [e.id for e in receiver.events] == [event_id]
    assert counts["delivered"] == 1
