"""Dial plans over HTTP: the graph is checked whole before it is stored, each fault a 400
naming the node's field."""

from collections.abc import Callable
from typing import Any

import pytest

from ..calls.conftest import Platform, new_account, new_user


def _post(platform: Platform, path: str, body: dict[str, Any]) -> Any:
    return platform.http.post(path, json=body, headers=platform.headers)


def _schedule(platform: Platform) -> str:
    answer = _post(platform, "/v1/schedules", {"name": "Hours", "ranges": []})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _plan(platform: Platform, schedule: str) -> dict[str, Any]:
    return {
        "name": "Main line",
        "entry_node": "hours",
        "nodes": [
            {
                "id": "hours",
                "type": "schedule",
                "config": {"schedule": schedule, "open": "desk", "closed": "bye"},
                "position": {"x": 0, "y": 0},
            },
            {
                "id": "desk",
                "type": "internal_dial",
                "config": {"target": platform.user, "timeout": 20, "next": "menu"},
            },
            {
                "id": "menu",
                "type": "menu",
                "config": {
                    "prompt_clip": "clip_01",
                    "timeout": 5,
                    "options": [{"digit": "1", "next_node": "bye"}],
                    "timeout_next_node": "bye",
                },
            },
            {"id": "bye", "type": "hang_up", "config": {}},
        ],
    }


def test_a_plan_is_created_retrieved_listed_and_expanded(platform: Platform) -> None:
    body = _plan(platform, _schedule(platform))

    created = _post(platform, "/v1/dialplans", body)

    assert created.status_code == 201, created.text
    plan = created.json()
    assert plan["id"].startswith("dp_")
    assert (plan["name"], plan["entry_node"]) == ("Main line", "hours")
    assert [node["id"] for node in plan["nodes"]] == ["hours", "desk", "menu", "bye"]
    # The API sends the older `_id` spelling beside each renamed field.
    assert plan["nodes"][0]["config"]["schedule_id"] == plan["nodes"][0]["config"]["schedule"]
    assert plan["nodes"][1]["config"]["target_id"] == platform.user
    assert "extensions" not in plan
    assert platform.get(f"/v1/dialplans/{plan['id']}").json() == plan
    expanded = platform.get(f"/v1/dialplans/{plan['id']}", **{"expand[]": "extensions"}).json()
    assert expanded["extensions"]["data"] == []
    listed = platform.get("/v1/dialplans").json()
    assert [item["id"] for item in listed["data"]] == [plan["id"]]


def test_the_older_spellings_are_read_as_the_current_ones(platform: Platform) -> None:
    body = _plan(platform, _schedule(platform))
    config = body["nodes"][1]["config"]
    config["target_id"] = config.pop("target")

    plan = _post(platform, "/v1/dialplans", body).json()

    assert plan["nodes"][1]["config"]["target"] == platform.user


def test_another_accounts_plan_is_missing(platform: Platform) -> None:
    plan = _post(platform, "/v1/dialplans", _plan(platform, _schedule(platform))).json()
    elsewhere = {"DialStack-Account": new_account(platform.http)}

    answer = platform.http.get(f"/v1/dialplans/{plan['id']}", headers=elsewhere)

    assert answer.status_code == 404
    assert platform.http.get("/v1/dialplans", headers=elsewhere).json()["data"] == []


def _set(body: dict[str, Any], node: int, **config: Any) -> None:
    body["nodes"][node]["config"].update(config)


Spoil = Callable[[dict[str, Any]], object]
BAD_PLANS: list[tuple[str, Spoil, str]] = [
    ("entry node missing", lambda b: b.update(entry_node="nowhere"), "entry_node"),
    ("node ids repeat", lambda b: b["nodes"][3].update(id="desk"), "nodes[3].id"),
    ("next names no node", lambda b: _set(b, 1, next="gone"), "nodes[1].config.next"),
    ("open names no node", lambda b: _set(b, 0, open="gone"), "nodes[0].config.open"),
    ("closed names no node", lambda b: _set(b, 0, closed="gone"), "nodes[0].config.closed"),
    (
        "an option names no node",
        lambda b: _set(b, 2, options=[{"digit": "1", "next_node": "gone"}]),
        "nodes[2].config.options[0].next_node",
    ),
    (
        "a digit has two options",
        lambda b: _set(b, 2, options=[{"digit": "1"}, {"digit": "1"}]),
        "nodes[2].config.options[1].digit",
    ),
    ("no such target", lambda b: _set(b, 1, target="user_01jnobody"), "nodes[1].config.target"),
    ("no such schedule", lambda b: _set(b, 0, schedule="sched_01jx"), "nodes[0].config.schedule"),
    (
        "a loop",
        lambda b: _set(b, 3 - 1, timeout_next_node="hours"),
        "nodes[2].config.timeout_next_node",
    ),
    ("a node leading to itself", lambda b: _set(b, 1, next="desk"), "nodes[1].config.next"),
    ("a field of another kind", lambda b: _set(b, 1, open="bye"), "nodes[1].config.open"),
    (
        "a required field left out",
        lambda b: b["nodes"][1]["config"].pop("target"),
        "nodes[1].config.target",
    ),
    ("an unknown node type", lambda b: b["nodes"][3].update(type="teleport"), "nodes.3.type"),
    ("an unknown config key", lambda b: _set(b, 3, colour="red"), "nodes.3.config.colour"),
    (
        "a bad external number",
        lambda b: _set(b, 1, phone_number="911"),
        "nodes.1.config.phone_number",
    ),
    ("no nodes", lambda b: b.update(nodes=[]), "nodes"),
    ("too many nodes", lambda b: b.update(nodes=b["nodes"] * 51), "nodes"),
]


@pytest.mark.parametrize(
    ("spoil", "field"), [case[1:] for case in BAD_PLANS], ids=[c[0] for c in BAD_PLANS]
)
def test_a_broken_plan_is_refused_naming_the_node(
    platform: Platform, spoil: Spoil, field: str
) -> None:
    body = _plan(platform, _schedule(platform))
    spoil(body)

    answer = _post(platform, "/v1/dialplans", body)

    # Off the description (a dotted field) is 400; a well-formed graph that breaks is 422.
    off_the_description = field == "nodes" or field.startswith("nodes.")
    assert answer.status_code == (400 if off_the_description else 422), answer.text
    assert answer.json()["code"] in {"validation_error", "parameter_unknown"}
    assert answer.json()["details"]["field"] == field
    assert platform.get("/v1/dialplans").json()["data"] == []


def test_another_accounts_user_is_no_target(platform: Platform) -> None:
    stranger = new_user(platform.http, new_account(platform.http))
    body = _plan(platform, _schedule(platform))
    _set(body, 1, target=stranger)

    answer = _post(platform, "/v1/dialplans", body)

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "nodes[1].config.target"


def test_a_plan_may_hand_calls_to_another_plan(platform: Platform) -> None:
    first = _post(platform, "/v1/dialplans", _plan(platform, _schedule(platform))).json()
    body = _plan(platform, _schedule(platform))
    _set(body, 1, target=first["id"])

    answer = _post(platform, "/v1/dialplans", body)

    assert answer.status_code == 201, answer.text
