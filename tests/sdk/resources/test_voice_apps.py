"""Voice apps and AI agents through the sync and async clients, against the emulator."""

import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackConflictError,
    DialStackNotFoundError,
    DialStackValidationError,
)
from dialstack.types.ai_agents import AiAgent, FaqResponseParams
from dialstack.types.voice_apps import VoiceApp

_URL = "https://voice.example.com/calls"
_FAQ: list[FaqResponseParams] = [{"question": "When are you open?", "answer": "Nine to five."}]


def _scoped(client: DialStack) -> DialStack:
    account = client.accounts.create(email="owner@example.com")
    return client.with_options(dialstack_account=account.id)


def test_voice_app_crud_round_trip(dialstack_client: DialStack) -> None:
    client = _scoped(dialstack_client)

    app = client.voice_apps.create(name="Front desk", url=_URL)
    fetched = client.voice_apps.retrieve(app.id, expand=["extensions"])
    updated = client.voice_apps.update(app.id, status="inactive", url="http://127.0.0.1:8/x")
    listed = [found for found in client.voice_apps.list()]
    client.voice_apps.delete(app.id)

    assert isinstance(app, VoiceApp)
    assert app.id.startswith("va_") and app.secret.startswith("whsec_")
    assert (app.name, app.url, app.status) == ("Front desk", _URL, "active")
    assert fetched.extensions is not None and list(fetched.extensions.data) == []
    assert (updated.status, updated.url, updated.secret) == (
        "inactive",
        "http://127.0.0.1:8/x",
        app.secret,
    )
    assert [found.id for found in listed] == [app.id]
    with pytest.raises(DialStackNotFoundError):
        client.voice_apps.retrieve(app.id)


def test_the_secret_stays_out_of_the_repr(dialstack_client: DialStack) -> None:
    app = _scoped(dialstack_client).voice_apps.create(name="Front desk", url=_URL)

    assert app.secret not in repr(app)
    assert app["secret"] == app.secret  # the wire JSON keeps it


def test_the_list_walks_every_page(dialstack_client: DialStack) -> None:
    client = _scoped(dialstack_client)
    made = [client.voice_apps.create(name=f"App {n}", url=_URL).id for n in range(3)]

    walked = [app.id for app in client.voice_apps.list(limit=2)]

    assert walked == made[::-1]


def test_ai_agent_crud_round_trip_replaces_its_faq(dialstack_client: DialStack) -> None:
    client = _scoped(dialstack_client)
    app = client.voice_apps.create(name="Agent line", url=_URL)

    agent = client.ai_agents.create(
        name="Receptionist",
        voice_app=app.id,
        persona_name="Ava",
        faq_responses=_FAQ,
        scheduling={"webhook_url": "https://book.example.com/hooks"},
    )
    kept = client.ai_agents.update(agent.id, instructions="Be brief.")
    replaced = client.ai_agents.update(agent.id, faq_responses=[], persona_name=None)
    listed = [found for found in client.ai_agents.list(expand=["extensions"])]

    assert isinstance(agent, AiAgent)
    assert agent.id.startswith("aia_") and agent.voice_app == app.id
    assert [(f.question, f.answer) for f in agent.faq_responses] == [
        (_FAQ[0]["question"], _FAQ[0]["answer"])
    ]
    assert agent.scheduling is not None
    assert agent.scheduling.webhook_url == "https://book.example.com/hooks"
    assert len(kept.faq_responses) == 1 and kept.instructions == "Be brief."
    assert replaced.faq_responses == [] and replaced.persona_name is None
    assert "persona_name" in replaced  # sent as null, not left out
    assert [found.id for found in listed] == [agent.id]
    assert listed[0].extensions is not None

    with pytest.raises(DialStackConflictError) as in_use:
        client.voice_apps.delete(app.id)
    assert in_use.value.code == "target_in_use"
    client.ai_agents.delete(agent.id)
    client.voice_apps.delete(app.id)
    with pytest.raises(DialStackNotFoundError):
        client.ai_agents.retrieve(agent.id)


def test_refusals_name_the_field(dialstack_client: DialStack) -> None:
    client = _scoped(dialstack_client)

    with pytest.raises(DialStackNotFoundError) as unknown_app:
        client.ai_agents.create(name="Receptionist", voice_app="va_01jnosuchapp")
    with pytest.raises(DialStackValidationError) as plain_http:
        client.voice_apps.create(name="Front desk", url="http://voice.example.com/")
    with pytest.raises(DialStackValidationError) as empty_name:
        client.voice_apps.create(name="", url=_URL)

    assert unknown_app.value.details == {"id": "va_01jnosuchapp", "field": "voice_app"}
    assert (plain_http.value.status_code, plain_http.value.param) == (422, "url")
    assert (empty_name.value.status_code, empty_name.value.param) == (400, "name")


def test_a_simulated_call_to_the_app_is_answered_by_it(dialstack_client: DialStack) -> None:
    client = _scoped(dialstack_client)
    app = client.voice_apps.create(name="Front desk", url="http://127.0.0.1:9/calls")

    call = client.test_helpers.calls.create(target=app.id)

    log = client.calls.retrieve(call.id)
    assert log.status == "completed"
    assert log.user is None


@pytest.mark.anyio
async def test_both_namespaces_on_the_async_client(
    async_dialstack_client: AsyncDialStack,
) -> None:
    account = await async_dialstack_client.accounts.create(email="owner@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)

    app = await client.voice_apps.create(name="Front desk", url=_URL)
    renamed = await client.voice_apps.update(app.id, name="Night line")
    agent = await client.ai_agents.create(name="Receptionist", voice_app=app.id, faq_responses=_FAQ)
    replaced = await client.ai_agents.update(agent.id, faq_responses=[])
    apps = [found.id async for found in client.voice_apps.list()]
    agents = [found.id async for found in client.ai_agents.list()]

    assert (await client.voice_apps.retrieve(app.id)).name == renamed.name == "Night line"
    assert (await client.ai_agents.retrieve(agent.id)).faq_responses == replaced.faq_responses == []
    assert (apps, agents) == ([app.id], [agent.id])
    with pytest.raises(DialStackConflictError):
        await client.voice_apps.delete(app.id)
    await client.ai_agents.delete(agent.id)
    await client.voice_apps.delete(app.id)
    with pytest.raises(DialStackNotFoundError):
        await client.voice_apps.retrieve(app.id)
