"""A simulated call routed to a voice app (or to an AI agent, through its app) reaches the
app's real HTTP server on 127.0.0.1 as a signed, flat ``call.received``."""

import json
import socket
from typing import Any

import httpx2
import pytest

from dialstack.emulator.services.voice_apps import delivery
from dialstack.webhooks import construct_voice_app_event

from .conftest import Account, VoiceAppServer, new_account


def _call(account: Account, target: str, **body: Any) -> dict[str, Any]:
    return account.created("/v1/test_helpers/calls", {"target": target, **body})


def test_a_call_to_a_voice_app_posts_it_a_signed_call_received(
    account: Account, voice_app_server: VoiceAppServer
) -> None:
    app = account.voice_app(voice_app_server.url)

    call = _call(account, app["id"], from_number="+14155550199")

    (received,) = voice_app_server.wait_for(1)
    event = construct_voice_app_event(
        received.body, received.headers["x-dialstack-signature"], app["secret"]
    )
    assert event.event == "call.received"
    assert event.call_id == call["id"]
    assert event.account_id == account.id
    assert event.from_number == "+14155550199"
    assert event.to_number is not None and event.to_number.startswith("+")
    assert set(json.loads(received.body)) == {
        "event", "call_id", "account_id", "from_number", "from_name", "to_number"
    }  # fmt: skip
    assert received.headers["content-type"] == "application/json"
    (logged,) = account.deliveries()
    assert (logged["status"], logged["status_code"]) == ("delivered", 200)
    assert (logged["voice_app"], logged["call"]) == (app["id"], call["id"])
    log = account.get(f"/v1/calls/{call['id']}").json()
    assert log["status"] == "completed"
    assert log["user"] is None  # the app answered: no user rang


def test_a_call_to_an_ai_agent_reaches_the_voice_app_behind_it(
    account: Account, voice_app_server: VoiceAppServer
) -> None:
    app = account.voice_app(voice_app_server.url)
    agent = account.created("/v1/ai-agents", {"name": "Receptionist", "voice_app": app["id"]})

    call = _call(account, agent["id"])

    (received,) = voice_app_server.wait_for(1)
    event = construct_voice_app_event(
        received.body, received.headers["x-dialstack-signature"], app["secret"]
    )
    assert event.call_id == call["id"]


def test_the_webhook_goes_to_the_url_of_the_moment_and_not_to_the_old_one(
    account: Account, voice_app_server: VoiceAppServer
) -> None:
    app = account.voice_app("http://127.0.0.1:9/gone")
    account.post(f"/v1/voice-apps/{app['id']}", {"url": voice_app_server.url})

    _call(account, app["id"])

    assert len(voice_app_server.wait_for(1)) == 1
    assert [d["url"] for d in account.deliveries()] == [voice_app_server.url]


def test_an_inactive_voice_app_is_sent_nothing_and_the_call_goes_unanswered(
    account: Account, voice_app_server: VoiceAppServer
) -> None:
    app = account.voice_app(voice_app_server.url)
    account.post(f"/v1/voice-apps/{app['id']}", {"status": "inactive"})

    call = _call(account, app["id"])

    assert account.deliveries() == []
    assert voice_app_server.requests == []
    assert account.get(f"/v1/calls/{call['id']}").json()["status"] == "no-answer"


@pytest.mark.parametrize("status", [500, 404, 302])
def test_a_refusing_receiver_is_one_failed_attempt_never_retried(
    account: Account, voice_app_server: VoiceAppServer, status: int
) -> None:
    voice_app_server.status = status
    app = account.voice_app(voice_app_server.url)

    _call(account, app["id"])

    (logged,) = account.deliveries()
    assert (logged["status"], logged["status_code"]) == ("failed", status)
    assert logged["error"] == f"HTTP {status}"
    assert len(voice_app_server.requests) == 1


def test_a_receiver_that_never_answers_costs_one_bounded_attempt(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "ATTEMPT_TIMEOUT", 0.2)
    with socket.socket() as silent:  # accepts (the kernel's backlog), never reads or answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        app = account.voice_app(f"http://127.0.0.1:{silent.getsockname()[1]}/calls")

        _call(account, app["id"])
        (logged,) = account.deliveries()

    assert logged["status"] == "failed"
    assert logged["error"].startswith("timeout")


def test_deliveries_are_the_platforms_own(
    account: Account, voice_app_server: VoiceAppServer
) -> None:
    app = account.voice_app(voice_app_server.url)
    _call(account, app["id"])
    account.deliveries()

    others = httpx2.get(
        f"{account.emulator.url}/_emulator/voice_app_deliveries",
        params={"api_key": "sk_test_another_platform"},
        trust_env=False,
    )

    assert others.status_code == 200
    assert others.json()["data"] == []
    assert app["secret"] not in json.dumps(account.deliveries())


def test_a_hung_receiver_holds_only_its_own_platforms_slots(
    account: Account, voice_app_server: VoiceAppServer
) -> None:
    with socket.socket() as silent:  # accepts (the kernel's backlog), never reads or answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        hung = account.voice_app(f"http://127.0.0.1:{silent.getsockname()[1]}/calls")
        for _ in range(delivery.CONCURRENCY + 2):  # more than every slot there is
            _call(account, hung["id"])
        with httpx2.Client(
            base_url=account.emulator.url,
            headers={"Authorization": f"Bearer {account.emulator.api_key}_neighbour"},
            trust_env=False,
        ) as other_platform:
            neighbour = Account(other_platform, account.emulator, new_account(other_platform))
            app = neighbour.voice_app(voice_app_server.url)

            call = _call(neighbour, app["id"])

            (received,) = voice_app_server.wait_for(1)
            assert json.loads(received.body)["call_id"] == call["id"]
            hung_ones = account.control("GET", "voice_app_deliveries").json()["data"]
            # None had to give up for the neighbour's to go out.
            assert {found["status"] for found in hung_ones} == {"pending"}
