"""Bad input to extensions, ring groups and queues: each class of mistake answers its 4xx with
the API's code and names the field; none of them changes anything."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest


@dataclass(frozen=True)
class World:
    user: str
    ring_group: str
    queue: str


Request = Callable[[World], tuple[str, str, dict[str, Any]]]


def _create_extension(**body: Any) -> Request:
    return lambda w: ("POST", "/v1/extensions", {"target": w.user, **body})


def _ring_group(**body: Any) -> Request:
    return lambda w: ("POST", "/v1/ring_groups", {"name": "Sales", **body})


def _ring_group_member(**body: Any) -> Request:
    return lambda w: ("POST", f"/v1/ring_groups/{w.ring_group}/members", body)


def _queue(**body: Any) -> Request:
    return lambda w: ("POST", "/v1/queues", {"name": "Help", **body})


def _queue_update(body: Callable[[World], dict[str, Any]]) -> Request:
    return lambda w: ("POST", f"/v1/queues/{w.queue}", body(w))


def _queue_member(body: Callable[[World], dict[str, Any]]) -> Request:
    return lambda w: ("POST", f"/v1/queues/{w.queue}/members", body(w))


CASES: dict[str, tuple[Request, int, str, str]] = {
    "number too short": (_create_extension(number="12"), 400, "validation_error", "number"),
    "number not digits": (_create_extension(number="12a4"), 400, "validation_error", "number"),
    "number of other digits": (
        _create_extension(number="١٢٣٤"),
        400,
        "validation_error",
        "number",
    ),
    "number longer than the account's": (
        _create_extension(number="12345"),
        400,
        "validation_error",
        "number",
    ),
    "number as an integer": (_create_extension(number=1234), 400, "validation_error", "number"),
    "number missing": (_create_extension(), 400, "validation_error", "number"),
    "target missing": (
        lambda w: ("POST", "/v1/extensions", {"number": "1234"}),
        400,
        "validation_error",
        "target",
    ),
    "target unknown": (
        _create_extension(number="1234", target="user_01jzzzzzzzzzzzzzzzzzzzzzzz"),
        400,
        "validation_error",
        "target",
    ),
    "target of no known kind": (
        _create_extension(number="1234", target="nonsense"),
        400,
        "validation_error",
        "target",
    ),
    "target itself": (
        _create_extension(number="1234", target="1234"),
        400,
        "validation_error",
        "target",
    ),
    "extension key unknown": (
        _create_extension(number="1234", label="x"),
        400,
        "parameter_unknown",
        "label",
    ),
    "ring group name missing": (
        lambda w: ("POST", "/v1/ring_groups", {}),
        400,
        "validation_error",
        "name",
    ),
    "ring timeout out of range": (
        _ring_group(timeout_seconds=0),
        422,
        "validation_error",
        "timeout_seconds",
    ),
    "timeout action unknown": (
        _ring_group(timeout_action="hang_up"),
        400,
        "validation_error",
        "timeout_action",
    ),
    "timeout target without action": (
        lambda w: ("POST", "/v1/ring_groups", {"name": "S", "timeout_target": w.user}),
        422,
        "validation_error",
        "timeout_action",
    ),
    "timeout target of another kind": (
        lambda w: (
            "POST",
            "/v1/ring_groups",
            {"name": "S", "timeout_action": "queue", "timeout_target": w.user},
        ),
        422,
        "validation_error",
        "timeout_target",
    ),
    "timeout target missing": (
        _ring_group(timeout_action="queue", timeout_target="qu_01jzzzzzzzzzzzzzzzzzzzzzzz"),
        400,
        "validation_error",
        "timeout_target",
    ),
    "ring group key unknown": (_ring_group(members=[]), 400, "parameter_unknown", "members"),
    "member of neither kind": (_ring_group_member(), 422, "validation_error", "extension"),
    "member of both kinds": (
        _ring_group_member(extension="1001", phone_number="+15550100"),
        422,
        "validation_error",
        "extension",
    ),
    "member extension missing": (
        _ring_group_member(extension="9999"),
        400,
        "validation_error",
        "extension",
    ),
    "member number not E.164": (
        _ring_group_member(phone_number="5550100"),
        400,
        "validation_error",
        "phone_number",
    ),
    "member extension already a member": (
        _ring_group_member(extension="1000"),
        409,
        "duplicate_member",
        "extension",
    ),
    "member number already a member": (
        _ring_group_member(phone_number="+15550199"),
        409,
        "duplicate_member",
        "phone_number",
    ),
    "queue strategy unknown": (_queue(strategy="fifo"), 400, "validation_error", "strategy"),
    "wrap-up out of range": (
        _queue(wrap_up_seconds=601),
        422,
        "validation_error",
        "wrap_up_seconds",
    ),
    "announcement frequency out of range": (
        _queue(announcements={"frequency_seconds": 5}),
        400,
        "validation_error",
        "announcements",
    ),
    "announcement key unknown": (
        _queue(announcements={"every": 30}),
        400,
        "validation_error",
        "announcements",
    ),
    "callback offer out of range": (
        _queue_update(lambda w: {"callback": {"offer_after_seconds": 3601}}),
        400,
        "validation_error",
        "callback",
    ),
    "timeout of no known type": (
        _queue_update(lambda w: {"timeout": {"type": "hang_up"}}),
        400,
        "validation_error",
        "timeout",
    ),
    "timeout without its target": (
        _queue_update(lambda w: {"timeout": {"type": "ring_user"}}),
        422,
        "validation_error",
        "timeout.user",
    ),
    "timeout with the other type's target": (
        _queue_update(
            lambda w: {"timeout": {"type": "ring_user", "user": w.user, "voicemail": w.user}}
        ),
        422,
        "validation_error",
        "timeout.voicemail",
    ),
    "timeout user missing": (
        _queue_update(
            lambda w: {"timeout": {"type": "ring_user", "user": "user_01jzzzzzzzzzzzzzzzzzzzzzzz"}}
        ),
        422,
        "validation_error",
        "timeout.user",
    ),
    "timeout mailbox of another kind": (
        _queue_update(lambda w: {"timeout": {"type": "voicemail", "voicemail": w.queue}}),
        422,
        "validation_error",
        "timeout.voicemail",
    ),
    "queue member user missing": (
        _queue_member(lambda w: {"user_id": "user_01jzzzzzzzzzzzzzzzzzzzzzzz"}),
        400,
        "validation_error",
        "user_id",
    ),
    "queue member without user": (
        _queue_member(lambda w: {"penalty": 1}),
        400,
        "validation_error",
        "user_id",
    ),
    "queue member penalty negative": (
        _queue_member(lambda w: {"user_id": w.user, "penalty": -1}),
        422,
        "validation_error",
        "penalty",
    ),
    "queue member already a member": (
        _queue_member(lambda w: {"user_id": w.user}),
        409,
        "duplicate_member",
        "user_id",
    ),
}


@pytest.fixture
def world(api: httpx2.Client, in_account: dict[str, str], user_id: str) -> World:
    """A user with extension 1000, a ring group with 1000 and +15550199, a queue with the user."""
    api.post("/v1/extensions", json={"number": "1000", "target": user_id}, headers=in_account)
    api.post("/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account)
    group = api.post("/v1/ring_groups", json={"name": "Sales"}, headers=in_account).json()["id"]
    for member in ({"extension": "1000"}, {"phone_number": "+15550199"}):
        api.post(f"/v1/ring_groups/{group}/members", json=member, headers=in_account)
    queue = api.post("/v1/queues", json={"name": "Help"}, headers=in_account).json()["id"]
    api.post(f"/v1/queues/{queue}/members", json={"user_id": user_id}, headers=in_account)
    return World(user_id, group, queue)


def _state(api: httpx2.Client, headers: dict[str, str], world: World) -> list[Any]:
    return [
        api.get("/v1/extensions", headers=headers).json()["data"],
        api.get(f"/v1/ring_groups/{world.ring_group}", headers=headers).json(),
        api.get(f"/v1/queues/{world.queue}", headers=headers).json(),
        api.get("/v1/ring_groups", headers=headers).json()["data"],
        api.get("/v1/queues", headers=headers).json()["data"],
    ]


@pytest.mark.parametrize(("request_of", "status", "code", "field"), CASES.values(), ids=CASES)
def test_bad_input_is_refused_naming_the_field(
    api: httpx2.Client,
    in_account: dict[str, str],
    world: World,
    request_of: Request,
    status: int,
    code: str,
    field: str,
) -> None:
    method, path, body = request_of(world)
    before = _state(api, in_account, world)

    answer = api.request(method, path, json=body, headers=in_account)

    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert answer.json()["details"]["field"] == field
    assert _state(api, in_account, world) == before
