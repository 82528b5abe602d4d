"""The call simulator behind ``POST /v1/test_helpers/calls``: a call's lifecycle with no
telephony, shaped as the API's call logs, recordings, voicemails and transcripts are.

A call is a plan (who, which outcome, how long each phase lasts) and a list of steps due at
offsets from its start: ``start`` (the live, sparse call log), ``answer``, ``end`` (the
finished log; the voicemail, the recording, pending transcripts), ``transcribing`` and
``transcribed`` (text, summary, sentiment). Each step emits its events through
``runtime.record_event``. In real time (the default) every step runs inside the request and the
call is placed so that it has just ended; in a tenant's stepped time (``clock.step``) the
steps run as ``advance`` moves the clock past them.

While a call is live (its ``end`` step still to run) it can be acted on: ``live_call`` finds
it, ``transfer`` and ``pause_recording``/``resume_recording`` change its plan, ``save_live``
keeps the change.
"""

import copy
import json
from typing import Any, Literal

from ...core.api_request import to_json
from ...core.errors import Conflict, ResourceMissing, SemanticallyInvalid, ValidationFailed
from ...core.ports import CallChange, RoutedCall
from ...core.runtime import Runtime
from ...core.timestamps import iso
from . import documents, media
from .media_sockets import MediaSockets
from .tables import CallTables

OUTCOMES = ("answered", "no-answer", "busy", "voicemail", "failed")
MAGIC_NUMBERS = {
    "+15005550100": "answered",
    "+15005550101": "no-answer",
    "+15005550102": "busy",
    "+15005550103": "voicemail",
    "+15005550104": "failed",
}
"""Outbound ``to_number`` -> outcome, when the request names no ``scenario.outcome``; any
other number is answered."""
DEFAULT_CALLER = "+14155550123"
DEFAULT_DIALLED = "+15005550100"
_RING_SECONDS = {"answered": 5, "no-answer": 30, "busy": 0, "voicemail": 20, "failed": 0}
_TALK_SECONDS = 60
_VOICEMAIL_SECONDS = 15
_HANGUP_CAUSES = {"busy": 17, "no-answer": 19, "failed": 41}  # Q.850
TRANSCRIBING_AFTER = 5  # s after the end: pending -> processing
TRANSCRIBED_AFTER = 20  # s after the end: processing -> completed
_CALL_SENTIMENT = {
    "overall": "positive",
    "score": 0.6,
    "magnitude": 0.4,
    "local": {"sentiment": "positive", "score": 0.7, "magnitude": 0.3},
    "remote": {"sentiment": "neutral", "score": 0.1, "magnitude": 0.2},
}
_VOICEMAIL_SENTIMENT = {"overall": "neutral", "score": 0.1, "magnitude": 0.2}

State = dict[str, Any]


