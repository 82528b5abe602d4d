"""Click-to-call, the actions on a live call (``transfer``; ``attach`` is in
test_media_stream.py) and recording pause/resume, over real sockets, in stepped time."""

from typing import Any, cast

import pytest

from .conftest import Platform, new_account, new_user
from .live_call_helpers import act, events, place_call


def test_click_to_call_rings_the_user_then_dials_on_answer(platform: Platform) -> None:
    call_id = place_call(platform, "+15005550100")
    ringing = platform.call(call_id)
    seen_ringing = [kind for kind, _ in events(platform)]
    platform.clock(advance_seconds=5)
    seen_answered = [kind for kind, _ in events(platform)]
    platform.clock(advance_seconds=60)
    ended = platform.call(call_id)

    assert ringing["direction"] == "outbound"
    assert ringing["user"] == platform.user
    assert ringing["to_number"] == "+15005550100"
    assert ringing["status"] is None and ringing["ended_at"] is None
    assert seen_ringing == ["call.initiated", "call.start", "call.ringing"]
    assert seen_answered[-1] == "call.answered"
    assert ended["status"] == "completed"
    assert ended["duration_seconds"] == 65
    assert [kind for kind, _ in events(platform)][-2:] == ["call.end", "recording.available"]


def test_in_real_time_a_click_to_call_has_run_its_course_when_answered(
    platform: Platform,
) -> None:
    answer = platform.http.post(
        "/v1/calls",
        json={"user_id": platform.user, "dial_string": "+15005550102"},
        headers=platform.headers,
    )

    assert answer.status_code == 202, answer.text
    (call,) = platform.get("/v1/calls", direction="outbound").json()["data"]
    assert call["status"] == "busy"
    assert call["hangup_cause"] == 17
    assert call["to_number"] == "+15005550102"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"dial_string": "+15005550100"}, 400, "user"),
        ({"user": "USER"}, 400, "dial_string"),
        ({"user": "USER", "dial_string": ""}, 400, "dial_string"),
        ({"user": "USER", "dial_string": "call me"}, 400, "dial_string"),
        ({"user": "USER", "dial_string": "+1" + "5" * 40}, 400, "dial_string"),
        ({"user": "USER", "dial_string": 15005550100}, 400, "dial_string"),
        ({"user": 7, "dial_string": "101"}, 400, "user"),
        ({"user": "USER", "dial_string": "101", "record": True}, 400, "record"),
    ],
    ids=["no-user", "no-dial-string", "empty", "words", "too-long", "number", "user-type", "extra"],
)
def test_click_to_call_names_the_bad_field(
    platform: Platform, body: dict[str, Any], status: int, field: str
) -> None:
    sent = {key: platform.user if value == "USER" else value for key, value in body.items()}

    answer = platform.http.post("/v1/calls", json=sent, headers=platform.headers)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field


def test_click_to_call_for_another_accounts_user_is_a_404(platform: Platform) -> None:
    other = new_account(platform.http)
    stranger = new_user(platform.http, other)

    answer = platform.http.post(
        "/v1/calls", json={"user": stranger, "dial_string": "101"}, headers=platform.headers
    )

    assert answer.status_code == 404
    assert platform.get("/v1/calls").json()["data"] == []


def test_a_transfer_moves_the_call_to_the_new_user(platform: Platform) -> None:
    colleague = new_user(platform.http, platform.account, name="Grace Hopper")
    call_id = place_call(platform)
    platform.clock(advance_seconds=10)

    answer = act(platform, call_id, {"type": "transfer", "target": colleague, "mode": "blind"})
    moved = platform.call(call_id)
    platform.clock(advance_seconds=60)

    assert answer.status_code == 200, answer.text
    assert answer.content == b""
    assert moved["user"] == colleague
    (transfer,) = [data for kind, data in events(platform) if kind == "call.transfer"]
    assert transfer["call_id"] == call_id
    assert transfer["target"] == colleague
    assert platform.call(call_id)["user"] == colleague
    assert platform.get("/v1/calls", user=colleague).json()["data"][0]["id"] == call_id


def test_an_action_on_an_ended_call_is_a_409(platform: Platform) -> None:
    call_id = place_call(platform)
    platform.clock(advance_seconds=120)
    colleague = new_user(platform.http, platform.account)

    answers = [
        act(platform, call_id, {"type": "transfer", "target": colleague}),
        act(platform, call_id, {"type": "attach", "url": "wss://app.example.com/media"}),
        platform.http.post(f"/v1/calls/{call_id}/recording/pause", headers=platform.headers),
        platform.http.post(f"/v1/calls/{call_id}/recording/resume", headers=platform.headers),
    ]

    for answer in answers:
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "call_not_active"
    assert "call.transfer" not in [kind for kind, _ in events(platform)]


