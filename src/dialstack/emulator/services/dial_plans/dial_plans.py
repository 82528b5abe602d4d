"""Dial plans: create (the graph checked whole), retrieve and list."""

from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.expansion import with_extensions
from ...core.pages import ListRequest, list_reply
from ...core.timestamps import iso
from . import graph
from .tables import DialPlanTables


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DialPlanTables)
    nodes: list[dict[str, Any]] = [graph.normalized(node) for node in call.body["nodes"]]
    graph.check(
        call.body["entry_node"],
        nodes,
        lambda schedule_id: tables.schedule(call.tenant, account_id, schedule_id) is not None,
        lambda target_id: call.runtime.router.exists(call.tenant, account_id, target_id),
    )
    timestamp = iso(int(call.runtime.clock.now(call.tenant) * 1_000_000_000))
    dial_plan_id = call.runtime.ids.new("dp")
    document = to_json(
        {
            "id": dial_plan_id,
            "object": "dial_plan",
            "name": call.body["name"],
            "entry_node": call.body["entry_node"],
            "nodes": [graph.as_sent(node) for node in nodes],
            "created_at": timestamp,
            "updated_at": timestamp,
        }
    )
    tables.insert_dial_plan(call.tenant, account_id, dial_plan_id, document, graph.targets(nodes))
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DialPlanTables)
    document = tables.dial_plan(call.tenant, account_id, call.path_params["dial_plan_id"])
    return 200, with_extensions(call, account_id, document)


def list_dial_plans(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest("/v1/dialplans", f"{call.tenant}|dial_plans|{account_id}", "dp", {})
    tables = call.runtime.state(DialPlanTables)
    return list_reply(
        call,
        request,
        lambda page: tables.dial_plan_page(call.tenant, account_id, page),
        lambda row: with_extensions(call, account_id, row.document),
    )


OPERATIONS = {
    "dial_plans.create": create,
    "dial_plans.retrieve": retrieve,
    "dial_plans.list": list_dial_plans,
}
