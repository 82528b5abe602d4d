"""The command's surface: generated from the description, isolated from ``import dialstack``,
and never showing the key."""

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from apigen.cli_table import cli_table
from apigen.document import load
from apigen.operations import methods
from apigen.shapes import Types

from dialstack import DialStack, __version__
from dialstack.emulator import EmulatorHandle

from .conftest import CommandRunner, command_environment, installed_command

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "src" / "dialstack" / "cli" / "commands.json"


def test_the_table_is_what_scripts_generate_writes() -> None:
    document = load(ROOT / "api")
    assert TABLE.read_text() == cli_table(document, methods(document, Types(document)))


def test_every_method_of_the_table_is_a_command_and_an_sdk_method(
    dialstack_cli: CommandRunner,
) -> None:
    entries = json.loads(TABLE.read_text())["methods"]
    client = DialStack(api_key="sk_test_unused", api_url="http://127.0.0.1:9")
    for entry in entries:
        resource = client
        for name in entry["namespace"]:
            resource = getattr(resource, name)
        assert callable(getattr(resource, entry["method"])), entry["operation_id"]
    client.close()
    sample = entries[:: max(1, len(entries) // 6)]  # each --help is a process: a spread
    for entry in sample:
        shown = dialstack_cli(*entry["namespace"], entry["method"], "--help")
        assert shown.returncode == 0, shown.stderr
        assert entry["summary"].split()[0] in shown.stdout
        for field in entry["fields"]:
            assert field["name"].rstrip("_").replace("_", "-") in shown.stdout


def test_import_dialstack_does_not_import_the_command_line() -> None:
    code = "import sys, dialstack; print([m for m in sys.modules if m.startswith('dialstack.cli')])"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert found.stdout.strip() == "[]"


def test_version_and_the_emulator_command(dialstack_cli: CommandRunner) -> None:
    version = dialstack_cli("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"dialstack {__version__}")
    emulator = dialstack_cli("emulator", "--help")
    assert emulator.returncode == 0 and "dialstack-emulator" in emulator.stdout


def test_the_key_never_appears_in_output_errors_or_help(
    dialstack_cli: CommandRunner, dialstack_emulator: EmulatorHandle
) -> None:
    key = dialstack_emulator.api_key
    given = ["--api-key", key]
    runs = [
        dialstack_cli("--help"),
        dialstack_cli("accounts", "create", "--help"),
        dialstack_cli(*given, "accounts", "create", "--email", "a@example.com"),
        dialstack_cli(*given, "accounts", "retrieve", "acct_missing"),
        dialstack_cli(*given, "accounts", "create", "-d", "nope=1"),
        dialstack_cli("accounts", "list", "--api-key", key, "--bogus"),
        dialstack_cli(*given, "--api-url", "http://127.0.0.1:9", "accounts", "list"),
        dialstack_cli(*given, "--api-url", "http://127.0.0.1:9", "logs", "tail"),
    ]
    assert [run.returncode for run in runs] == [0, 0, 0, 1, 2, 2, 1, 1]
    for run in runs:
        assert key not in run.stdout and key not in run.stderr
        assert key[-8:] not in run.stdout + run.stderr


def test_no_key_is_an_argument_mistake(dialstack_emulator: EmulatorHandle) -> None:
    env = command_environment(dialstack_emulator)
    del env["DIALSTACK_API_KEY"]
    result = subprocess.run(
        [installed_command(), "accounts", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        2,
        "dialstack: error: no API key: pass --api-key or set DIALSTACK_API_KEY\n",
    )


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_json_is_indented_on_a_terminal_and_compact_in_a_pipe(
    dialstack_emulator: EmulatorHandle, dialstack_cli: CommandRunner
) -> None:
    leader, follower = pty.openpty()
    try:
        subprocess.run(
            [installed_command(), "accounts", "list"],
            env=command_environment(dialstack_emulator),
            stdout=follower,
            timeout=60,
            check=True,
        )
        shown = os.read(leader, 65536).decode()
    finally:
        os.close(leader)
        os.close(follower)
    assert shown.startswith('{\r\n  "object": "list"')
    piped = dialstack_cli("accounts", "list").stdout
    assert piped.startswith('{"object":"list"') and piped.count("\n") == 1
