"""Voice apps over raw HTTP: their secret, their URLs, scoping, and what a delete refuses."""

from typing import Any

import httpx2
import pytest

from .conftest import Account, new_account


def test_a_voice_app_round_trips_with_its_own_secret_on_every_read(account: Account) -> None:
    created = account.voice_app()
    other = account.voice_app()

    assert created["id"].startswith("va_")
    assert created["status"] == "active"
    assert created["secret"].startswith("whsec_")
    assert created["secret"] != other["secret"]
    fetched = account.get(f"/v1/voice-apps/{created['id']}").json()
    assert fetched == created

    updated = account.post(
        f"/v1/voice-apps/{created['id']}", {"name": "Night line", "status": "inactive"}
    ).json()
    assert (updated["name"], updated["status"]) == ("Night line", "inactive")
    assert (updated["url"], updated["secret"]) == (created["url"], created["secret"])
    assert updated["updated_at"] >= created["updated_at"]

    listed = account.get("/v1/voice-apps").json()
    assert [app["id"] for app in listed["data"]] == [other["id"], created["id"]]
    assert all(app["secret"] for app in listed["data"])

    assert account.delete(f"/v1/voice-apps/{created['id']}").status_code == 204
    assert account.get(f"/v1/voice-apps/{created['id']}").status_code == 404


def test_the_list_pages_newest_first(account: Account) -> None:
    made = [account.voice_app()["id"] for _ in range(3)]

    first = account.get("/v1/voice-apps", limit=2).json()
    second = account.http.get(first["next_page_url"], headers=account.headers).json()

    assert [app["id"] for app in first["data"] + second["data"]] == made[::-1]
    assert second["next_page_url"] is None


def test_expanding_extensions_gives_an_empty_embedded_list(account: Account) -> None:
    app = account.voice_app()

    fetched = account.get(f"/v1/voice-apps/{app['id']}", **{"expand[]": "extensions"}).json()
    listed = account.get("/v1/voice-apps", **{"expand[]": "extensions"}).json()

    assert fetched["extensions"]["data"] == []
    assert listed["data"][0]["extensions"]["object"] == "list"
    assert "extensions" not in account.get(f"/v1/voice-apps/{app['id']}").json()


_GOOD = {"name": "Front desk", "url": "https://voice.example.com/calls"}


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"url": _GOOD["url"]}, 400, "validation_error", "name"),
        ({"name": "Front desk"}, 400, "validation_error", "url"),
        ({**_GOOD, "name": ""}, 400, "validation_error", "name"),
        ({**_GOOD, "name": "x" * 256}, 400, "validation_error", "name"),
        ({**_GOOD, "name": 7}, 400, "validation_error", "name"),
        ({**_GOOD, "url": "ftp://voice.example.com/"}, 400, "validation_error", "url"),
        ({**_GOOD, "url": "voice.example.com"}, 400, "validation_error", "url"),
        ({**_GOOD, "url": "https://" + "a" * 2048}, 400, "validation_error", "url"),
        ({**_GOOD, "url": "https://voice.example.com:99999/"}, 400, "validation_error", "url"),
        ({**_GOOD, "url": "http://voice.example.com/calls"}, 422, "validation_error", "url"),
        ({**_GOOD, "url": "http://10.0.0.7/calls"}, 422, "validation_error", "url"),
        ({**_GOOD, "status": "inactive"}, 400, "parameter_unknown", "status"),
        ({**_GOOD, "secret": "whsec_mine"}, 400, "parameter_unknown", "secret"),
    ],
)
def test_a_bad_create_is_refused_naming_the_field(
    account: Account, body: dict[str, Any], status: int, code: str, field: str
) -> None:
    answer = account.post("/v1/voice-apps", body)

    assert answer.status_code == status, answer.text
    assert (answer.json()["code"], answer.json()["details"]["field"]) == (code, field)
    assert account.get("/v1/voice-apps").json()["data"] == []


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"status": "paused"}, 400, "status"),
        ({"status": None}, 400, "status"),
        ({"name": None}, 400, "name"),
        ({"url": "http://example.com/"}, 422, "url"),
        ({"url": ""}, 400, "url"),
    ],
)
def test_a_bad_update_is_refused_and_changes_nothing(
    account: Account, body: dict[str, Any], status: int, field: str
) -> None:
    app = account.voice_app()

    answer = account.post(f"/v1/voice-apps/{app['id']}", body)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field
    assert account.get(f"/v1/voice-apps/{app['id']}").json() == app


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8/calls", "http://localhost:8/calls", "http://127.9.9.9/", "https://x.io/"],
)
def test_https_or_a_loopback_http_url_is_taken(account: Account, url: str) -> None:
    assert account.voice_app(url)["url"] == url


def test_the_emulators_own_address_is_refused(account: Account) -> None:
    own = httpx2.URL(account.emulator.url)

    app = account.voice_app()

    for host in ("127.0.0.1", "localhost", "127.0.0.2", "0.0.0.0"):
        url = f"http://{host}:{own.port}/_emulator/reset"
        created = account.post("/v1/voice-apps", {**_GOOD, "url": url})
        updated = account.post(f"/v1/voice-apps/{app['id']}", {"url": url})
        for answer in (created, updated):
            assert answer.status_code == 422, answer.text
            assert answer.json()["details"]["field"] == "url"
    assert account.get(f"/v1/voice-apps/{app['id']}").json() == app


def test_another_accounts_or_platforms_voice_app_is_missing(
    account: Account, dialstack_emulator: Any
) -> None:
    app = account.voice_app()
    neighbour = Account(account.http, account.emulator, new_account(account.http))
    path = f"/v1/voice-apps/{app['id']}"

    assert neighbour.get(path).status_code == 404
    assert neighbour.post(path, {"name": "Mine now"}).status_code == 404
    assert neighbour.delete(path).status_code == 404
    assert neighbour.get("/v1/voice-apps").json()["data"] == []
    with httpx2.Client(
        base_url=account.emulator.url,
        headers={"Authorization": "Bearer sk_test_another_platform", **account.headers},
        trust_env=False,
    ) as stranger:
        assert stranger.get(path).status_code == 404
    assert account.get(path).json() == app


def test_the_account_header_is_required(account: Account) -> None:
    answer = account.http.get("/v1/voice-apps")

    assert answer.status_code == 400
    assert answer.json()["code"] == "missing_account_header"


def test_a_voice_app_backing_an_ai_agent_cannot_be_deleted(account: Account) -> None:
    app = account.voice_app()
    agent = account.created("/v1/ai-agents", {"name": "Receptionist", "voice_app": app["id"]})

    refused = account.delete(f"/v1/voice-apps/{app['id']}")

    assert refused.status_code == 409
    assert refused.json()["code"] == "target_in_use"
    assert refused.json()["details"]["referenced_by"] == agent["id"]
    assert account.get(f"/v1/voice-apps/{app['id']}").status_code == 200
    assert account.delete(f"/v1/ai-agents/{agent['id']}").status_code == 204
    assert account.delete(f"/v1/voice-apps/{app['id']}").status_code == 204


def test_the_secret_is_kept_out_of_the_request_log(account: Account) -> None:
    app = account.voice_app()
    account.get(f"/v1/voice-apps/{app['id']}")

    logged = account.control("GET", "requests")

    assert logged.status_code == 200, logged.text
    assert app["id"] in logged.text
    assert app["secret"] not in logged.text
