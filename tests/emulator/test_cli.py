"""The command line, as a real subprocess: ready line, signals, `-- COMMAND`, kill -9."""

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest

CLI = [sys.executable, "-m", "dialstack.emulator"]
KEY = "sk_test_cli_tests_key_0001"


@contextmanager
def running(*options: str) -> Generator[tuple[subprocess.Popen[str], str], None, None]:
    """The CLI started with ``options``, and its URL once it printed the ready line."""
    process = subprocess.Popen(
        [*CLI, "--port", "0", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        ready = process.stdout.readline()
        match = re.fullmatch(
            r"DialStack emulator listening on (http://127\.0\.0\.1:(\d+))\n", banner
        )
        assert match is not None, banner
        assert ready == "ready\n"
        assert match.group(2) != "0"
        yield process, match.group(1)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def _create_account(url: str, email: str) -> httpx2.Response:
    return httpx2.post(
        f"{url}/v1/accounts",
        json={"email": email},
        headers={"Authorization": f"Bearer {KEY}"},
        trust_env=False,
    )


def test_the_cli_serves_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    with running("--db", str(tmp_path / "e.sqlite3"), "--api-key", KEY) as (process, url):
        created = _create_account(url, "cli@example.com")
        process.send_signal(signal.SIGTERM)
        code = process.wait()

    assert created.status_code == 201
    assert code == 0


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    with running("--db", ":memory:") as (process, url):
        assert httpx2.get(f"{url}/_emulator/health", trust_env=False).status_code == 200
        process.send_signal(signal.SIGINT)
        code = process.wait()

    assert code == 0


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_sent_the_moment_it_is_ready_stops_it(stop_signal: signal.Signals) -> None:
    # Started from a shell script or a CI job, a child may inherit both signals ignored.
    ignoring = ["sh", "-c", "trap '' TERM INT; exec \"$@\"", "sh"]
    process = subprocess.Popen(
        [*ignoring, *CLI, "--port", "0", "--db", ":memory:"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("DialStack emulator listening on ")
    assert process.stdout.readline() == "ready\n"
    process.send_signal(stop_signal)

    assert process.wait(timeout=30) == 0
    process.communicate()


def test_the_db_defaults_to_a_file_in_the_working_directory(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [*CLI, "--port", "0"], cwd=tmp_path, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.readline()
    process.send_signal(signal.SIGTERM)
    process.communicate()

    assert (tmp_path / "dialstack-emulator.sqlite3").exists()


def test_a_live_api_key_option_is_refused() -> None:
    answer = subprocess.run(
        [*CLI, "--api-key", "sk_live_nope"], capture_output=True, text=True, check=False
    )

    assert answer.returncode == 2
    assert "live keys" in answer.stderr


def test_a_command_after_dashdash_runs_against_it_and_sets_the_exit_code() -> None:
    script = (
        "import os, sys, httpx2\n"
        "url, key = os.environ['DIALSTACK_API_URL'], os.environ['DIALSTACK_API_KEY']\n"
        "answer = httpx2.post(url + '/v1/accounts', json={},"
        " headers={'Authorization': 'Bearer ' + key}, trust_env=False)\n"
        "print(key[:8], answer.status_code)\n"
        "sys.exit(7)\n"
    )

    answer = subprocess.run(
        [*CLI, "--port", "0", "--db", ":memory:", "--", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
    )

    assert answer.returncode == 7
    assert "sk_test_ 201" in answer.stdout


def test_the_console_script_exists_and_passes_the_given_key() -> None:
    script = Path(sys.executable).parent / "dialstack-emulator"

    answer = subprocess.run(
        [
            str(script),
            "--port",
            "0",
            "--db",
            ":memory:",
            "--api-key",
            KEY,
            "--",
            sys.executable,
            "-c",
            "import os; print(os.environ['DIALSTACK_API_KEY'])",
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert answer.returncode == 0
    assert KEY in answer.stdout


def test_acknowledged_writes_survive_kill_9(tmp_path: Path) -> None:
    db = str(tmp_path / "durable.sqlite3")
    with running("--db", db, "--api-key", KEY) as (process, url):
        acknowledged = [
            _create_account(url, f"user{number}@example.com").json()["id"] for number in range(20)
        ]
        process.send_signal(signal.SIGKILL)
        process.wait()

    with running("--db", db, "--api-key", KEY) as (_process, url):
        listed = httpx2.get(
            f"{url}/v1/accounts",
            params={"limit": 100},
            headers={"Authorization": f"Bearer {KEY}"},
            trust_env=False,
        ).json()["data"]
        after_restart = _create_account(url, "after@example.com").json()["id"]

    assert sorted(account["id"] for account in listed) == sorted(acknowledged)
    assert after_restart > max(acknowledged)


def test_a_seed_makes_the_same_ids_every_run() -> None:
    def first_ids() -> list[str]:
        with running("--db", ":memory:", "--seed", "42", "--api-key", KEY) as (_process, url):
            return [_create_account(url, f"s{n}@example.com").json()["id"] for n in range(3)]

    assert first_ids() == first_ids()


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    with running("--db", str(tmp_path / "c.sqlite3"), "--api-key", KEY) as (_process, url):
        headers = {"Authorization": f"Bearer {KEY}"}
        account = _create_account(url, "owner@example.com").json()["id"]
        user_headers = {**headers, "DialStack-Account": account}
        created: list[str] = []
        lock = threading.Lock()

        def writer(worker: int) -> None:
            with httpx2.Client(base_url=url, headers=user_headers, trust_env=False) as client:
                for number in range(10):
                    answer = client.post(
                        "/v1/users", json={"email": f"w{worker}-{number}@example.com"}
                    )
                    assert answer.status_code == 201
                    with lock:
                        created.append(answer.json()["id"])

        threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored: list[str] = []
        page_url: str | None = "/v1/users?limit=100"
        while page_url is not None:
            page = httpx2.get(f"{url}{page_url}", headers=user_headers, trust_env=False).json()
            stored += [user["id"] for user in page["data"]]
            page_url = page["next_page_url"]

    assert len(created) == 80
    assert len(set(created)) == 80
    assert sorted(stored) == sorted(created)


def test_the_plugin_imports_without_the_emulator_extra() -> None:
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'starlette', 'uvicorn'}:\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import dialstack.testing.pytest_plugin\n"
        "import dialstack.emulator\n"
        "print('ok')\n"
    )

    answer = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )

    assert answer.stdout == "ok\n", answer.stderr
