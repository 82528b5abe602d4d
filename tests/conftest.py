"""Every emulator the tests start checks its own answers against the API description: a
handler answering what ``openapi.json`` does not allow fails the test with a 500.

``api`` and ``account_id`` are the raw-HTTP fixtures the emulator's, the description's and
the webhooks' tests share; ``run_example`` runs an example against the test's platform."""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest

from dialstack import AsyncDialStack, DialStack
from dialstack.emulator import EmulatorHandle
from dialstack.emulator.contract.spec import CHECK_RESPONSES_ENV

os.environ[CHECK_RESPONSES_ENV] = "1"

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture
def api(dialstack_emulator: EmulatorHandle) -> Iterator[httpx2.Client]:
    """A plain HTTP client of the test's own platform (a fresh key), over a real socket."""
    with httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {dialstack_emulator.api_key}"},
        trust_env=False,
    ) as client:
        yield client


@pytest.fixture
def account_id(api: httpx2.Client) -> str:
    answer = api.post("/v1/accounts", json={"email": "owner@example.com"})
    assert answer.status_code == 201
    return str(answer.json()["id"])


ExampleRunner = Callable[[str], "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_example(dialstack_emulator: EmulatorHandle) -> ExampleRunner:
    """Runs ``examples/<name>.py`` as a user would, against the test's own platform."""

    def run(name: str) -> "subprocess.CompletedProcess[str]":
        env = os.environ | {
            "DIALSTACK_API_URL": dialstack_emulator.url,
            "DIALSTACK_API_KEY": dialstack_emulator.api_key,
        }
        return subprocess.run(
            [sys.executable, str(EXAMPLES / f"{name}.py")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return run


# Our own suite reads every emulator answer strictly: a handler answering a shape the models
# do not take fails the test at once, where a user's tolerant client would read on.
@pytest.fixture
def dialstack_client(dialstack_client: DialStack) -> DialStack:
    return dialstack_client.with_options(strict_response_validation=True)


@pytest.fixture
def async_dialstack_client(async_dialstack_client: AsyncDialStack) -> AsyncDialStack:
    return async_dialstack_client.with_options(strict_response_validation=True)
