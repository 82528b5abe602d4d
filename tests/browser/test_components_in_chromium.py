"""A page of ours in headless Chromium does what DialStack's browser components do, on an
origin the emulator allows: cross-origin calls with a session token (each preflighted, as
the bearer header requires), a voicemail's signed link playing in an ``<audio>`` element,
the instance event stream, and the refusals a component must be able to read."""

import json
from typing import Any

import pytest

from .conftest import OTHER_HOST, Backend
from .devtools import Browser, ScriptFailed, Tab


def call(page: Tab, backend: Backend, token: str, path: str, **options: object) -> dict[str, Any]:
    """What the page's ``fetch`` got: ``{status, body}``."""
    answer: dict[str, Any] = page.evaluate(
        f"api({json.dumps(backend.url + path)}, {json.dumps(token)}, {json.dumps(options)})"
    )
    return answer


def test_a_session_token_lists_across_origins(page: Tab, backend: Backend) -> None:
    for _ in range(3):
        backend.post("/v1/test_helpers/calls", user=backend.user)

    listed = call(page, backend, backend.session("call_logs"), "/v1/calls?limit=100")

    assert listed["status"] == 200
    assert len(listed["body"]["data"]) == 3


def test_a_page_on_an_origin_not_allowed_is_refused(
    browser: Browser, page_port: int, backend: Backend
) -> None:
    token = backend.session("call_logs")
    with (
        browser.tab(f"http://{OTHER_HOST}:{page_port}/") as elsewhere,
        pytest.raises(ScriptFailed, match="Failed to fetch"),
    ):
        call(elsewhere, backend, token, "/v1/calls")


def test_a_voicemail_plays_from_its_signed_link(page: Tab, backend: Backend) -> None:
    backend.post(
        "/v1/test_helpers/calls",
        user=backend.user,
        scenario={"outcome": "voicemail", "voicemail_seconds": 12},
    )
    token = backend.session("voicemails")
    listed = call(page, backend, token, f"/v1/voicemails?limit=20&owner={backend.user}")
    audio_url = listed["body"]["data"][0]["audio_url"]

    played = page.evaluate(f"load({json.dumps(audio_url)})")
    marked = call(
        page,
        backend,
        token,
        f"/v1/voicemails/{listed['body']['data'][0]['id']}",
        method="POST",
        body=json.dumps({"is_read": True}),
    )

    assert played["readyState"] == 4  # HAVE_ENOUGH_DATA
    assert played["duration"] == pytest.approx(12, abs=0.1)
    assert played["paused"] is False
    assert marked["status"] == 200
    assert marked["body"]["is_read"] is True


def test_the_event_stream_hears_a_call_ring(page: Tab, backend: Backend) -> None:
    token = backend.session("call_history")

    opened = page.evaluate(
        f"openEvents({json.dumps(backend.url + '/v1/events')}, {json.dumps(token)})"
    )
    connected = page.evaluate("nextEvent('connected')")
    backend.post("/v1/test_helpers/calls", user=backend.user, from_name="Grace Hopper")
    incoming = page.evaluate("nextEvent('call.incoming')")

    assert opened == 200
    assert connected == {}
    assert incoming["from_name"] == "Grace Hopper"
    assert incoming["user_id"] == backend.user


def test_an_expired_session_is_refused_and_the_page_reads_why(page: Tab, backend: Backend) -> None:
    backend.clock(mode="stepped")
    token = backend.session("call_logs")
    backend.clock(advance_seconds=3600)

    listed = call(page, backend, token, "/v1/calls")
    stream = page.evaluate(
        f"openEvents({json.dumps(backend.url + '/v1/events')}, {json.dumps(token)})"
    )

    assert listed["status"] == 401
    assert listed["body"]["code"] == "invalid_api_key"
    assert stream == 401


def test_another_components_route_is_403_and_a_missing_one_404(page: Tab, backend: Backend) -> None:
    token = backend.session("call_logs")

    foreign = call(page, backend, token, "/v1/voicemails")
    missing = call(page, backend, token, "/v1/no-such-route")

    assert (foreign["status"], foreign["body"]["code"]) == (403, "component_not_enabled")
    assert (missing["status"], missing["body"]["code"]) == (404, "route_missing")
