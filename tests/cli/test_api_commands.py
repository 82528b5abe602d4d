"""Every SDK method is a command: typed values, nesting, lists, files, pages, exit statuses."""

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from dialstack.emulator import EmulatorHandle

from .conftest import CommandRunner

ADDRESS = [
    *("-d", "address.street=1 Main St", "-d", "address.city=Springfield", "-d", "address.state=IL"),
    *("-d", "address.postal_code=62701", "-d", "address.country=US"),
]


def answer(result: "subprocess.CompletedProcess[str]") -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def new_account(dialstack_cli: CommandRunner) -> str:
    account_id: str = answer(dialstack_cli("accounts", "create", "--email", "a@example.com"))["id"]
    return account_id


def test_create_retrieve_update_list_delete(dialstack_cli: CommandRunner) -> None:
    pricing = ["-d", "pricing.per_user_rate=1500", "-d", "pricing.per_did_rate=200"]
    pricing += ["-d", "pricing.per_voiceai_location_rate=0"]
    created = answer(
        dialstack_cli(
            "accounts",
            "create",
            "--email",
            "owner@example.com",
            *ADDRESS,
            *pricing,
            "-d",
            "config.recording_enabled=true",
        )
    )
    account_id = created["id"]
    assert created["address"]["city"] == "Springfield"
    assert created["address"]["postal_code"] == "62701"  # a string field keeps its digits
    assert created["pricing"]["per_user_rate"] == 1500
    assert created["config"]["recording_enabled"] is True

    assert answer(dialstack_cli("accounts", "retrieve", account_id))["id"] == account_id
    updated = answer(
        dialstack_cli(
            "accounts",
            "update",
            account_id,
            "--primary-contact-name",
            "Ada",
            "-d",
            "config.extension_length=5",
        )
    )
    assert updated["primary_contact_name"] == "Ada"
    assert updated["config"]["extension_length"] == 5
    page = answer(dialstack_cli("accounts", "list"))
    assert [item["id"] for item in page["data"]] == [account_id]

    deleted = dialstack_cli("accounts", "delete", account_id)
    assert (deleted.returncode, deleted.stdout, deleted.stderr) == (0, "", "")
    gone = dialstack_cli("accounts", "retrieve", account_id)
    assert gone.returncode == 1 and gone.stdout == ""
    [line] = gone.stderr.splitlines()
    assert line.startswith("dialstack: error: 404 resource_missing: ")
    assert account_id in line and "(request req_" in line


def test_lists_repeat_a_key_and_files_hold_json(
    dialstack_cli: CommandRunner, tmp_path: Path
) -> None:
    made = answer(
        dialstack_cli(
            "webhook_endpoints",
            "create",
            "--url",
            "http://127.0.0.1:9/hook",
            "--enabled-events",
            "call.end",
            "-d",
            "enabled_events=voicemail.new",
            "--description",
            "null",
        )
    )
    assert made["enabled_events"] == ["call.end", "voicemail.new"]
    assert made["description"] is None  # `null` is JSON null where the field allows it
    (tmp_path / "config.json").write_text('{"extension_length": 6, "timezone": "Europe/Paris"}')
    created = answer(
        dialstack_cli(
            "accounts",
            "create",
            "--email",
            "a@example.com",
            "-d",
            "config=@config.json",
            cwd=tmp_path,
        )
    )
    assert created["config"]["extension_length"] == 6
    assert created["config"]["timezone"] == "Europe/Paris"
    inline = answer(
        dialstack_cli(
            "accounts", "create", "--email", "b@example.com", "--config", '{"region": "CA"}'
        )
    )
    assert inline["config"]["region"] == "CA"


def test_all_walks_every_page_one_item_a_line(dialstack_cli: CommandRunner) -> None:
    made = [
        answer(dialstack_cli("accounts", "create", "--email", f"n{n}@example.com"))["id"]
        for n in range(3)
    ]
    page = answer(dialstack_cli("accounts", "list", "--limit", "2"))
    assert len(page["data"]) == 2 and page["has_more"] is True
    walked = dialstack_cli("accounts", "list", "--limit", "2", "--all")
    assert walked.returncode == 0, walked.stderr
    ids = [json.loads(line)["id"] for line in walked.stdout.splitlines()]
    assert sorted(ids) == sorted(made)


