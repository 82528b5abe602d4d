"""Queues: callers wait while members (users) are rung; configuration objects where null
turns a feature off, members as an envelope capped at the first page."""

import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ResourceMissing, ValidationFailed
from ...core.pages import DEFAULT_LIMIT, ListRequest, PageQuery, list_body, list_reply
from ...core.timestamps import now
from .extensions import expanded
from .tables import RoutingTables
from .timeouts import queue_timeout_target

DEFAULTS: dict[str, Any] = {
    "strategy": "ringall",
    "timeout_seconds": 300,
    "wrap_up_seconds": 0,
    "announcements": None,
    "callback": None,
    "timeout": None,
    "max_queue_length": 0,
    "join_empty": "yes",
    "leave_when_empty": "no",
}
DEFAULT_ANNOUNCEMENT_FREQUENCY_SECONDS = 60
DEFAULT_CALLBACK_OFFER_AFTER_SECONDS = 60


def _settings(call: ApiRequest, account_id: str) -> tuple[dict[str, Any], str | None]:
    """The body's settings as stored (a configuration object sent is a whole new one, its
    left-out keys at their defaults), and the timeout's target when the body sets one."""
    settings = dict(call.body)
    if settings.get("announcements") is not None:
        sent = settings["announcements"]
        settings["announcements"] = {
            "frequency_seconds": sent.get(
                "frequency_seconds", DEFAULT_ANNOUNCEMENT_FREQUENCY_SECONDS
            )
        }
    if settings.get("callback") is not None:
        sent = settings["callback"]
        settings["callback"] = {
            "offer_after_seconds": sent.get(
                "offer_after_seconds", DEFAULT_CALLBACK_OFFER_AFTER_SECONDS
            ),
            "outbound_did_id": sent.get("outbound_did_id"),
        }
    timeout = settings.get("timeout")
    target = None if timeout is None else queue_timeout_target(call, account_id, timeout)
    return settings, target


def _members_request(tenant: str, queue_id: str) -> ListRequest:
    return ListRequest(
        f"/v1/queues/{queue_id}/members", f"{tenant}|queue_members|{queue_id}", "qm", {}
    )


def _shown(call: ApiRequest, account_id: str, document: str) -> str:
    queue = json.loads(document)
    page = PageQuery(DEFAULT_LIMIT)
    rows = call.runtime.state(RoutingTables).queue_member_page(queue["id"], page)
    members = list_body(
        rows,
        [row.document for row in rows.rows],
        page,
        call.runtime.page_tokens,
        _members_request(call.tenant, queue["id"]),
    )
    queue["members"] = json.loads(members)
    return to_json(expanded(call, account_id, queue))


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settings, timeout_target = _settings(call, account_id)
    timestamp = now()
    queue_id = call.runtime.ids.new("qu")
    queue = {"id": queue_id, "object": "queue", **DEFAULTS, **settings}
    document = to_json({**queue, "created_at": timestamp, "updated_at": timestamp})
    tables = call.runtime.state(RoutingTables)
    tables.queues.insert(call.tenant, account_id, queue_id, timeout_target, document)
    return 201, _shown(call, account_id, document)


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    queues = call.runtime.state(RoutingTables).queues
    document = queues.document(call.tenant, account_id, call.path_params["queue_id"])
    return 200, _shown(call, account_id, document)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    queue_id = call.path_params["queue_id"]
    queues = call.runtime.state(RoutingTables).queues
    queue = json.loads(queues.document(call.tenant, account_id, queue_id))
    settings, timeout_target = _settings(call, account_id)
    if "timeout" not in settings:
        timeout = queue["timeout"]
        timeout_target = None if timeout is None else timeout.get("user", timeout.get("voicemail"))
    queue.update(settings)
    queue["updated_at"] = now()
    document = to_json(queue)
    queues.replace(call.tenant, queue_id, timeout_target, document)
    return 200, _shown(call, account_id, document)


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    queue_id = call.path_params["queue_id"]
    queues = call.runtime.state(RoutingTables).queues
    queues.document(call.tenant, account_id, queue_id)
    call.runtime.router.ensure_unreferenced(call.tenant, account_id, queue_id)
    queues.delete(call.tenant, queue_id)
    return 204, None


def list_queues(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest("/v1/queues", f"{call.tenant}|queues|{account_id}", "qu", {})
    queues = call.runtime.state(RoutingTables).queues
    return list_reply(
        call,
        request,
        lambda page: queues.page(call.tenant, account_id, page),
        lambda row: _shown(call, account_id, row.document),
    )


def list_members(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    queue_id = call.path_params["queue_id"]
    tables = call.runtime.state(RoutingTables)
    tables.queues.document(call.tenant, account_id, queue_id)
    return list_reply(
        call,
        _members_request(call.tenant, queue_id),
        lambda page: tables.queue_member_page(queue_id, page),
    )


def add_member(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    queue_id = call.path_params["queue_id"]
    tables = call.runtime.state(RoutingTables)
    tables.queues.document(call.tenant, account_id, queue_id)
    user_id: str = call.body["user_id"]
    try:
        call.runtime.users.document(call.tenant, account_id, user_id)
    except ResourceMissing:
        raise ValidationFailed("user_id", f"No such user in this account: {user_id!r}") from None
    member_id = call.runtime.ids.new("qm")
    position: int = call.body.get("position", tables.last_queue_position(queue_id) + 1)
    document = to_json(
        {
            "id": member_id,
            "object": "queue_member",
            "queue_id": queue_id,
            "user_id": user_id,
            "penalty": call.body.get("penalty", 0),
            "position": position,
            "created_at": now(),
        }
    )
    tables.insert_queue_member(
        call.tenant, queue_id, member_id, user_id=user_id, position=position, document=document
    )
    return 201, document


def remove_member(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    queue_id = call.path_params["queue_id"]
    tables = call.runtime.state(RoutingTables)
    tables.queues.document(call.tenant, account_id, queue_id)
    tables.delete_queue_member(queue_id, call.path_params["queue_member_id"])
    return 204, None


OPERATIONS = {
    "queues.create": create,
    "queues.retrieve": retrieve,
    "queues.update": update,
    "queues.delete": delete,
    "queues.list": list_queues,
    "queues.list_members": list_members,
    "queues.add_member": add_member,
    "queues.remove_member": remove_member,
}
