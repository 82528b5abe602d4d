"""Audio clips over HTTP: multipart uploads, the formats and limits, the list the dial-plan
component reads, and the signed links that play them."""

from typing import Any
from urllib.parse import parse_qs

import httpx2
import pytest

from dialstack.emulator.services.audio_clips.tables import MAX_CLIPS

from ..calls.conftest import Platform, new_account
from ..greetings.audio_files import AAC, MP3, OGG_OPUS, OGG_VORBIS, wav


def _upload(
    platform: Platform,
    audio: bytes,
    *,
    name: str | None = "Main menu",
    part: str = "file",
) -> httpx2.Response:
    return platform.http.post(
        "/v1/audio_clips",
        files={part: ("menu.wav", audio, "application/octet-stream")},
        data={} if name is None else {"name": name},
        headers=platform.headers,
    )


def _clip(platform: Platform, audio: bytes, name: str = "Main menu") -> dict[str, Any]:
    answer = _upload(platform, audio, name=name)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def _play(url: str) -> httpx2.Response:
    return httpx2.get(url, trust_env=False)


def test_an_uploaded_clip_is_described_listed_and_plays_by_its_link(platform: Platform) -> None:
    audio = wav(12.5)
    created = _clip(platform, audio)
    path = f"/v1/audio_clips/{created['id']}"

    read = platform.get(path).json()
    listed = platform.get("/v1/audio_clips").json()
    played = _play(created["url"])

    assert created["id"].startswith("clip_")
    assert created["name"] == "Main menu"
    assert created["media_type"] == "audio/wav"
    assert created["duration_seconds"] == 12.5
    assert created["size_bytes"] == len(audio)
    unsigned = {k: v for k, v in created.items() if k != "url"}
    assert {k: v for k, v in read.items() if k != "url"} == unsigned
    assert [{k: v for k, v in clip.items() if k != "url"} for clip in listed["data"]] == [unsigned]
    assert played.status_code == 200
    assert played.content == audio
    assert played.headers["content-type"] == "audio/wav"


@pytest.mark.parametrize(
    ("audio", "media_type"),
    [
        (wav(3, encoding=7, bits=8), "audio/wav"),
        (MP3, "audio/mpeg"),
        (AAC, "audio/aac"),
        (OGG_OPUS, "audio/ogg"),
        (OGG_VORBIS, "audio/ogg"),
    ],
    ids=["mulaw", "mp3", "aac", "opus", "vorbis"],
)
def test_each_accepted_format_is_stored_as_sent(
    platform: Platform, audio: bytes, media_type: str
) -> None:
    created = _clip(platform, audio)

    assert created["media_type"] == media_type
    assert _play(created["url"]).content == audio


@pytest.mark.parametrize(
    ("upload", "status", "code", "field"),
    [
        ({"audio": b"not audio at all"}, 415, "unsupported_media_type", "file"),
        ({"audio": wav(1, bits=24)}, 415, "unsupported_media_type", "file"),
        ({"audio": wav(601, encoding=7, bits=8)}, 400, "validation_error", "file"),
        ({"audio": bytes(5 * 1024 * 1024 + 1)}, 413, "request_too_large", "file"),
        ({"audio": wav(1), "name": None}, 400, "validation_error", "name"),
        ({"audio": wav(1), "name": ""}, 400, "validation_error", "name"),
        ({"audio": wav(1), "name": "x" * 201}, 400, "validation_error", "name"),
        ({"audio": wav(1), "part": "audio"}, 400, "parameter_unknown", "audio"),
    ],
    ids=[
        "not audio",
        "24-bit wav",
        "too long",
        "too large",
        "no name",
        "empty name",
        "long name",
        "misnamed part",
    ],
)
def test_a_clip_that_cannot_be_stored_is_refused_naming_the_field(
    platform: Platform, upload: dict[str, Any], status: int, code: str, field: str
) -> None:
    answer = _upload(platform, **upload)

    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert answer.json()["details"]["field"] == field
    assert platform.get("/v1/audio_clips").json()["data"] == []


def test_a_deleted_clip_stops_playing(platform: Platform) -> None:
    created = _clip(platform, wav(1))
    path = f"/v1/audio_clips/{created['id']}"

    deleted = platform.http.delete(path, headers=platform.headers)

    assert deleted.status_code == 204
    assert platform.get(path).status_code == 404
    assert _play(created["url"]).status_code == 404


def test_a_link_expires_after_five_minutes_and_cannot_be_repointed(platform: Platform) -> None:
    platform.clock(mode="stepped")
    first = _clip(platform, wav(1), "First")
    second = _clip(platform, wav(2), "Second")
    first_path, _, query = first["url"].partition("?")
    repointed = f"{second['url'].partition('?')[0]}?{query}"
    signed = parse_qs(query)["sig"][0]
    tampered = f"{first_path}?{query.replace(signed, 'A' * len(signed))}"

    before = _play(first["url"])
    platform.clock(advance_seconds=5 * 60)
    after = _play(first["url"])
    fresh = _play(platform.get(f"/v1/audio_clips/{first['id']}").json()["url"])

    assert before.status_code == 200
    assert after.status_code == 403
    assert after.json()["error"] == "This media link has expired"
    assert fresh.status_code == 200
    assert _play(repointed).status_code == 403
    assert _play(tampered).status_code == 403


def test_another_accounts_or_platforms_clip_is_404(platform: Platform) -> None:
    created = _clip(platform, wav(1))
    path = f"/v1/audio_clips/{created['id']}"
    other = {"DialStack-Account": new_account(platform.http)}
    foreign = platform.get_as_another_platform(path)

    answers = [
        platform.http.get(path, headers=other),
        platform.http.delete(path, headers=other),
        foreign,
    ]

    assert [answer.status_code for answer in answers] == [404] * 3
    assert platform.http.get("/v1/audio_clips", headers=other).json()["data"] == []
    assert _play(created["url"]).status_code == 200


def test_the_dial_plan_session_lists_clips_and_nothing_else(platform: Platform) -> None:
    created = _clip(platform, wav(1))
    token = {"Authorization": f"Bearer {platform.session('dial_plan')}"}

    listed = httpx2.get(f"{platform.emulator.url}/v1/audio_clips", headers=token, trust_env=False)
    refused = httpx2.get(
        f"{platform.emulator.url}/v1/audio_clips/{created['id']}", headers=token, trust_env=False
    )
    other = {"Authorization": f"Bearer {platform.session('call_logs')}"}
    elsewhere = httpx2.get(
        f"{platform.emulator.url}/v1/audio_clips", headers=other, trust_env=False
    )

    assert listed.status_code == 200, listed.text
    assert [(clip["id"], clip["name"]) for clip in listed.json()["data"]] == [
        (created["id"], "Main menu")
    ]
    assert refused.status_code == elsewhere.status_code == 403


def test_an_account_holds_at_most_its_limit_of_clips(platform: Platform) -> None:
    audio = wav(0.1)
    for n in range(MAX_CLIPS):
        _clip(platform, audio, f"Clip {n}")

    refused = _upload(platform, audio)

    assert refused.status_code == 409
    assert refused.json()["code"] == "audio_clip_limit_reached"
