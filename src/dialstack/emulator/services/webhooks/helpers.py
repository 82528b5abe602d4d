"""``POST /v1/test_helpers/events``: one canned event, logged and delivered like any other.

Sandbox only (the emulator takes only test keys); the ``DialStack-Account`` header names
the account the event is about.
"""

from ...core.api_request import ApiRequest, Reply, to_json


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    event_type: str = call.body["event"]  # one of CannedEventType: the description checked it
    runtime = call.runtime
    data = runtime.canned_events[event_type](event_type, account_id, runtime.ids)
    event_id = runtime.record_event(call.tenant, account_id, event_type, data)
    return 201, to_json({"event": event_type, "id": event_id})


OPERATIONS = {"test_helpers.events.create": create}