def start(runtime: Runtime, tenant: str, account_id: str, body: dict[str, Any]) -> State:
    """Plan a call and run the steps already due; the caller's transaction holds the writes."""
    direction = body.get("direction", "inbound")
    config = json.loads(runtime.accounts.document(tenant, account_id))["config"]
    inbound = direction == "inbound"
    did = _arrival_number(runtime, tenant, account_id, body) if inbound else None
    did = did or phone_number(runtime, tenant, account_id)
    call_id = runtime.ids.new("call")
    now = runtime.clock.now(tenant)
    caller = body.get("from_number", DEFAULT_CALLER)
    arriving = RoutedCall(call_id, caller, did["phone_number"], now)
    rung, answered_by = _destination(runtime, tenant, account_id, body, arriving)
    taken_by = rung[0] if rung else answered_by
    user_id = rung[0] if rung else None
    user: dict[str, Any] = (
        json.loads(runtime.users.document(tenant, account_id, user_id)) if user_id else {}
    )
    scenario: dict[str, Any] = body.get("scenario") or {}
    dialled = (
        body.get("to_number", DEFAULT_DIALLED) if direction == "outbound" else did["phone_number"]
    )
    outcome = scenario.get("outcome") or (
        MAGIC_NUMBERS.get(dialled, "answered")
        if direction == "outbound"
        else "answered"
        if rung or answered_by
        else "no-answer"
    )
    if outcome == "voicemail" and user_id is None:
        raise ValidationFailed(
            "scenario.outcome", "only a call that rings a user can go to voicemail (a mailbox)"
        )
    ring = scenario.get("ring_seconds", _RING_SECONDS[outcome])
    if outcome in ("busy", "failed"):
        ring = 0
    talk = scenario.get("talk_seconds", _TALK_SECONDS) if outcome == "answered" else 0
    voicemail_seconds = (
        scenario.get("voicemail_seconds", _VOICEMAIL_SECONDS) if outcome == "voicemail" else 0
    )
    records = (
        outcome == "answered"
        and config.get("recording_enabled", False)
        and scenario.get("recording", True)
    )
    end = ring + talk + voicemail_seconds
    started = now if runtime.clock.is_stepped(tenant) else now - end
    plan = {
        "call_id": call_id,
        "voicemail_id": runtime.ids.new("vm") if outcome == "voicemail" else None,
        "account_id": account_id,
        "user": user_id,
        "user_name": user.get("name"),
        "rung": list(rung),
        "answered_by": answered_by,
        "direction": direction,
        "outcome": outcome,
        "from_number": caller if direction == "inbound" else did["phone_number"],
        "from_label": (body.get("from_name") or None)
        if direction == "inbound"
        else user.get("name"),
        "dialled": dialled,
        "routed_to": (
            _extension_to(runtime, tenant, account_id, taken_by) or taken_by
            if inbound and taken_by is not None
            else dialled
        ),
        "did": did["id"],
        "started": started,
        "ring": ring,
        "talk": talk,
        "voicemail_seconds": voicemail_seconds,
        "records": bool(records),
        "transcribes": bool(config.get("transcription_enabled", False)),
    }
    steps: list[tuple[float, str]] = [(0, "start")]
    if outcome in ("answered", "voicemail"):
        steps.append((ring, "answer"))
    steps.append((end, "end"))
    if plan["transcribes"] and (plan["records"] or outcome == "voicemail"):
        steps += [
            (end + TRANSCRIBING_AFTER, "transcribing"),
            (end + TRANSCRIBED_AFTER, "transcribed"),
        ]
    state: State = {"plan": plan, "steps": [[started + offset, name] for offset, name in steps]}
    stepped = runtime.clock.is_stepped(tenant)
    _run(runtime, tenant, state, now if stepped else float("inf"))
    return state


def _extension_to(runtime: Runtime, tenant: str, account_id: str, target_id: str) -> str | None:
    """The number of the first extension routing to the target: what the API shows as an
    inbound call's routed destination."""
    page = runtime.extensions.routing_to(tenant, account_id, target_id)
    extensions: list[dict[str, Any]] = page["data"]
    return str(extensions[0]["number"]) if extensions else None


def _destination(
    runtime: Runtime,
    tenant: str,
    account_id: str,
    body: dict[str, Any],
    call: RoutedCall,
) -> tuple[tuple[str, ...], str | None]:
    """The users the call rings, in order, and the target that answers it instead (a voice
    app): the named ``user``, or wherever ``target`` routes an inbound call."""
    user_id, target = body.get("user"), body.get("target")
    if target is None:
        if not isinstance(user_id, str):
            raise ValidationFailed(
                "user", "user is required: the user the call rings or comes from (or a target)"
            )
        runtime.users.document(tenant, account_id, user_id)  # 404 for another account's
        return (user_id,), None
    if user_id is not None:
        raise ValidationFailed(
            "target", "name the user or the target the call is routed to, not both"
        )
    if body.get("direction", "inbound") != "inbound":
        raise SemanticallyInvalid(
            "target", "an outbound call comes from a user: name it as user, not as target"
        )
    hop = runtime.router.follow(tenant, account_id, target, call)
    return hop.rings, hop.answered_by


def run_due(runtime: Runtime, tenant: str, until: float | None = None) -> None:
    """Run the tenant's steps due by its clock (or by ``until``), in the caller's transaction."""
    now = runtime.clock.now(tenant) if until is None else until
    for _account_id, raw in runtime.state(CallTables).due_simulations(tenant, now):
        _run(runtime, tenant, json.loads(raw), now)


