"""``POST /v1/test_helpers/calls``: start a simulated call (see ``simulator``)."""

from ...core.api_request import ApiRequest, Reply, to_json
from . import simulator


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    state = simulator.start(call.runtime, call.tenant, account_id, call.body)
    plan = state["plan"]
    return 201, to_json({"id": plan["call_id"], "object": "test_call", "scenario": plan["outcome"]})


OPERATIONS = {"test_helpers.calls.create": create}
