"""``async_dialstack_client`` under each plugin that runs async tests, for real: pytest in a
subprocess on a test file, as a user's suite would run (anyio's plugin; pytest-asyncio in
strict and auto mode, at several loop scopes), over a socket and in-process."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

_TEST_BODY = """
async def check(client, dialstack_emulator):
    account = await client.accounts.create(email="loop@example.com")
    listed = await client.accounts.list()
    assert [a.id for a in listed.data] == [account.id]
    assert [r.status for r in dialstack_emulator.requests()] == [201, 200]
"""

_STRICT = (
    _TEST_BODY
    + """
import pytest

@pytest.mark.asyncio
async def test_function_loop(async_dialstack_client, dialstack_emulator):
    await check(async_dialstack_client, dialstack_emulator)

@pytest.mark.asyncio(loop_scope="module")
async def test_module_loop(async_dialstack_client, dialstack_emulator):
    await check(async_dialstack_client, dialstack_emulator)

@pytest.mark.asyncio(loop_scope="session")
async def test_session_loop(async_dialstack_client, dialstack_emulator):
    await check(async_dialstack_client, dialstack_emulator)

@pytest.mark.anyio
async def test_anyio_beside_pytest_asyncio(async_dialstack_client, dialstack_emulator):
    await check(async_dialstack_client, dialstack_emulator)
"""
)

_AUTO = (
    _TEST_BODY
    + """
async def test_unmarked(async_dialstack_client, dialstack_emulator):
    await check(async_dialstack_client, dialstack_emulator)

async def test_unmarked_again(async_dialstack_client, dialstack_emulator):
    await check(async_dialstack_client, dialstack_emulator)
"""
)

_ANYIO = (
    _TEST_BODY
    + """
import pytest

pytestmark = pytest.mark.anyio

async def test_anyio(async_dialstack_client, dialstack_emulator):
    await check(async_dialstack_client, dialstack_emulator)

async def test_anyio_again(async_dialstack_client, dialstack_emulator):
    await check(async_dialstack_client, dialstack_emulator)
"""
)

# name: (test file, ini lines, extra pytest arguments, tests expected to pass)
_PYTEST_ASYNCIO = "asyncio_default_fixture_loop_scope = function\n"
_RUNS: dict[str, tuple[str, str, list[str], int]] = {
    "pytest-asyncio strict": (_STRICT, _PYTEST_ASYNCIO, [], 4),
    "pytest-asyncio auto": (_AUTO, _PYTEST_ASYNCIO + "asyncio_mode = auto", [], 2),
    "anyio alone": (_ANYIO, "", ["-p", "no:asyncio"], 2),
}


def run_user_suite(
    directory: Path, test_file: str, ini: str, arguments: list[str]
) -> subprocess.CompletedProcess[str]:
    """pytest on ``test_file`` in ``directory``, configured by ``ini`` alone (warnings are
    errors, as in a strict suite); no DIALSTACK_* variables from this run leak in."""
    (directory / "test_user.py").write_text(textwrap.dedent(test_file))
    (directory / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n" + ini + "\n")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DIALSTACK_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *arguments],
        cwd=directory,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("transport", ["in-process", "socket"])
@pytest.mark.parametrize("runner", list(_RUNS))
def test_the_async_client_lives_and_dies_in_the_tests_loop(
    runner: str, transport: str, tmp_path: Path
) -> None:
    test_file, ini, arguments, expected = _RUNS[runner]
    ini += f"\ndialstack_emulator_transport = {transport}"

    done = run_user_suite(tmp_path, test_file, ini, arguments)

    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert f"{expected} passed" in output, output
    assert "error" not in output.lower(), output
    assert "Event loop is closed" not in output


def test_a_sync_test_asking_for_the_async_client_is_told_why_not(tmp_path: Path) -> None:
    test_file = "def test_sync(async_dialstack_client):\n    pass\n"

    done = run_user_suite(tmp_path, test_file, _PYTEST_ASYNCIO, [])

    assert done.returncode != 0
    assert "async_dialstack_client needs an async test run by anyio" in done.stdout