def test_hyphenated_names_and_nested_namespaces(dialstack_cli: CommandRunner) -> None:
    account_id = new_account(dialstack_cli)
    numbers = answer(dialstack_cli("phone-numbers", "list", "--account", account_id))
    assert numbers["object"] == "list"
    user = answer(dialstack_cli("users", "create", "--name", "Ann", "--account", account_id))
    call = answer(
        dialstack_cli(
            "test-helpers",
            "calls",
            "create",
            "--account",
            account_id,
            "--user",
            user["id"],
            "-d",
            "scenario.outcome=voicemail",
            "-d",
            "scenario.voicemail_seconds=7",
        )
    )
    assert call["object"] == "test_call"


def test_trigger_sends_a_canned_event(dialstack_cli: CommandRunner) -> None:
    account_id = new_account(dialstack_cli)
    sent = answer(dialstack_cli("trigger", "voicemail.new", "--account", account_id))
    assert sent["event"] == "voicemail.new" and sent["id"].startswith("evt_")


def test_simulate_call_is_test_helpers_calls_create(dialstack_cli: CommandRunner) -> None:
    account_id = new_account(dialstack_cli)
    user_id = answer(dialstack_cli("users", "create", "--name", "Bo", "--account", account_id))[
        "id"
    ]
    both = [
        answer(
            dialstack_cli(
                *words, "--account", account_id, "--user", user_id, "-d", "scenario.outcome=busy"
            )
        )
        for words in (["simulate", "call"], ["test_helpers", "calls", "create"])
    ]
    assert {key for key in both[0]} == {key for key in both[1]}
    assert both[0]["id"] != both[1]["id"]


MISTAKES = [
    (["accounts", "create", "--bogus", "x"], "--bogus"),
    (["accounts", "frobnicate"], "frobnicate"),
    (["nowhere", "list"], "nowhere"),
    (["accounts", "retrieve"], "ACCOUNT_ID"),
    (["accounts", "list", "--limit", "ten"], "--limit: 'ten' is not an integer"),
    (["accounts", "create", "-d", "config.extension_length=four"], "config.extension_length"),
    (["accounts", "create", "-d", "config.colour=blue"], "'colour'"),
    (["accounts", "create", "-d", "nope=1"], "'nope'"),
    (["accounts", "create", "-d", "email.local=x"], "email is a string"),
    (["accounts", "create", "--email", "a@b.co", "--email", "c@d.co"], "--email: given twice"),
    (["accounts", "create", "-d", "config=@missing.json"], "missing.json"),
    (
        ["accounts", "create", "-d", "address.city=Springfield"],
        "the required argument 'address.",
    ),  # the SDK's
    (["users", "create", "--name", "X"], "needs an account"),  # the SDK's ValueError
    (
        ["users", "update", "usr_1", "--do-not-disturb", "maybe", "--account", "acct_1"],
        "--do-not-disturb",
    ),
    (["trigger", "not.an.event", "--account", "acct_1"], "'event'"),
    (["accounts", "list", "--timeout", "-1"], "--timeout"),
]


@pytest.mark.parametrize(("words", "named"), MISTAKES, ids=[" ".join(w) for w, _ in MISTAKES])
def test_argument_mistakes_exit_2_before_sending(
    dialstack_cli: CommandRunner, dialstack_emulator: EmulatorHandle, words: list[str], named: str
) -> None:
    result = dialstack_cli(*words)
    assert result.returncode == 2
    assert named in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr
    if not result.stderr.startswith("usage:"):  # ours and the SDK's: one line
        assert len(result.stderr.splitlines()) == 1, result.stderr
    assert dialstack_emulator.requests() == []


def test_an_unreachable_api_is_one_line_exit_1(dialstack_cli: CommandRunner) -> None:
    result = dialstack_cli("--api-url", "http://127.0.0.1:9", "accounts", "list", "--timeout", "2")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("dialstack: error: ") and "127.0.0.1:9" in line
