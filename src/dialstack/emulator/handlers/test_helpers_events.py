"""``POST /v1/test_helpers/events``: one canned event, logged and delivered like any other.

Sandbox only (the emulator takes only test keys); the ``DialStack-Account`` header names
the account the event is about.
"""

from ..api_request import Answer, ApiRequest, to_json
from ..errors import UnknownParameter, ValidationFailed
from ..events import EVENT_TYPES, canned


async def create(call: ApiRequest) -> Answer:
    unknown = [*call.query, *(name for name in call.body if name != "event")]
    if unknown:
        raise UnknownParameter(unknown[0])
    account_id = call.account_id()
    event_type = call.body.get("event")
    if not isinstance(event_type, str) or event_type not in EVENT_TYPES:
        raise ValidationFailed(
            "event", f"event must be one of the event types: {', '.join(EVENT_TYPES)}"
        )
    runtime = call.runtime
    data = canned(event_type, account_id, runtime.ids)
    event_id = runtime.webhooks.record_event(call.tenant, account_id, event_type, data)
    return 201, to_json({"event": event_type, "id": event_id})


OPERATIONS = {"test_helpers.events.create": create}
