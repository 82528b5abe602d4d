"""Which emulator the fixtures use, and what they say when they cannot start one."""

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from dialstack.emulator import EmulatorHandle
from dialstack.testing._target import running_emulator

ROOT = Path(__file__).resolve().parents[2]


def run_pytest(
    directory: Path, test_file: str, *, conftest: str = "", wrapper: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """pytest on one test file in a directory of its own, optionally inside ``wrapper``
    (``dialstack-emulator ... --``), with no DIALSTACK_* variables from this run."""
    (directory / "test_user.py").write_text(textwrap.dedent(test_file))
    (directory / "conftest.py").write_text(textwrap.dedent(conftest))
    (directory / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DIALSTACK_")}
    return subprocess.run(
        [
            *wrapper,
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:asyncio",
            "-q",
        ],
        cwd=directory,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def emulator_command(*options: str) -> tuple[str, ...]:
    return (
        sys.executable,
        "-m",
        "dialstack.emulator",
        "--port",
        "0",
        "--db",
        ":memory:",
        *options,
        "--",
    )


_USES_THE_NAMED_EMULATOR = """
import os

def test_one(dialstack_emulator, dialstack_client):
    assert dialstack_emulator.in_other_process
    assert dialstack_emulator.url == os.environ["DIALSTACK_API_URL"]
    assert dialstack_emulator.api_key not in (os.environ["DIALSTACK_API_KEY"], SEEN)
    SEEN.append(dialstack_emulator.api_key)
    dialstack_client.accounts.create(email="a@example.com")
    assert [a.email for a in dialstack_client.accounts.list().data] == ["a@example.com"]

def test_two(dialstack_emulator, dialstack_client):
    test_one(dialstack_emulator, dialstack_client)

SEEN = []
"""


def test_under_dialstack_emulator_the_fixtures_use_it_with_a_fresh_key_per_test(
    tmp_path: Path,
) -> None:
    done = run_pytest(tmp_path, _USES_THE_NAMED_EMULATOR, wrapper=emulator_command())

    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


_ONE_KEY_PLATFORM = """
import os

def test_one(dialstack_emulator, dialstack_client):
    assert dialstack_emulator.api_key == os.environ["DIALSTACK_API_KEY"] == "sk_test_onlyme"
    assert dialstack_client.accounts.list().data == []  # reset before each test
    dialstack_client.accounts.create(email="a@example.com")
    dialstack_emulator.add_fault("GET", "/v1/users", status=500)

def test_two(dialstack_emulator, dialstack_client):
    test_one(dialstack_emulator, dialstack_client)
    assert len(dialstack_emulator.faults()) == 1
"""


def test_an_emulator_with_one_key_is_shared_and_reset_before_each_test(tmp_path: Path) -> None:
    wrapper = emulator_command("--api-key", "sk_test_onlyme")

    done = run_pytest(tmp_path, _ONE_KEY_PLATFORM, wrapper=wrapper)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


_BLOCK_THE_EXTRA = """
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"starlette", "uvicorn"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, Block())
"""


def test_without_the_emulator_extra_the_fixtures_say_what_to_install(tmp_path: Path) -> None:
    test_file = "def test_it(dialstack_client):\n    pass\n"

    done = run_pytest(tmp_path, test_file, conftest=_BLOCK_THE_EXTRA)

    assert done.returncode == 1
    assert "pip install 'dialstack[emulator]'" in done.stdout
    assert "Traceback" not in done.stdout


def test_without_the_extra_a_running_emulator_still_serves_the_fixtures(tmp_path: Path) -> None:
    done = run_pytest(
        tmp_path, _USES_THE_NAMED_EMULATOR, conftest=_BLOCK_THE_EXTRA, wrapper=emulator_command()
    )

    assert done.returncode == 0, done.stdout + done.stderr


def test_a_url_that_is_not_an_emulator_is_never_used(dialstack_emulator: EmulatorHandle) -> None:
    key = {"DIALSTACK_API_KEY": "sk_test_abc"}

    assert running_emulator({"DIALSTACK_API_URL": "https://api.dialstack.ai", **key}) is None
    assert running_emulator({"DIALSTACK_API_URL": "http://127.0.0.1:9", **key}) is None
    plain_api = dialstack_emulator.url + "/v1"  # answers 404 for /v1/_emulator/health
    assert running_emulator({"DIALSTACK_API_URL": plain_api, **key}) is None
    assert running_emulator({}) is None


def test_a_running_emulator_is_found(dialstack_emulator: EmulatorHandle) -> None:
    found = running_emulator({"DIALSTACK_API_URL": dialstack_emulator.url + "/"})

    assert found is not None
    assert (found.url, found.server, found.only_key) == (dialstack_emulator.url, None, None)
    assert found.new_api_key() != found.new_api_key()


def test_the_emulator_never_imports_the_sdk_client() -> None:
    """Its modules import each other, the standard library, Starlette, uvicorn, httpx2 and
    the rules it shares with the SDK so that each is written once (loopback, how a key is
    redacted, how a webhook is signed); nothing else of ``dialstack``."""
    allowed = {
        "dialstack.emulator",
        "dialstack._loopback",
        "dialstack._redact",
        "dialstack.webhooks",
    }
    outside: list[str] = []
    for source in (ROOT / "src" / "dialstack" / "emulator").rglob("*.py"):
        package = ".".join(source.relative_to(ROOT / "src").parent.parts)
        for node in ast.walk(ast.parse(source.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(part for part in (base, node.module or "") if part)
                names = [module] if node.module else [f"{module}.{a.name}" for a in node.names]
            for name in names:
                if name.split(".")[0] == "dialstack" and not any(
                    name == prefix or name.startswith(prefix + ".") for prefix in allowed
                ):
                    outside.append(f"{source.name}: {name}")

    assert outside == []


_DEFAULT_TRANSPORT = """
import pytest

import dialstack
from dialstack.emulator.server.in_process import EmulatorTransport


def test_state_faults_and_log(dialstack_client, dialstack_emulator, monkeypatch):
    handled = []
    original = EmulatorTransport.handle_request

    def counted(self, request):
        handled.append(request.url.path)
        return original(self, request)

    monkeypatch.setattr(EmulatorTransport, "handle_request", counted)
    dialstack_emulator.add_fault("POST", "/v1/accounts", status=503)
    account = dialstack_client.accounts.create(email="a@example.com")
    with pytest.raises(dialstack.DialStackError):
        dialstack_client.accounts.create(email="not an email")
    assert [a.id for a in dialstack_client.accounts.list().data] == [account.id]
    assert [r.status for r in dialstack_emulator.requests()] == [503, 201, 400, 200]
    # every call went through the in-process transport, control calls included
    assert handled == [
        "/_emulator/faults", *["/v1/accounts"] * 4, "/_emulator/requests"
    ]
"""


def test_by_default_the_sync_client_is_in_process(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, _DEFAULT_TRANSPORT)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
