"""The event types of the description's ``CannedEventType``: what ``POST
/v1/test_helpers/events`` can send, so what the services must have canned payloads for."""

import json

from .spec import document_bytes

EVENT_TYPES: tuple[str, ...] = tuple(
    json.loads(document_bytes())["components"]["schemas"]["CannedEventType"]["enum"]
)


def event_types(prefix: str) -> tuple[str, ...]:
    return tuple(event_type for event_type in EVENT_TYPES if event_type.startswith(prefix))
