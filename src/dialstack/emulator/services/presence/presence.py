"""Presence: a user's reachability and the account's park slots, as the API shows them.

A user is ``on_call`` while a simulated call to them is answered, else ``available`` while a
simulated registration holds (``/_emulator/presence/registrations``), else ``offline``.
A park slot is ``parked`` until ``rings_back_at``, then ``ringing_back`` for
``RING_BACK_SECONDS``, then free; all judged on the tenant's clock at read time, so a
stepped clock walks a slot through its states with no timer.
"""

import json
import re
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ValidationFailed
from ...core.runtime import Runtime
from ...core.timestamps import iso
from .tables import ParkedCallRow, PresenceTables

RING_BACK_SECONDS = 30
"""How long a timed-out park rings the parker back before the call ends and frees the slot."""
ALL_SLOTS = "all"
MAX_NAMED_SLOTS = 50
_SLOT_VALUE = re.compile(r"(all|[1-9][0-9]{0,2})")


def at(seconds: float) -> str:
    return iso(int(seconds * 1_000_000_000))


def user_presence(runtime: Runtime, tenant: str, account_id: str, user_id: str) -> dict[str, Any]:
    """The user's presence object.

    Raises:
        ResourceMissing: no such user in the account.
    """
    user = json.loads(runtime.users.document(tenant, account_id, user_id))
    tables = runtime.state(PresenceTables)
    on_call = tables.in_call_since(tenant, account_id, user_id) is not None
    registration = tables.registration(tenant, account_id, user_id)
    if on_call:
        state = "on_call"
    elif registration is not None:
        state = "available"
    else:
        state = "offline"
    sessions = 0 if registration is None else registration.webrtc_sessions
    return {
        "object": "user_presence",
        "state": state,
        "notifiable": bool(user.get("config", {}).get("mobile_push_wakeup", False)),
        "do_not_disturb": bool(user.get("do_not_disturb", False)),
        "webrtc": {"state": state if sessions else "offline", "sessions": sessions},
    }


def is_occupied(parked: ParkedCallRow, now: float) -> bool:
    return now < parked.rings_back_at + RING_BACK_SECONDS


def slot_presence(slot: int, parked: ParkedCallRow | None, now: float) -> dict[str, Any]:
    if parked is None or not is_occupied(parked, now):
        return {"object": "park_slot", "slot": slot, "parked_call": None}
    return {
        "object": "park_slot",
        "slot": slot,
        "parked_call": {
            "call": parked.call_id,
            "from_number": parked.from_number,
            "from_label": parked.from_label,
            "status": "parked" if now < parked.rings_back_at else "ringing_back",
            "parked_by": parked.parked_by,
            "parked_at": at(parked.parked_at),
            "rings_back_at": at(parked.rings_back_at),
        },
    }


def park_slots(
    runtime: Runtime, tenant: str, account_id: str, wanted: list[int] | None
) -> list[dict[str, Any]]:
    """The occupied slots (``wanted`` None), or each wanted slot in order, free ones too."""
    now = runtime.clock.now(tenant)
    parked = {
        row.slot: row
        for row in runtime.state(PresenceTables).parked(tenant, account_id)
        if is_occupied(row, now)
    }
    if wanted is None:
        return [slot_presence(slot, row, now) for slot, row in parked.items()]
    return [slot_presence(slot, parked.get(slot), now) for slot in wanted]


def wanted_slots(slots: list[str]) -> list[int] | None:
    """The named slots of ``park_slot[]`` values, or None for ``all`` (or none named).

    Raises:
        ValidationFailed: ``all`` with named slots, more than ``MAX_NAMED_SLOTS``, or a value
            that is neither ``all`` nor a slot number (the stream's query is not checked
            against the description, so it is checked here).
    """
    if len(slots) > MAX_NAMED_SLOTS:
        raise ValidationFailed("park_slot[]", f"at most {MAX_NAMED_SLOTS} park_slot[] values")
    if any(_SLOT_VALUE.fullmatch(slot) is None for slot in slots):
        raise ValidationFailed("park_slot[]", "park_slot[] is `all` or a slot number (1-999)")
    named = [slot for slot in slots if slot != ALL_SLOTS]
    if ALL_SLOTS in slots and named:
        raise ValidationFailed(
            "park_slot[]",
            "park_slot[]=all and named slots cannot be combined: send one or the other",
        )
    return [int(slot) for slot in named] if named else None


def retrieve_presence(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    user_id = call.path_params["user_id"]
    return 200, to_json(user_presence(call.runtime, call.tenant, account_id, user_id))


def list_presence(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    users: list[str] = list(call.params.get("user[]", []))
    slots: list[str] = list(call.params.get("park_slot[]", []))
    wanted = wanted_slots(slots)
    data = [
        {**user_presence(call.runtime, call.tenant, account_id, user_id), "user": user_id}
        for user_id in users
    ]
    if slots:
        data += park_slots(call.runtime, call.tenant, account_id, wanted)
    envelope = {
        "object": "list",
        "url": "/v1/presence",
        "next_page_url": None,
        "previous_page_url": None,
        "data": data,
    }
    return 200, to_json(envelope)
