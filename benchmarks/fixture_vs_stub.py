"""A pytest test of four calls (create account, create user, create
session, list users) with the ``dialstack_client`` fixture, next to the same test on a
hand-written ``httpx2.MockTransport`` stub (what users write instead when the real thing
is slow).

Each side is a real pytest run in a subprocess over a generated test file; a small plugin
in it sums the time of every test's whole protocol (fixture setup, call, teardown) except
the first one's, which starts the session's emulator once. Sides alternate over rounds; the
ratio is the median of per-round ratios (``sidebyside``)."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from .results import Row, millis
from .scale import Scale
from .sidebyside import in_turn
from .stats import median

_TESTS = """
import itertools

import httpx2
import pytest

from dialstack import DialStack

TESTS = range({tests})
STAMP = "2026-11-25T08:32:58.123456Z"
_ids = itertools.count()


def _stub(request: httpx2.Request) -> httpx2.Response:
    n = next(_ids)
    if request.url.path == "/v1/accounts":
        return httpx2.Response(201, json={{
            "id": f"acct_{{n}}", "object": "account", "email": "a@example.com",
            "primary_contact_name": None, "address": None, "pricing": None,
            "config": {{
                "region": "US", "extension_length": 4, "transcription_enabled": False,
                "recording_enabled": False, "redaction_enabled": False, "timezone": "UTC",
                "default_agent_visible": True,
            }},
            "hold_music_clip_id": None, "main_location_id": None,
            "default_button_template": None, "tos_status": "unsigned", "tos_accepted_at": None,
            "created_at": STAMP, "updated_at": STAMP,
        }})
    if request.url.path == "/v1/users" and request.method == "POST":
        return httpx2.Response(201, json={{
            "id": f"user_{{n}}", "object": "user", "account_id": "acct_0", "name": "Ada",
            "email": "ada@example.com", "do_not_disturb": False,
            "config": {{"mobile_push_wakeup": False}}, "created_at": STAMP, "updated_at": STAMP,
        }})
    if request.url.path == "/v1/account_sessions":
        return httpx2.Response(201, json={{
            "object": "account_session", "account_id": "acct_0", "client_secret": "s",
            "expires_at": STAMP, "created_at": STAMP,
        }})
    return httpx2.Response(200, json={{
        "object": "list", "url": "/v1/users", "data": [], "has_more": False,
        "next_page_url": None, "previous_page_url": None,
    }})


@pytest.fixture
def stub_client():
    with httpx2.Client(transport=httpx2.MockTransport(_stub)) as http:
        yield DialStack(api_key="sk_test_stub", api_url="http://127.0.0.1:9", http_client=http)


def four_calls(client):
    account = client.accounts.create(email="a@example.com")
    client.users.create(name="Ada", email="ada@example.com", dialstack_account=account.id)
    components = {{"call_logs": {{"enabled": True}}}}
    client.account_sessions.create(account=account.id, components=components)
    client.users.list(dialstack_account=account.id)


@pytest.mark.parametrize("n", TESTS)
def test_emulator(dialstack_client, n):
    four_calls(dialstack_client)


@pytest.mark.parametrize("n", TESTS)
def test_stub(stub_client, n):
    four_calls(stub_client)
"""

_TIMER = """
import json
import os
import time

import pytest

_durations = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = time.perf_counter()
    yield
    _durations.append(time.perf_counter() - started)


def pytest_sessionfinish(session):
    with open(os.environ["FIXTURE_BENCH_OUT"], "w") as out:
        json.dump(_durations, out)
"""


def _per_test(directory: Path, side: str, transport: str) -> float:
    """Seconds per test of one pytest run of ``side``'s tests."""
    out = directory / "durations.json"
    (directory / "pytest.ini").write_text(f"[pytest]\ndialstack_emulator_transport = {transport}\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:asyncio",
            "-k",
            f"test_{side}",
        ],
        cwd=directory,
        env={**_environ(), "FIXTURE_BENCH_OUT": str(out)},
        capture_output=True,
        check=True,
        timeout=600,
    )
    durations: list[float] = json.loads(out.read_text())[1:]
    return sum(durations) / len(durations)


def _environ() -> dict[str, str]:
    """This environment without DIALSTACK_* (a named emulator would be used instead)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("DIALSTACK_")}


def _compare(directory: Path, transport: str, rounds: int) -> tuple[float, float, float]:
    ours: list[float] = []
    stub: list[float] = []
    sides = (("emulator", ours), ("stub", stub))
    for side, runs in in_turn(rounds, *sides):
        runs.append(_per_test(directory, side, transport))
    ratio = median([o / s for o, s in zip(ours, stub, strict=True)])
    return median(ours), median(stub), ratio


def run(scale: Scale) -> list[Row]:
    tests = max(20, scale.calls // 2)
    rounds = max(2, min(scale.rounds, 5))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        (directory / "test_four_calls.py").write_text(textwrap.dedent(_TESTS.format(tests=tests)))
        (directory / "conftest.py").write_text(_TIMER)
        for transport, target in (("in-process", "<= 2.00"), ("socket", "")):
            ours, stub, ratio = _compare(directory, transport, rounds)
            rows.append(
                Row(
                    f"pytest test of 4 calls, dialstack_client {transport} "
                    f"({tests} tests x {rounds} rounds)",
                    millis(ours) + " per test",
                    millis(stub) + " MockTransport stub",
                    ratio,
                    target,
                    ratio <= 2.0 if target else None,
                )
            )
    return rows
