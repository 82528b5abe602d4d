"""Webhook events: the envelope, and a typed ``data`` for each family the contract knows.

Written by hand until the API description covers events, in the generated models' form
(``_fields_``). Every field of a payload is optional: a field the API leaves out is None,
and fields this SDK has no attribute for stay in the mapping and in ``extra``.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from ._errors import DialStackError
from ._models import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    OBJECT,
    STRING,
    Converter,
    DialStackModel,
    Field,
    nullable,
    parse_timestamp,
)


class EventData(DialStackModel):
    """The payload of an event type this SDK has no model for: everything is in ``extra``
    (and in the mapping itself)."""


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

    _fields_ = (
        Field("id", nullable(STRING), required=False),
        Field("object", nullable(STRING), required=False),
        Field("call_id", nullable(STRING), required=False),
        Field("account_id", nullable(STRING), required=False),
        Field("direction", nullable(STRING), required=False),
        Field("from_number", nullable(STRING), required=False),
        Field("from_name", nullable(STRING), required=False),
        Field("to_number", nullable(STRING), required=False),
        Field("user", nullable(STRING), required=False),
        Field("user_id", nullable(STRING), required=False),
        Field("status", nullable(STRING), required=False),
        Field("started_at", nullable(DATETIME), required=False),
        Field("answered_at", nullable(DATETIME), required=False),
        Field("ended_at", nullable(DATETIME), required=False),
        Field("duration_seconds", nullable(INTEGER), required=False),
    )


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

    _fields_ = (
        Field("call_id", nullable(STRING), required=False),
        Field("queue_id", nullable(STRING), required=False),
        Field("queue_name", nullable(STRING), required=False),
        Field("from_number", nullable(STRING), required=False),
        Field("from_name", nullable(STRING), required=False),
        Field("to_number", nullable(STRING), required=False),
        Field("position_at_admit", nullable(INTEGER), required=False),
        Field("wait_seconds", nullable(INTEGER), required=False),
        Field("agents_claimed", nullable(INTEGER), required=False),
        Field("targets_dispatched", nullable(INTEGER), required=False),
        Field("agent_user_id", nullable(STRING), required=False),
        Field("agent_endpoint_id", nullable(STRING), required=False),
        Field("queued_at", nullable(DATETIME), required=False),
        Field("dispatched_at", nullable(DATETIME), required=False),
        Field("answered_at", nullable(DATETIME), required=False),
        Field("abandoned_at", nullable(DATETIME), required=False),
        Field("timed_out_at", nullable(DATETIME), required=False),
        Field("completed_at", nullable(DATETIME), required=False),
    )


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

    _fields_ = (
        Field("id", nullable(STRING), required=False),
        Field("object", nullable(STRING), required=False),
        Field("owner", nullable(STRING), required=False),
        Field("call", nullable(STRING), required=False),
        Field("from_number", nullable(STRING), required=False),
        Field("from_name", nullable(STRING), required=False),
        Field("duration_seconds", nullable(INTEGER), required=False),
        Field("audio_url", nullable(STRING), required=False),
        Field("is_read", nullable(BOOLEAN), required=False),
        Field("created_at", nullable(DATETIME), required=False),
    )


class RecordingEventData(EventData):
    """``recording.available`` and ``recording.failed``: a call's recording."""

    id: str | None = None
    object: str | None = None
    call_id: str | None = None
    status: str | None = None
    download_url: str | None = None
    expires_at: datetime | None = None
    duration_seconds: int | None = None

    _fields_ = (
        Field("id", nullable(STRING), required=False),
        Field("object", nullable(STRING), required=False),
        Field("call_id", nullable(STRING), required=False),
        Field("status", nullable(STRING), required=False),
        Field("download_url", nullable(STRING), required=False),
        Field("expires_at", nullable(DATETIME), required=False),
        Field("duration_seconds", nullable(INTEGER), required=False),
    )


class TranscriptionEventData(EventData):
    """``recording.transcription.complete`` and ``voicemail.transcription.complete``."""

    id: str | None = None
    object: str | None = None
    call_id: str | None = None
    voicemail_id: str | None = None
    status: str | None = None
    text: str | None = None
    summary: str | None = None

    _fields_ = (
        Field("id", nullable(STRING), required=False),
        Field("object", nullable(STRING), required=False),
        Field("call_id", nullable(STRING), required=False),
        Field("voicemail_id", nullable(STRING), required=False),
        Field("status", nullable(STRING), required=False),
        Field("text", nullable(STRING), required=False),
        Field("summary", nullable(STRING), required=False),
    )


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

    _fields_ = (
        Field("id", nullable(STRING), required=False),
        Field("object", nullable(STRING), required=False),
        Field("direction", nullable(STRING), required=False),
        Field("status", nullable(STRING), required=False),
        Field("from_number", nullable(STRING), required=False),
        Field("to_number", nullable(STRING), required=False),
        Field("page_count", nullable(INTEGER), required=False),
        Field("created_at", nullable(DATETIME), required=False),
    )


