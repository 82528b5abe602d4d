"""A malformed key is refused without being shown; no key or URL password ever shows in an
error, a traceback, a pickle or a DEBUG log (ours, httpx2's or httpcore2's)."""

from __future__ import annotations

import logging
import pickle
import traceback

import pytest

import dialstack
from dialstack import AsyncDialStack, DialStack
from dialstack.emulator import EmulatorHandle

SECRET = "sk_test_5ecretVALUEnobodyMaySee"
MALFORMED = [
    SECRET + "\r\nX-Injected: 1", SECRET + "\n", SECRET + "\0", SECRET + "\x7f", SECRET + "\x1b[2J",
    SECRET + "é", "ключ" + SECRET, SECRET + " ", " " + SECRET, SECRET + "\t", SECRET + "\u2028",
]  # fmt: skip


def every_text(error: BaseException) -> str:
    return "\n".join(
        [
            str(error),
            repr(error),
            repr(vars(error)),
            "".join(traceback.format_exception(error)),
            repr(pickle.dumps(error)),
            repr(pickle.loads(pickle.dumps(error))),
        ]
    )


@pytest.mark.parametrize("key", MALFORMED)
def test_a_malformed_key_is_refused_when_the_client_is_made_and_never_shown(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[BaseException] = []
    for make in (
        lambda: DialStack(key),
        lambda: AsyncDialStack(key),
        lambda: DialStack("sk_test_ok").with_options(api_key=key),
    ):
        with pytest.raises(ValueError, match="api_key") as raised:
            make()
        errors.append(raised.value)
    if "\0" not in key:  # an environment variable cannot hold NUL
        monkeypatch.setenv("DIALSTACK_API_KEY", key)
        with pytest.raises(ValueError, match="api_key") as raised:
            DialStack()
        errors.append(raised.value)
    for error in errors:
        text = every_text(error)
        assert SECRET not in text and "5ecretVALUE" not in text


@pytest.mark.parametrize(
    "url",
    ["https://user:hunter2pw@api.dialstack.ai", "http://u:hunter2pw@127.0.0.1:1",
     "https://:hunter2pw@api.dialstack.ai", "http://u:hunter2pw@10.0.0.1", "https:u:hunter2pw@x"],
)  # fmt: skip
def test_a_password_in_api_url_is_refused_and_never_shown(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="api_url") as raised:
        DialStack("sk_test_ok", api_url=url)
    assert "hunter2pw" not in every_text(raised.value)
    monkeypatch.setenv("DIALSTACK_API_URL", url)
    with pytest.raises(ValueError, match="api_url") as raised:
        AsyncDialStack("sk_test_ok")
    assert "hunter2pw" not in every_text(raised.value)


def test_no_key_in_any_debug_log_line_of_any_logger(
    dialstack_emulator: EmulatorHandle, caplog: pytest.LogCaptureFixture
) -> None:
    key = dialstack_emulator.api_key
    errors: list[BaseException] = []
    with (
        caplog.at_level(logging.DEBUG),  # the root logger: dialstack, httpx2, httpcore2, h11
        DialStack(key, api_url=dialstack_emulator.url) as client,
    ):
        client.accounts.create(email="log@example.com")
        dialstack_emulator.add_fault("GET", "/v1/accounts", status=503, retry_after=0)
        client.accounts.list()
        dialstack_emulator.add_fault("GET", "/v1/accounts", drop=True, times=5)
        with pytest.raises(dialstack.DialStackConnectionError) as dropped:
            client.accounts.list(max_network_retries=1)
        errors.append(dropped.value)
        with pytest.raises(dialstack.DialStackNotFoundError) as missing:
            client.accounts.retrieve("acct_01h2xcejqtf2nbrexx3vqjhp41")
        errors.append(missing.value)
    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {"dialstack", "httpx2", "httpcore2"} <= loggers  # they did log, at DEBUG
    assert key not in caplog.text
    assert key[8:] not in caplog.text  # not even without its prefix
    for error in errors:
        assert key[8:] not in every_text(error)
