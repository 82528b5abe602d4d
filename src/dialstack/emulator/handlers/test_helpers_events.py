"""``POST /v1/test_helpers/events``: one canned event, logged and delivered like any other.

Sandbox only (the emulator takes only test keys); the ``DialStack-Account`` header names
the account the event is about.
"""

from ..call import Answer, Call, to_json
from ..errors import ValidationFailed
from ..events import EVENT_TYPES, canned
from ..validation import Obj, Str, check_fields

_CREATE = Obj({"event": Str()}, required=("event",))


async def create(call: Call) -> Answer:
    call.allow_query()
    account_id = call.account_id()
    event_type: str = check_fields(_CREATE, call.body)["event"]
    if event_type not in EVENT_TYPES:
        raise ValidationFailed(
            "event", f"event must be one of the event types: {', '.join(EVENT_TYPES)}"
        )
    runtime = call.runtime
    data = canned(event_type, account_id, runtime.ids)
    event_id = runtime.webhooks.record_event(call.tenant, account_id, event_type, data)
    return 201, to_json({"event": event_type, "id": event_id})


OPERATIONS = {"test_helpers.events.create": create}