class _Untyped:
    """An event's ``data`` as it arrived, until it is first read."""

    __slots__ = ("raw",)

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw

    def typed(self, event_type: object) -> EventData:
        model = data_class(event_type) if isinstance(event_type, str) else EventData
        try:
            return model.from_wire(self.raw)
        # A value no field can hold (a timestamp that is no timestamp): the payload stays
        # readable, untyped, rather than the attribute raising.
        except DialStackError:
            return EventData.from_wire(self.raw)

    def __repr__(self) -> str:
        return repr(self.raw)


_UNTYPED = Converter("an object", lambda value: _Untyped(OBJECT.convert(value)), keeps_json=False)


class WebhookEvent(DialStackModel):
    """One event, as delivered to a webhook endpoint. The same event may arrive more than
    once (delivery is at least once): deduplicate on ``id``.

    ``data`` is typed by ``type``: ``CallEventData`` for ``call.*``, ``QueueCallEventData``
    for ``queue.call.*``, ``VoicemailEventData`` for ``voicemail.new``,
    ``RecordingEventData`` for ``recording.available``/``recording.failed``,
    ``TranscriptionEventData`` for ``*.transcription.complete``, ``FaxEventData`` for
    ``fax.*``, and ``EventData`` (all fields in ``extra``) for any other type. It is built
    when first read, so verifying an event costs little more than parsing its JSON.
    """

    id: str
    type: str
    object: str | None = None
    account_id: str | None = None
    livemode: bool | None = None
    created_at: datetime | None = None

    _fields_ = (
        Field("id", STRING),
        Field("type", STRING),
        Field("object", nullable(STRING), required=False),
        Field("account_id", nullable(STRING), required=False),
        Field("livemode", nullable(BOOLEAN), required=False),
        Field("created_at", nullable(DATETIME), required=False),
        Field("data", _UNTYPED, required=False),
    )

    def _fill(self, data: dict[str, Any], request_id: str | None, *, strict: bool) -> None:
        # Verifying an event is a benchmark row (docs/webhooks.md): an envelope of the usual
        # shape is read in one pass; any other goes through the general checks, which say
        # what does not fit.
        get = data.get
        event_id, event_type, raw, created = get("id"), get("type"), get("data"), get("created_at")
        obj, account_id, livemode = get("object"), get("account_id"), get("livemode")
        if (
            type(event_id) is str
            and type(event_type) is str
            and (raw is None or type(raw) is dict)
            and (created is None or type(created) is str)
            and (obj is None or type(obj) is str)
            and (account_id is None or type(account_id) is str)
            and (livemode is None or type(livemode) is bool)
        ):
            try:
                created_at = None if created is None else parse_timestamp(created)
            except Exception:  # not a timestamp: the general checks below name the field
                created_at = None
            else:
                state = self.__dict__
                state["id"], state["type"], state["object"] = event_id, event_type, obj
                state["account_id"], state["livemode"] = account_id, livemode
                state["created_at"] = created_at
                state["data"] = None if raw is None else _Untyped(cast("dict[str, Any]", raw))
                state["_request_id"] = request_id
                super(DialStackModel, self).update(data)  # the mapping: the JSON as sent
                return
        super()._fill(data, request_id, strict=strict)

    @property
    def data(self) -> EventData:
        """The payload, as the model of its type (an empty ``EventData`` when absent)."""
        state = self.__dict__
        value = state.get("data")
        if isinstance(value, _Untyped):
            value = state["data"] = value.typed(state.get("type"))
        elif value is None:
            value = state["data"] = EventData.from_wire({})
        typed: EventData = value
        return typed


class VoiceAppEvent(DialStackModel):
    """A voice app's webhook: flat, named by ``event`` (not an envelope's ``type``), and
    signed with the voice app's own secret.

    ``call.received``: a call was routed to the app, which now controls it (answer it with
    ``calls.update``: ``attach`` or ``transfer``). ``call.notify``: a dial plan told the app
    of a call it keeps routing.
    """

    event: str
    call_id: str
    account_id: str | None = None
    from_number: str | None = None
    from_name: str | None = None
    to_number: str | None = None

    _fields_ = (
        Field("event", STRING),
        Field("call_id", STRING),
        Field("account_id", nullable(STRING), required=False),
        Field("from_number", nullable(STRING), required=False),
        Field("from_name", nullable(STRING), required=False),
        Field("to_number", nullable(STRING), required=False),
    )


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
