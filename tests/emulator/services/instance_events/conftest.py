"""An account with a user (the calls tests' platform), for the instance event stream."""

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from ..calls.conftest import Platform, new_account, new_user


@pytest.fixture
def platform(api: httpx2.Client, dialstack_emulator: EmulatorHandle) -> Platform:
    """An account with one user, over a real socket."""
    account = new_account(api)
    return Platform(api, dialstack_emulator, account, new_user(api, account))