def _arrival_number(
    runtime: Runtime, tenant: str, account_id: str, body: dict[str, Any]
) -> dict[str, Any] | None:
    """The account's number an inbound call comes in on, when the call names one: as its
    ``target`` (the call then follows the number's routing) or as its ``to_number``."""
    calls = runtime.state(CallTables)
    target, e164 = body.get("target"), body.get("to_number")
    document = None if target is None else calls.phone_number(tenant, account_id, target)
    if document is None and e164 is not None:
        document = calls.phone_number_by_e164(tenant, account_id, e164)
        if document is None or json.loads(document)["status"] != "active":
            raise SemanticallyInvalid(
                "to_number", f"{e164!r} is not an active number of the account"
            )
    number: dict[str, Any] | None = None if document is None else json.loads(document)
    return number


def phone_number(runtime: Runtime, tenant: str, account_id: str) -> dict[str, Any]:
    """The account's first active number; the first test call gives it one."""
    calls = runtime.state(CallTables)
    numbers: list[dict[str, Any]] = [
        json.loads(document) for document in calls.phone_numbers(tenant, account_id)
    ]
    for number in numbers:
        if number["status"] == "active":
            return number
    return add_phone_number(runtime, tenant, account_id, existing=len(numbers))


def add_phone_number(
    runtime: Runtime,
    tenant: str,
    account_id: str,
    *,
    e164: str | None = None,
    status: str = "active",
    existing: int,
) -> dict[str, Any]:
    """A sandbox number: ``+1AAA55501XX``, the fictional range the API gives test accounts."""
    return runtime.state(CallTables).add_phone_number(
        tenant,
        account_id,
        runtime.ids.new("did"),
        phone_number=e164 or f"+1415555{100 + existing % 100:04d}",
        status=status,
        at=runtime.clock.now(tenant),
    )


def _run(runtime: Runtime, tenant: str, state: State, now: float) -> None:
    plan = state["plan"]
    steps: list[list[Any]] = state["steps"]
    while steps and steps[0][0] <= now:
        due, name = steps.pop(0)
        for event_type, data in _STEPS[name](runtime, tenant, state, due):
            # A copy: the sink may keep it, and later steps change the live documents.
            runtime.record_event(tenant, plan["account_id"], event_type, copy.deepcopy(data))
    calls = runtime.state(CallTables)
    next_due = steps[0][0] if steps else None
    calls.save_simulation(tenant, plan["account_id"], plan["call_id"], next_due, to_json(state))


Events = list[tuple[str, dict[str, Any]]]


def _at(seconds: float) -> str:
    return iso(int(seconds * 1_000_000_000))


def _start(runtime: Runtime, tenant: str, state: State, due: float) -> Events:
    plan = state["plan"]
    inbound = plan["direction"] == "inbound"
    call: dict[str, Any] = {
        "id": plan["call_id"],
        "object": "call",
        "user": plan["user"],
        "user_id": plan["user"],
        "endpoint": None,
        "endpoint_id": None,
        "did": plan["did"],
        "did_id": plan["did"],
        "direction": plan["direction"],
        "from_number": plan["from_number"],
        "from_label": plan["from_label"][:80] if plan["from_label"] else None,
        "to_number": None if inbound else plan["dialled"],
        "to_label": None,
        "started_at": _at(due),
        "answered_at": None,
        "connected_at": None,
        "ended_at": None,
        "duration_seconds": None,
        "status": None,
        "hangup_cause": None,
        "summary": None,
        "sentiment": None,
        "recording_url": None,
        "quality_metrics": [],
    }
    state["call"] = call
    _save_call(runtime, tenant, state)
    _tell(runtime, tenant, state, "ringing", due)
    events: Events = [
        ("call.incoming" if inbound else "call.initiated", call),
        ("call.start", call),
    ]
    if plan["outcome"] not in ("busy", "failed"):
        events.append(("call.ringing", call))
    return events


def _answer(runtime: Runtime, tenant: str, state: State, due: float) -> Events:
    # As the API's, the call log shows no more until the call ends.
    _tell(runtime, tenant, state, "answered", due)
    return [("call.answered", state["call"])]


