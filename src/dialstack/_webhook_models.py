"""Webhook events: the envelope, and a typed ``data`` for each family the contract knows.

Written by hand until the API description covers events. Every model keeps the fields it
has no attribute for in ``extra``, so an event of a newer API version loses nothing.
"""

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar

from ._models import DialStackModel, parse_timestamp

# DialStackModel.from_wire resolves every annotation of a model, its base's included, in
# the model's own module: the base's annotations name these.
_BASE_ANNOTATIONS = (Callable, ClassVar)


class EventData(DialStackModel):
    """The payload of an event type this SDK has no model for: everything is in ``extra``
    (and in ``to_dict()``)."""


class CallEventData(EventData):
    """``call.*``: the call log as it stands, plus the flat keys older handlers read."""

    id: str | None = None
    object: str | None = None
    call_id: str | None = None
    account_id: str | None = None
    direction: str | None = None
    from_number: str | None = None
    from_name: str | None = None
    to_number: str | None = None
    user: str | None = None
    user_id: str | None = None
    status: str | None = None
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    duration_seconds: int | None = None


class QueueCallEventData(EventData):
    """``queue.call.*``: a call's way through a queue; each step sets its own ``*_at``."""

    call_id: str | None = None
    queue_id: str | None = None
    queue_name: str | None = None
    from_number: str | None = None
    from_name: str | None = None
    to_number: str | None = None
    position_at_admit: int | None = None
    wait_seconds: int | None = None
    agents_claimed: int | None = None
    targets_dispatched: int | None = None
    agent_user_id: str | None = None
    agent_endpoint_id: str | None = None
    queued_at: datetime | None = None
    dispatched_at: datetime | None = None
    answered_at: datetime | None = None
    abandoned_at: datetime | None = None
    timed_out_at: datetime | None = None
    completed_at: datetime | None = None


class VoicemailEventData(EventData):
    """``voicemail.new``: the voicemail, with its audio link and the caller."""

    id: str | None = None
    object: str | None = None
    owner: str | None = None
    call: str | None = None
    from_number: str | None = None
    from_name: str | None = None
    duration_seconds: int | None = None
    audio_url: str | None = None
    is_read: bool | None = None
    created_at: datetime | None = None


class RecordingEventData(EventData):
    """``recording.available`` and ``recording.failed``: a call's recording."""

    id: str | None = None
    object: str | None = None
    call_id: str | None = None
    status: str | None = None
    download_url: str | None = None
    expires_at: datetime | None = None
    duration_seconds: int | None = None


class TranscriptionEventData(EventData):
    """``recording.transcription.complete`` and ``voicemail.transcription.complete``."""

    id: str | None = None
    object: str | None = None
    call_id: str | None = None
    voicemail_id: str | None = None
    status: str | None = None
    text: str | None = None
    summary: str | None = None


class FaxEventData(EventData):
    """``fax.*``: the fax and its outcome."""

    id: str | None = None
    object: str | None = None
    direction: str | None = None
    status: str | None = None
    from_number: str | None = None
    to_number: str | None = None
    page_count: int | None = None
    created_at: datetime | None = None


class _Untyped:
    """An event's ``data`` as it arrived, until it is first read."""

    __slots__ = ("raw",)

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw

    def typed(self, event_type: str) -> EventData:
        try:
            return data_class(event_type).from_wire(self.raw)
        # A value no field can hold (a timestamp out of range): the payload stays readable,
        # untyped, rather than the attribute raising.
        except (ValueError, TypeError, OverflowError, OSError):
            return EventData.from_wire(self.raw)


class _TypedOnRead:
    """``WebhookEvent.data``: its model is built when it is first read, so verifying an event
    costs little more than parsing its JSON; the model is kept."""

    def __get__(self, event: object, owner: type) -> Any:
        if event is None:
            return self
        state = event.__dict__
        value = state.get("data", self)
        if isinstance(value, _Untyped):
            value = state["data"] = value.typed(state["type"])
        elif value is self:
            value = state["data"] = EventData()
        return value

    def __set__(self, event: object, value: Any) -> None:
        raise AttributeError(f"{type(event).__name__} is frozen: cannot set 'data'")


def _typed_on_read() -> Any:
    return _TypedOnRead()


class WebhookEvent(DialStackModel):
    """One event, as delivered to a webhook endpoint. The same event may arrive more than
    once (delivery is at least once): deduplicate on ``id``.

    ``data`` is typed by ``type``: ``CallEventData`` for ``call.*``, ``QueueCallEventData``
    for ``queue.call.*``, ``VoicemailEventData`` for ``voicemail.new``,
    ``RecordingEventData`` for ``recording.available``/``recording.failed``,
    ``TranscriptionEventData`` for ``*.transcription.complete``, ``FaxEventData`` for
    ``fax.*``, and ``EventData`` (all fields in ``extra``) for any other type.
    """

    id: str
    type: str
    object: str | None = None
    account_id: str | None = None
    livemode: bool | None = None
    created_at: datetime | None = None
    data: EventData = _typed_on_read()

    @classmethod
    def of_document(cls, document: Mapping[str, Any], data: "_Untyped") -> "WebhookEvent":
        """``from_wire`` for the envelope's few fields, with ``data`` left for first read:
        verifying an event is a benchmark row (docs/webhooks.md), so this skips the
        converter lookups a general model needs."""
        event = cls.__new__(cls)
        state = event.__dict__
        state.update(cls._defaults)
        known = cls._known
        extra: dict[str, Any] = {}
        for key, value in document.items():
            if key in known:
                state[key] = value
            else:
                extra[key] = value
        state["data"] = data
        created_at = state["created_at"]
        if created_at is not None:
            state["created_at"] = parse_timestamp(created_at)
        state["_wire"] = document
        if extra:
            state["extra"] = MappingProxyType(extra)
        return event


def data_class(event_type: str) -> type[EventData]:
    """The model of ``data`` for an event type."""
    if event_type.endswith(".transcription.complete"):
        return TranscriptionEventData
    if event_type.startswith("queue.call."):
        return QueueCallEventData
    if event_type == "voicemail.new":
        return VoicemailEventData
    return _FAMILIES.get(event_type.partition(".")[0], EventData)


_FAMILIES: dict[str, type[EventData]] = {
    "call": CallEventData,
    "recording": RecordingEventData,
    "fax": FaxEventData,
}


def event_from_wire(document: dict[str, Any]) -> WebhookEvent:
    """The event from its decoded JSON object; ``data`` is typed by ``type`` on first read.

    Raises:
        ValueError: ``id`` or ``type`` is not a string, or ``data`` is not an object.
    """
    if not isinstance(document.get("type"), str) or not isinstance(document.get("id"), str):
        raise ValueError("an event needs a string id and type")
    data = document.get("data", {})
    if not isinstance(data, dict):
        raise ValueError("an event's data must be an object")
    return WebhookEvent.of_document(document, _Untyped(data))  # pyright: ignore[reportUnknownArgumentType]
