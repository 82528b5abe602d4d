"""Queue agents: ``logged_out ⇄ available ⇄ paused`` per user, written only by the API.

A user whose state was never written has none (404). Logging out works from any state;
pausing needs a logged-in agent (409 ``agent_logged_out``). Re-sending the current status
changes nothing, except that a paused agent's new reason replaces the old one.
"""

from dataclasses import replace
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, ResourceMissing, ValidationFailed
from ...core.runtime import Runtime
from .presence import at
from .tables import PresenceTables, QueueAgentRow


def _document(
    runtime: Runtime, tenant: str, account_id: str, user_id: str, agent: QueueAgentRow
) -> str:
    since = runtime.state(PresenceTables).in_call_since(tenant, account_id, user_id)
    shown: dict[str, Any] = {
        "object": "queue_agent",
        "user": user_id,
        "user_id": user_id,
        "status": agent.status,
        "paused_at": agent.paused_at,
        "pause_reason": agent.pause_reason,
        "logged_in_at": agent.logged_in_at,
        "in_call_since": None if since is None or agent.status == "logged_out" else at(since),
        "updated_at": agent.updated_at,
    }
    return to_json(shown)


def retrieve_queue_agent(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    user_id = call.path_params["user_id"]
    call.runtime.users.document(call.tenant, account_id, user_id)
    agent = call.runtime.state(PresenceTables).queue_agent(call.tenant, account_id, user_id)
    if agent is None:
        raise ResourceMissing("queue_agent", user_id)
    return 200, _document(call.runtime, call.tenant, account_id, user_id, agent)


def _moved(
    current: QueueAgentRow | None, status: str, reason: str | None, now: str
) -> QueueAgentRow:
    was = "logged_out" if current is None else current.status
    if current is not None and was == status:
        if status == "paused" and reason != current.pause_reason:
            return replace(current, pause_reason=reason, updated_at=now)
        return current
    if was == "logged_out" and status == "paused":
        raise Conflict(
            "agent_logged_out",
            "A logged-out agent cannot pause: set the status to available first",
            {"field": "status"},
        )
    logged_in_at = None if status == "logged_out" else now
    if current is not None and was != "logged_out" and status != "logged_out":
        logged_in_at = current.logged_in_at
    paused = status == "paused"
    return QueueAgentRow(
        status=status,
        paused_at=now if paused else None,
        pause_reason=reason if paused else None,
        logged_in_at=logged_in_at,
        updated_at=now,
    )


def update_queue_agent(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    user_id = call.path_params["user_id"]
    runtime, tenant = call.runtime, call.tenant
    runtime.users.document(tenant, account_id, user_id)
    status: str = call.body["status"]
    reason: str | None = call.body.get("reason")
    if reason is not None and status != "paused":
        raise ValidationFailed("reason", "reason is only taken with status paused")
    tables = runtime.state(PresenceTables)
    current = tables.queue_agent(tenant, account_id, user_id)
    agent = _moved(current, status, reason, at(runtime.clock.now(tenant)))
    if agent is not current:
        tables.save_queue_agent(tenant, account_id, user_id, agent)
    return 200, _document(runtime, tenant, account_id, user_id, agent)
