"""AI agents over raw HTTP: backed by a voice app, lists replaced (never merged) on update."""

from typing import Any

import pytest

from .conftest import Account, new_account

_FAQ = [
    {"question": "When are you open?", "answer": "Nine to five."},
    {"question": "Where are you?", "answer": "1 Main St."},
]


def _agent(account: Account, **fields: Any) -> dict[str, Any]:
    body = {"name": "Receptionist", "voice_app": account.voice_app()["id"], **fields}
    return account.created("/v1/ai-agents", body)


def test_an_agent_round_trips_with_both_spellings_of_its_voice_app(account: Account) -> None:
    app = account.voice_app()

    created = account.created(
        "/v1/ai-agents",
        {
            "name": "Receptionist",
            "voice_app_id": app["id"],  # the older spelling, as the Node SDK's type names it
            "extension_number": "2001",
            "persona_name": "Ava",
            "greeting_name": "Acme Dental",
            "instructions": "Be brief.",
            "faq_responses": _FAQ,
            "scheduling": {"webhook_url": "https://book.example.com/hooks"},
        },
    )

    assert created["id"].startswith("aia_")
    assert created["voice_app"] == created["voice_app_id"] == app["id"]
    assert created["faq_responses"] == _FAQ
    assert created["scheduling"] == {"webhook_url": "https://book.example.com/hooks"}
    assert created["extension_number"] == "2001"
    assert account.get(f"/v1/ai-agents/{created['id']}").json() == created
    assert [a["id"] for a in account.get("/v1/ai-agents").json()["data"]] == [created["id"]]
    assert account.delete(f"/v1/ai-agents/{created['id']}").status_code == 204
    assert account.get(f"/v1/ai-agents/{created['id']}").status_code == 404
    assert account.get(f"/v1/voice-apps/{app['id']}").status_code == 200  # the app stays


def test_an_agent_made_with_only_a_name_and_app_has_empty_defaults(account: Account) -> None:
    created = _agent(account)

    assert created["faq_responses"] == []
    assert [created[key] for key in ("persona_name", "greeting_name", "instructions")] == [
        None,
        None,
        None,
    ]
    assert created["scheduling"] is None


def test_faq_responses_are_replaced_whole_and_kept_when_left_out(account: Account) -> None:
    agent = _agent(account, faq_responses=_FAQ, persona_name="Ava")
    path = f"/v1/ai-agents/{agent['id']}"

    kept = account.post(path, {"name": "Front desk"}).json()
    replaced = account.post(path, {"faq_responses": [_FAQ[1]]}).json()
    emptied = account.post(path, {"faq_responses": [], "persona_name": None}).json()

    assert kept["faq_responses"] == _FAQ
    assert kept["persona_name"] == "Ava"
    assert replaced["faq_responses"] == [_FAQ[1]]
    assert emptied["faq_responses"] == []
    assert emptied["persona_name"] is None
    assert emptied["name"] == "Front desk"
    assert account.get(path).json() == emptied


def test_scheduling_is_replaced_whole_and_cleared_by_null(account: Account) -> None:
    agent = _agent(account, scheduling={"webhook_url": "https://book.example.com/a"})
    path = f"/v1/ai-agents/{agent['id']}"

    replaced = account.post(path, {"scheduling": {}}).json()
    cleared = account.post(path, {"scheduling": None}).json()

    assert replaced["scheduling"] == {}
    assert cleared["scheduling"] is None


def test_a_missing_voice_app_is_required_and_an_unknown_one_is_not_found(
    account: Account,
) -> None:
    neighbours_app = Account(account.http, account.emulator, new_account(account.http)).voice_app()

    missing = account.post("/v1/ai-agents", {"name": "Receptionist"})
    unknown = account.post("/v1/ai-agents", {"name": "R", "voice_app": "va_01jnosuchapp"})
    foreign = account.post("/v1/ai-agents", {"name": "R", "voice_app": neighbours_app["id"]})

    assert missing.status_code == 400
    assert missing.json()["details"]["field"] == "voice_app"
    for answer in (unknown, foreign):
        assert answer.status_code == 404, answer.text
        assert answer.json()["code"] == "resource_missing"
        assert answer.json()["details"]["field"] == "voice_app"
    assert account.get("/v1/ai-agents").json()["data"] == []