def _end(runtime: Runtime, tenant: str, state: State, due: float) -> Events:
    plan = state["plan"]
    outcome = plan["outcome"]
    call = state["call"]
    answered_at = (
        _at(plan["started"] + plan["ring"]) if outcome in ("answered", "voicemail") else None
    )
    call.update(
        {
            "to_number": plan.get("routed_to", plan["dialled"]),
            "to_label": plan["user_name"] if plan["direction"] == "inbound" else None,
            "answered_at": answered_at,
            "connected_at": answered_at if outcome == "answered" else None,
            "ended_at": _at(due),
            "duration_seconds": round(due - plan["started"]),
            "status": "completed" if outcome == "answered" else outcome,
            "hangup_cause": _HANGUP_CAUSES.get(outcome),
            "quality_metrics": _quality_metrics() if outcome == "answered" else [],
        }
    )
    calls = runtime.state(CallTables)
    account_id = plan["account_id"]
    events: Events = []
    path = media.media_path(account_id, "recordings", plan["call_id"])
    record: dict[str, Any] | None = None
    if plan["records"]:
        recorded = _recorded_seconds(plan, due)
        record = {
            "object": "recording",
            "call": plan["call_id"],
            "call_id": plan["call_id"],
            "duration_seconds": recorded,
            "file_size_bytes": media.wav_size(recorded),
            "format": "wav",
        }
        calls.save_recording(
            tenant,
            account_id,
            plan["call_id"],
            duration_seconds=recorded,
            path=path,
            document=to_json(record),
        )
        state["recording_path"] = path
    _save_call(runtime, tenant, state)
    _tell(runtime, tenant, state, "ended", due)
    runtime.state(MediaSockets).end_call(tenant, plan["call_id"])
    events.append(("call.end", _shown_call(runtime, tenant, state)))
    if record is not None:
        events.append(("recording.available", documents.recording(runtime, tenant, record, path)))
        if plan["transcribes"]:
            transcript = _transcript("call", plan["call_id"])
            calls.save_transcript(
                tenant, account_id, plan["call_id"], to_json(transcript), create=True
            )
    if outcome == "voicemail":
        events.append(("voicemail.new", _new_voicemail(runtime, tenant, state, due)))
    return events


def _tell(
    runtime: Runtime,
    tenant: str,
    state: State,
    phase: Literal["ringing", "answered", "ended"],
    due: float,
) -> None:
    plan = state["plan"]
    # Every user the call rang stops ringing when it ends (and one it was transferred to);
    # only the one who took it answers; a target that took it itself has no presence.
    rung = [user for user in plan.get("rung", [plan["user"]]) if user]
    if phase == "answered":
        users = [plan["user"]] if plan["user"] else []
    else:
        users = rung + ([plan["user"]] if plan["user"] and plan["user"] not in rung else [])
    for user_id in users:
        change = CallChange(
            tenant,
            plan["account_id"],
            plan["call_id"],
            user_id,
            phase,
            due,
            plan["direction"],
            plan["from_number"],
            plan["from_label"],
            plan["dialled"],
        )
        for observer in runtime.on_call_changed:
            observer(change)


def live_call(runtime: Runtime, tenant: str, account_id: str, call_id: str) -> State:
    """The simulation of a call that has not ended yet.

    Raises:
        ResourceMissing: no such call in the account.
        Conflict: ``call_not_active``, the call has ended.
    """
    calls = runtime.state(CallTables)
    stored = calls.simulation(tenant, account_id, call_id)
    state: State | None = None if stored is None else json.loads(stored)
    if state is not None and any(name == "end" for _due, name in state["steps"]):
        return state
    if calls.call(tenant, account_id, call_id) is None:
        raise ResourceMissing("call", call_id)
    raise Conflict(
        "call_not_active", f"Call {call_id} has ended: it takes no more actions", {"id": call_id}
    )


def save_live(runtime: Runtime, tenant: str, state: State) -> None:
    """Keep what an action changed in a live call's plan and log."""
    plan = state["plan"]
    _save_call(runtime, tenant, state)
    runtime.state(CallTables).save_simulation(
        tenant, plan["account_id"], plan["call_id"], state["steps"][0][0], to_json(state)
    )


