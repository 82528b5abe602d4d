"""AI agents: the five operations. Each agent is backed by a voice app of its account (the
app's secret signs the agent's webhooks); ``faq_responses`` and ``scheduling`` are replaced
whole by an update, never merged."""

from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ResourceMissing
from ...core.expansion import with_extensions
from ...core.pages import ListRequest, list_reply
from ...core.timestamps import now
from ...core.updates import apply_update
from .tables import VoiceAppTables
from .urls import webhook_url


def _backing_app(call: ApiRequest, account_id: str) -> str:
    app_id: str = call.body["voice_app"]  # or voice_app_id, folded into it
    if call.runtime.state(VoiceAppTables).app_route(call.tenant, account_id, app_id) is None:
        missing = ResourceMissing("voice app", app_id)
        missing.details["field"] = "voice_app"
        raise missing
    return app_id


def _checked(call: ApiRequest) -> dict[str, Any]:
    """The body's fields as stored: a booking URL is held to a voice app's URL rules."""
    fields = dict(call.body)
    scheduling = fields.get("scheduling")
    if scheduling is not None and "webhook_url" in scheduling:
        url = webhook_url(
            scheduling["webhook_url"], "scheduling.webhook_url", call.runtime.listening_ports
        )
        fields["scheduling"] = {**scheduling, "webhook_url": url}
    return fields


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    app_id = _backing_app(call, account_id)
    fields = _checked(call)
    agent_id = call.runtime.ids.new("aia")
    timestamp = now()
    document = to_json(
        {
            "id": agent_id,
            "object": "ai_agent",
            "name": fields["name"],
            "voice_app": app_id,
            "voice_app_id": app_id,
            "extension_number": fields.get("extension_number"),
            "persona_name": fields.get("persona_name"),
            "greeting_name": fields.get("greeting_name"),
            "instructions": fields.get("instructions"),
            "faq_responses": fields.get("faq_responses", []),
            "scheduling": fields.get("scheduling"),
            "created_at": timestamp,
            "updated_at": timestamp,
        }
    )
    call.runtime.state(VoiceAppTables).insert_agent(
        call.tenant, account_id, agent_id, app_id, document
    )
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(VoiceAppTables)
    document = tables.agent_document(call.tenant, account_id, call.path_params["ai_agent_id"])
    return 200, with_extensions(call, account_id, document)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    agent_id = call.path_params["ai_agent_id"]
    tables = call.runtime.state(VoiceAppTables)
    stored = tables.agent_document(call.tenant, account_id, agent_id)
    _, document = apply_update(stored, _checked(call))
    tables.replace_agent(call.tenant, agent_id, document)
    return 200, document


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    agent_id = call.path_params["ai_agent_id"]
    tables = call.runtime.state(VoiceAppTables)
    tables.agent_document(call.tenant, account_id, agent_id)  # 404 before 409
    call.runtime.router.ensure_unreferenced(call.tenant, account_id, agent_id)
    tables.delete_agent(call.tenant, account_id, agent_id)
    return 204, None


def list_ai_agents(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest("/v1/ai-agents", f"{call.tenant}|ai_agents|{account_id}", "aia", {})
    tables = call.runtime.state(VoiceAppTables)
    return list_reply(
        call,
        request,
        lambda page: tables.agent_page(call.tenant, account_id, page),
        lambda row: with_extensions(call, account_id, row.document),
    )


OPERATIONS = {
    "ai_agents.create": create,
    "ai_agents.retrieve": retrieve,
    "ai_agents.update": update,
    "ai_agents.delete": delete,
    "ai_agents.list": list_ai_agents,
}