def test_with_both_spellings_the_current_one_wins(account: Account) -> None:
    app = account.voice_app()["id"]

    answer = account.post(
        "/v1/ai-agents", {"name": "Receptionist", "voice_app": app, "voice_app_id": "va_01jboth"}
    )

    assert answer.status_code == 201, answer.text
    assert answer.json()["voice_app"] == answer.json()["voice_app_id"] == app


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({"name": ""}, 400, "name"),
        ({"name": None}, 400, "name"),
        ({"extension_number": "12"}, 400, "extension_number"),
        ({"extension_number": "12a4"}, 400, "extension_number"),
        ({"faq_responses": [{"question": "Open?"}]}, 400, "faq_responses.0.answer"),
        ({"faq_responses": [{"question": "", "answer": "a"}]}, 400, "faq_responses.0.question"),
        ({"faq_responses": [{"question": "q", "answer": "a", "x": 1}]}, 400, "faq_responses.0.x"),
        ({"faq_responses": {"question": "q"}}, 400, "faq_responses"),
        ({"faq_responses": [_FAQ[0]] * 201}, 400, "faq_responses"),
        ({"instructions": "x" * 20001}, 400, "instructions"),
        ({"scheduling": {"webhook_url": "ftp://x"}}, 400, "scheduling"),
        ({"scheduling": {"webhook_url": "http://book.example.com"}}, 422, "scheduling.webhook_url"),
        ({"scheduling": {"url": "https://book.example.com"}}, 400, "scheduling"),
        ({"transfer_mode": "warm"}, 400, "transfer_mode"),
    ],
)
def test_a_bad_create_is_refused_naming_the_field(
    account: Account, fields: dict[str, Any], status: int, field: str
) -> None:
    body = {"name": "Receptionist", "voice_app": account.voice_app()["id"], **fields}

    answer = account.post("/v1/ai-agents", body)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field
    assert account.get("/v1/ai-agents").json()["data"] == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"voice_app": "va_01jother"}, "voice_app"),
        ({"extension_number": "2001"}, "extension_number"),
        ({"faq_responses": None}, "faq_responses"),
        ({"faq_responses": [{"answer": "a"}]}, "faq_responses.0.question"),
    ],
)
def test_a_bad_update_is_refused_and_changes_nothing(
    account: Account, fields: dict[str, Any], field: str
) -> None:
    agent = _agent(account, faq_responses=_FAQ)

    answer = account.post(f"/v1/ai-agents/{agent['id']}", fields)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field
    assert account.get(f"/v1/ai-agents/{agent['id']}").json() == agent


def test_another_accounts_agent_is_missing(account: Account) -> None:
    agent = _agent(account)
    neighbour = Account(account.http, account.emulator, new_account(account.http))
    path = f"/v1/ai-agents/{agent['id']}"

    assert neighbour.get(path).status_code == 404
    assert neighbour.post(path, {"name": "Mine"}).status_code == 404
    assert neighbour.delete(path).status_code == 404
    assert neighbour.get("/v1/ai-agents").json()["data"] == []
    assert account.get(path).json() == agent


def test_the_list_pages_and_expands(account: Account) -> None:
    made = [_agent(account)["id"] for _ in range(3)]

    first = account.get("/v1/ai-agents", limit=2, **{"expand[]": "extensions"}).json()
    second = account.http.get(first["next_page_url"], headers=account.headers).json()

    assert [a["id"] for a in first["data"] + second["data"]] == made[::-1]
    assert all(a["extensions"]["data"] == [] for a in first["data"])