@pytest.mark.parametrize(
    ("actions", "status", "field"),
    [
        ([], 400, "actions"),
        ([{"type": "hold"}], 400, "actions.0.type"),
        ([{"url": "wss://app.example.com"}], 400, "actions.0.type"),
        ([{"type": "attach"}], 400, "actions.0.url"),
        ([{"type": "transfer"}], 400, "actions.0.target"),
        ([{"type": "transfer", "target": 5}], 400, "actions.0.target"),
        ([{"type": "transfer", "target": "user_nobody"}], 400, "actions.0.target"),
        ([{"type": "transfer", "target": "9999"}], 400, "actions.0.target"),
        ([{"type": "transfer", "target": "TARGET", "mode": "warm"}], 400, "actions.0.mode"),
        ([{"type": "attach", "url": "wss://a.example", "target": "x"}], 400, "actions.0.target"),
        ([{"type": "attach", "url": "ws://app.example.com/media"}], 422, "actions.0.url"),
        ([{"type": "attach", "url": "https://app.example.com/media"}], 422, "actions.0.url"),
        ([{"type": "attach", "url": "wss://"}], 422, "actions.0.url"),
        ([{"type": "attach", "url": "wss://[::1"}], 422, "actions.0.url"),
        ([{"type": "attach", "url": "wss://a.example/ x"}], 422, "actions.0.url"),
        (
            [{"type": "transfer", "target": "TARGET"}, {"type": "attach", "url": "ws://a.b"}],
            422,
            "actions.1.url",
        ),
        (["attach"], 400, "actions.0"),
    ],
    ids=[
        "empty",
        "unknown-type",
        "no-type",
        "attach-no-url",
        "transfer-no-target",
        "target-type",
        "no-such-user",
        "no-such-extension",
        "mode",
        "foreign-key",
        "ws-remote",
        "https",
        "no-host",
        "bad-host",
        "space",
        "second-action",
        "not-object",
    ],
)
def test_a_bad_action_names_its_field_and_changes_nothing(
    platform: Platform, actions: list[Any], status: int, field: str
) -> None:
    colleague = new_user(platform.http, platform.account)
    call_id = place_call(platform)
    sent = [_targeting(action, colleague) for action in actions]

    answer = act(platform, call_id, *sent)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field
    assert platform.call(call_id)["user"] == platform.user


def test_actions_on_another_accounts_call_are_404(platform: Platform) -> None:
    call_id = place_call(platform)
    other = new_account(platform.http)
    elsewhere = {"DialStack-Account": other}

    answers = [
        platform.http.post(
            f"/v1/calls/{call_id}",
            json={"actions": [{"type": "attach", "url": "wss://a.example"}]},
            headers=elsewhere,
        ),
        platform.http.post(f"/v1/calls/{call_id}/recording/pause", headers=elsewhere),
        platform.http.post(
            f"/v1/calls/{call_id}/listeners", json={"url": "wss://a.example"}, headers=elsewhere
        ),
        platform.http.get(f"/v1/calls/{call_id}/listeners", headers=elsewhere),
        platform.http.post("/v1/calls/call_nothing/recording/resume", headers=platform.headers),
    ]

    assert [answer.status_code for answer in answers] == [404] * len(answers)


def _targeting(action: Any, target: str) -> Any:
    """The action with ``TARGET`` replaced by a real target."""
    if not isinstance(action, dict):
        return action
    fields = cast("dict[str, Any]", action)
    return {key: target if value == "TARGET" else value for key, value in fields.items()}


def _recording_seconds(platform: Platform, call_id: str) -> int:
    answer = platform.get(f"/v1/calls/{call_id}/recording")
    assert answer.status_code == 200, answer.text
    return int(answer.json()["duration_seconds"])


def _pause(platform: Platform, call_id: str, what: str) -> None:
    answer = platform.http.post(f"/v1/calls/{call_id}/recording/{what}", headers=platform.headers)
    assert answer.status_code == 200, answer.text
    assert answer.content == b""


def test_a_paused_span_is_left_out_of_the_recording(platform: Platform) -> None:
    call_id = place_call(platform)  # rings 5 s, talks 60 s
    platform.clock(advance_seconds=15)
    _pause(platform, call_id, "pause")
    _pause(platform, call_id, "pause")  # already paused: the span still starts at 15 s
    platform.clock(advance_seconds=20)
    _pause(platform, call_id, "resume")
    _pause(platform, call_id, "resume")
    platform.clock(advance_seconds=30)

    assert platform.call(call_id)["duration_seconds"] == 65
    assert _recording_seconds(platform, call_id) == 40


def test_a_pause_before_the_answer_counts_from_the_answer_and_lasts_to_the_end(
    platform: Platform,
) -> None:
    first = place_call(platform)
    _pause(platform, first, "pause")  # while ringing
    platform.clock(advance_seconds=25)
    _pause(platform, first, "resume")  # 20 s into the talk
    second = place_call(platform)
    platform.clock(advance_seconds=10)
    _pause(platform, second, "pause")  # never resumed
    platform.clock(advance_seconds=120)

    assert _recording_seconds(platform, first) == 40
    assert _recording_seconds(platform, second) == 5
