"""Live calls: click-to-call, the actions on a live call (``attach``, ``transfer``), recording
pause and resume, and listeners. The call itself is the simulator's (``simulator``); its
sockets are ``media_sockets``'."""

from urllib.parse import urlsplit

from ...._loopback import is_loopback
from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import (
    Conflict,
    ResourceMissing,
    SemanticallyInvalid,
    UnknownParameter,
    ValidationFailed,
)
from ...core.pages import ListRequest, PageQuery, PageRows, list_reply
from ...core.runtime import Runtime
from ...core.timestamps import iso
from . import simulator
from .media_sockets import MediaSockets
from .tables import CallTables

MAX_LISTENERS_PER_CALL = 10


def create(call: ApiRequest) -> Reply:
    """The user's endpoints ring first; once the user answers the dial string is dialled:
    an outbound call whose outcome the dial string decides (``simulator.MAGIC_NUMBERS``)."""
    account_id = call.account_id()
    body = call.body
    placed = {"user": body.get("user"), "direction": "outbound", "to_number": body["dial_string"]}
    simulator.start(call.runtime, call.tenant, account_id, placed)
    return 202, None


def update(call: ApiRequest) -> Reply:
    """Every action is checked before any is taken: a refused request changes nothing."""
    runtime, tenant = call.runtime, call.tenant
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    state = simulator.live_call(runtime, tenant, account_id, call_id)
    actions: list[dict[str, str]] = call.body["actions"]
    for index, action in enumerate(actions):
        _check_fields(action, f"actions.{index}")
        if action["type"] == "attach":
            _check_websocket_url(runtime, action["url"], f"actions.{index}.url")
        elif not runtime.router.exists(tenant, account_id, action["target"]):
            raise ValidationFailed(
                f"actions.{index}.target",
                f"No such transfer target: {action['target']!r} (a user, ring group, queue,"
                " dial plan, voice app or extension of this account)",
            )
    attach_url: str | None = None
    now = runtime.clock.now(tenant)
    for index, action in enumerate(actions):
        if action["type"] == "attach":
            attach_url = action["url"]  # the call's audio goes to one app: the last named
            continue
        try:
            simulator.transfer(runtime, tenant, state, action["target"], now)
        except ValidationFailed as error:
            raise ValidationFailed(f"actions.{index}.target", error.message) from None
    simulator.save_live(runtime, tenant, state)
    if attach_url is not None:
        # The app hears the caller, and speaks to the caller.
        runtime.state(MediaSockets).open(
            tenant,
            account_id,
            call_id,
            key=f"attach:{call_id}",
            kind="attach",
            url=attach_url,
            channel="caller",
        )
    return 200, None


def pause_recording(call: ApiRequest) -> Reply:
    state = _live(call)
    simulator.pause_recording(state, call.runtime.clock.now(call.tenant))
    simulator.save_live(call.runtime, call.tenant, state)
    return 200, None


def resume_recording(call: ApiRequest) -> Reply:
    state = _live(call)
    simulator.resume_recording(state, call.runtime.clock.now(call.tenant))
    simulator.save_live(call.runtime, call.tenant, state)
    return 200, None


def create_listener(call: ApiRequest) -> Reply:
    runtime, tenant = call.runtime, call.tenant
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    simulator.live_call(runtime, tenant, account_id, call_id)
    url: str = call.body["url"]
    channel: str = call.body.get("channel", "both")
    _check_websocket_url(runtime, url, "url")
    calls = runtime.state(CallTables)
    if calls.listener_count(tenant, account_id, call_id) >= MAX_LISTENERS_PER_CALL:
        raise Conflict(
            "listener_limit",
            f"A call takes at most {MAX_LISTENERS_PER_CALL} listeners",
            {"limit": MAX_LISTENERS_PER_CALL},
        )
    now = runtime.clock.now(tenant)
    listener_id = runtime.ids.new("lstn")
    listener = {
        "id": listener_id,
        "object": "listener",
        "call": call_id,
        "call_id": call_id,
        "url": url,
        "channel": channel,
        "created_at": iso(int(now * 1_000_000_000)),
    }
    document = to_json(listener)
    calls.insert_listener(
        tenant, account_id, call_id, listener_id, sort_us=int(now * 1_000_000), document=document
    )
    runtime.state(MediaSockets).open(
        tenant, account_id, call_id, key=listener_id, kind="listener", url=url, channel=channel
    )
    return 201, document