def transfer(runtime: Runtime, tenant: str, state: State, target_id: str, at: float) -> None:
    """Move a live call to ``target_id`` (which exists): the user it rings takes it over, or
    nobody does when the target answers it itself; ``call.transfer`` tells the account.

    Raises:
        ValidationFailed: the route from the target loops (field ``target``).
    """
    plan, call = state["plan"], state["call"]
    routed = RoutedCall(plan["call_id"], plan["from_number"], plan["dialled"], at)
    hop = runtime.router.follow(tenant, plan["account_id"], target_id, routed)
    _tell(runtime, tenant, state, "ended", at)
    new_user = hop.rings[0] if hop.rings else None
    user_name = None
    if new_user is not None:
        user = json.loads(runtime.users.document(tenant, plan["account_id"], new_user))
        user_name = user.get("name")
    plan.update({"user": new_user, "user_name": user_name})
    call.update({"user": new_user, "user_id": new_user})
    if target_id.isdigit():  # an extension: the call now goes to that number
        plan["dialled"] = target_id
        if plan["direction"] != "inbound":
            call["to_number"] = target_id
    _tell(runtime, tenant, state, "answered", at)
    event = copy.deepcopy({**call, "call_id": plan["call_id"], "target": target_id})
    runtime.record_event(tenant, plan["account_id"], "call.transfer", event)


def pause_recording(state: State, at: float) -> None:
    """Leave the audio from ``at`` out of the recording (again: no change)."""
    pauses: list[list[float | None]] = state["plan"].setdefault("pauses", [])
    if not pauses or pauses[-1][1] is not None:
        pauses.append([at, None])


def resume_recording(state: State, at: float) -> None:
    """Record again from ``at`` (while recording: no change)."""
    pauses: list[list[float | None]] = state["plan"].setdefault("pauses", [])
    if pauses and pauses[-1][1] is None:
        pauses[-1][1] = at


def _recorded_seconds(plan: dict[str, Any], end: float) -> int:
    """The talk time, less the paused spans within it (a pause still open ends with the
    call)."""
    answered = plan["started"] + plan["ring"]
    paused = 0.0
    for paused_at, resumed_at in plan.get("pauses", []):
        stop = end if resumed_at is None else min(resumed_at, end)
        paused += max(0.0, stop - max(paused_at, answered))
    return round(max(0.0, float(end - answered - paused)))


def _new_voicemail(runtime: Runtime, tenant: str, state: State, due: float) -> dict[str, Any]:
    plan = state["plan"]
    account_id, voicemail_id = plan["account_id"], plan["voicemail_id"]
    message = {
        "id": voicemail_id,
        "object": "voicemail",
        "owner": plan["user"],
        "from_number": plan["from_number"],
        "from_name": plan["from_label"],
        "duration_seconds": plan["voicemail_seconds"],
        "format": "wav",
        "is_read": False,
        "created_at": _at(due),
        "read_at": None,
        "summary": None,
        "sentiment": None,
        "call": plan["call_id"],
        "call_id": plan["call_id"],
    }
    path = media.media_path(account_id, "voicemails", voicemail_id)
    calls = runtime.state(CallTables)
    calls.insert_voicemail(
        tenant,
        account_id,
        voicemail_id,
        owner=plan["user"],
        sort_us=int(due * 1_000_000),
        duration_seconds=plan["voicemail_seconds"],
        audio_path=path,
        document=to_json(message),
    )
    if plan["transcribes"]:
        transcript = _transcript("voicemail", voicemail_id)
        calls.save_transcript(tenant, account_id, voicemail_id, to_json(transcript), create=True)
    return documents.voicemail(runtime, tenant, account_id, message, path)


def _transcribing(runtime: Runtime, tenant: str, state: State, due: float) -> Events:
    del due
    for _kind, subject in _transcribed_subjects(state):
        _update_transcript(runtime, tenant, state, subject, {"status": "processing"})
    return []