def list_listeners(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    calls = call.runtime.state(CallTables)
    if calls.call(call.tenant, account_id, call_id) is None:
        raise ResourceMissing("call", call_id)
    request = ListRequest(
        f"/v1/calls/{call_id}/listeners",
        f"{call.tenant}|listeners|{account_id}|{call_id}",
        "lstn",
        {},
    )

    def fetch(page: PageQuery) -> PageRows:
        return calls.listener_page(call.tenant, account_id, call_id, page)

    return list_reply(call, request, fetch)


def retrieve_listener(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    call_id, listener_id = call.path_params["call_id"], call.path_params["listener_id"]
    found = call.runtime.state(CallTables).listener(call.tenant, account_id, call_id, listener_id)
    if found is None:
        raise ResourceMissing("listener", listener_id)
    return 200, found


def delete_listener(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    call_id, listener_id = call.path_params["call_id"], call.path_params["listener_id"]
    calls = call.runtime.state(CallTables)
    if not calls.delete_listener(call.tenant, account_id, call_id, listener_id):
        raise ResourceMissing("listener", listener_id)
    call.runtime.state(MediaSockets).stop(call.tenant, listener_id, "the listener was deleted")
    return 204, None


_ACTION_FIELDS = {
    "attach": ({"url"}, {"type", "url"}),
    "transfer": ({"target"}, {"type", "target", "mode"}),
}
"""Each action type's required fields, and all it takes."""


def _check_fields(action: dict[str, str], where: str) -> None:
    required, taken = _ACTION_FIELDS[action["type"]]
    for name in sorted(action.keys() - taken):
        raise UnknownParameter(f"{where}.{name}")
    for name in sorted(required - action.keys()):
        raise ValidationFailed(f"{where}.{name}", f"{where}.{name} is required by {action['type']}")


def is_live(runtime: Runtime, tenant: str, account_id: str, call_id: str) -> bool:
    try:
        simulator.live_call(runtime, tenant, account_id, call_id)
    except (ResourceMissing, Conflict):
        return False
    return True


def _live(call: ApiRequest) -> simulator.State:
    return simulator.live_call(
        call.runtime, call.tenant, call.account_id(), call.path_params["call_id"]
    )


def _check_websocket_url(runtime: Runtime, url: str, field: str) -> None:
    """``wss://`` to anywhere but this emulator; ``ws://`` only to this machine (tests).

    Raises:
        SemanticallyInvalid: any other URL (a 422, as the API answers ``ws://``).
    """
    refusal = SemanticallyInvalid(
        field, f"{field} must be a wss:// URL (the emulator takes ws:// to a loopback host too)"
    )
    if any(char.isspace() or not char.isprintable() for char in url):
        raise refusal
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise refusal from None
    host = parts.hostname
    if not host or parts.scheme not in ("wss", "ws"):
        raise refusal
    loopback = is_loopback(host)
    if parts.scheme == "ws" and not loopback:
        raise refusal
    if loopback and (port or (443 if parts.scheme == "wss" else 80)) in runtime.listening_ports:
        raise SemanticallyInvalid(field, f"{field} is this emulator's own address")


OPERATIONS = {
    "calls.create": create,
    "calls.update": update,
    "calls.pause_recording": pause_recording,
    "calls.resume_recording": resume_recording,
    "calls.create_listener": create_listener,
    "calls.list_listeners": list_listeners,
    "calls.retrieve_listener": retrieve_listener,
    "calls.delete_listener": delete_listener,
}