def _transcribed(runtime: Runtime, tenant: str, state: State, due: float) -> Events:
    del due
    plan = state["plan"]
    events: Events = []
    for kind, subject in _transcribed_subjects(state):
        if kind == "call":
            text = (
                f"Hello, you've reached {plan['user_name'] or 'us'}. Hi, I'm calling about my"
                " order. Sure, let me look that up for you. Thanks, that's all I needed."
            )
            sentiment = _CALL_SENTIMENT
            state["call"].update(
                {"summary": "The caller asked about an order.", "sentiment": sentiment}
            )
            _save_call(runtime, tenant, state)
        else:
            text = "Hi, please call me back about my appointment tomorrow. Thanks!"
            sentiment = _VOICEMAIL_SENTIMENT
            _update_voicemail(
                runtime,
                tenant,
                plan,
                {"summary": "Callback about an appointment.", "sentiment": sentiment},
            )
        done = _update_transcript(
            runtime,
            tenant,
            state,
            subject,
            {"status": "completed", "text": text, "sentiment": sentiment},
        )
        event = (
            "recording.transcription.complete"
            if kind == "call"
            else "voicemail.transcription.complete"
        )
        if done is not None:
            events.append((event, done))
    return events


_STEPS = {
    "start": _start,
    "answer": _answer,
    "end": _end,
    "transcribing": _transcribing,
    "transcribed": _transcribed,
}


def _transcribed_subjects(state: State) -> list[tuple[str, str]]:
    plan = state["plan"]
    subjects: list[tuple[str, str]] = []
    if plan["records"]:
        subjects.append(("call", plan["call_id"]))
    if plan["voicemail_id"] is not None:
        subjects.append(("voicemail", plan["voicemail_id"]))
    return subjects


def _transcript(kind: str, subject: str) -> dict[str, Any]:
    if kind == "call":
        return {
            "object": "transcript",
            "call": subject,
            "call_id": subject,
            "status": "pending",
            "text": None,
            "sentiment": None,
        }
    return {
        "object": "voicemail_transcript",
        "voicemail": subject,
        "voicemail_id": subject,
        "status": "pending",
        "text": None,
        "sentiment": None,
    }


def _update_transcript(
    runtime: Runtime, tenant: str, state: State, subject: str, changes: dict[str, Any]
) -> dict[str, Any] | None:
    """The transcript after ``changes``; None when its voicemail was deleted meanwhile."""
    calls = runtime.state(CallTables)
    account_id = state["plan"]["account_id"]
    stored = calls.transcript(tenant, account_id, subject)
    if stored is None:
        return None
    transcript = {**json.loads(stored), **changes}
    calls.save_transcript(tenant, account_id, subject, to_json(transcript), create=False)
    return transcript


def _update_voicemail(
    runtime: Runtime, tenant: str, plan: dict[str, Any], changes: dict[str, Any]
) -> None:
    calls = runtime.state(CallTables)
    stored = calls.voicemail(tenant, plan["account_id"], plan["voicemail_id"])
    if stored is None:
        return
    message = {**json.loads(stored.document), **changes}
    calls.replace_voicemail(tenant, plan["voicemail_id"], message["is_read"], to_json(message))


def _save_call(runtime: Runtime, tenant: str, state: State) -> None:
    plan, call = state["plan"], state["call"]
    runtime.state(CallTables).save_call(
        tenant,
        plan["account_id"],
        plan["call_id"],
        user_id=plan["user"],
        did_id=plan["did"],
        direction=plan["direction"],
        from_number=call["from_number"],
        to_number=call["to_number"],
        dialled_number=plan["dialled"],
        status=call["status"],
        sort_us=int(plan["started"] * 1_000_000),
        recording_path=state.get("recording_path"),
        document=to_json(call),
    )


def _shown_call(runtime: Runtime, tenant: str, state: State) -> dict[str, Any]:
    plan = state["plan"]
    return documents.call_log(
        runtime, tenant, plan["account_id"], state["call"], state.get("recording_path")
    )


def _quality_metrics() -> list[dict[str, Any]]:
    leg = {
        "jitter_ms": 2.1,
        "jitter_min_ms": 0.4,
        "jitter_max_ms": 6.8,
        "jitter_stddev_ms": 1.2,
        "packet_loss_pct": 0.0,
        "rtt_ms": 38.0,
        "rtt_min_ms": 31.0,
        "rtt_max_ms": 52.0,
        "rtt_stddev_ms": 4.5,
        "rx_count": 3000,
        "tx_count": 3000,
        "mos": 4.3,
    }
    return [{"leg": "pstn", "endpoint": None, **leg}, {"leg": "endpoint", "endpoint": None, **leg}]
