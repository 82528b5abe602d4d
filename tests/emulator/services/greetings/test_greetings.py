"""Voicemail greetings over HTTP: multipart uploads, the formats and limits, signed links."""

from typing import Any

import httpx2
import pytest

from ..calls.conftest import Platform, new_account, new_user
from .audio_files import AAC, MP3, OGG_OPUS, OGG_VORBIS, wav


def _path(owner: str, greeting_type: str = "unavailable") -> str:
    return f"/v1/voicemail_greetings/{owner}/{greeting_type}"


def _upload(
    platform: Platform, audio: bytes, *, owner: str | None = None, part: str = "file"
) -> httpx2.Response:
    return platform.http.post(
        _path(owner or platform.user),
        files={part: ("hello.wav", audio, "application/octet-stream")},
        headers=platform.headers,
    )


def test_an_uploaded_wav_is_described_and_plays_by_its_link(platform: Platform) -> None:
    audio = wav(12.5)
    uploaded = _upload(platform, audio)
    read = platform.get(_path(platform.user))
    played = httpx2.get(uploaded.json()["url"], trust_env=False)

    assert uploaded.status_code == 200, uploaded.text
    greeting: dict[str, Any] = uploaded.json()
    assert greeting["owner"] == platform.user
    assert greeting["greeting_type"] == "unavailable"
    assert greeting["format"] == "wav"
    assert greeting["duration_seconds"] == 12.5
    assert greeting["size_bytes"] == len(audio)
    assert read.status_code == 200
    assert {k: v for k, v in read.json().items() if k != "url"} == {
        k: v for k, v in greeting.items() if k != "url"
    }
    assert played.status_code == 200
    assert played.content == audio
    assert played.headers["content-type"] == "audio/wav"


@pytest.mark.parametrize(
    "audio",
    [wav(3, encoding=7, bits=8), wav(3, encoding=6, bits=8), MP3, AAC, OGG_OPUS, OGG_VORBIS],
    ids=["mulaw", "alaw", "mp3", "aac", "opus", "vorbis"],
)
def test_each_accepted_format_is_stored_as_sent(platform: Platform, audio: bytes) -> None:
    uploaded = _upload(platform, audio)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["size_bytes"] == len(audio)
    assert httpx2.get(uploaded.json()["url"], trust_env=False).content == audio


def test_a_reupload_replaces_and_delete_is_idempotent(platform: Platform) -> None:
    _upload(platform, wav(2))
    replaced = _upload(platform, wav(4))
    link = replaced.json()["url"]
    first = platform.http.delete(_path(platform.user), headers=platform.headers)
    second = platform.http.delete(_path(platform.user), headers=platform.headers)

    assert replaced.json()["duration_seconds"] == 4
    assert (first.status_code, second.status_code) == (204, 204)
    assert platform.get(_path(platform.user)).status_code == 404
    assert httpx2.get(link, trust_env=False).status_code == 404


def test_the_link_expires_after_five_minutes(platform: Platform) -> None:
    platform.clock(mode="stepped")
    link = _upload(platform, wav(1)).json()["url"]
    platform.clock(advance_seconds=299)
    still = httpx2.get(link, trust_env=False)
    platform.clock(advance_seconds=1)
    expired = httpx2.get(link, trust_env=False)
    tampered = httpx2.get(link.replace("unavailable", "busy"), trust_env=False)

    assert still.status_code == 200
    assert expired.status_code == 403
    assert tampered.status_code == 403


@pytest.mark.parametrize(
    ("audio", "status", "code"),
    [
        (wav(91), 400, "validation_error"),
        (wav(1, bits=8), 415, "unsupported_media_type"),
        (b"%PDF-1.7\n" + bytes(100), 415, "unsupported_media_type"),
        (b"", 415, "unsupported_media_type"),
        (b"RIFF\x00\x00\x00\x00WAVE", 415, "unsupported_media_type"),
        (b"OggS" + bytes(100), 415, "unsupported_media_type"),
        (bytes(5 * 1024 * 1024 + 1), 413, "request_too_large"),
    ],
    ids=["100s", "pcm8", "pdf", "empty", "wav-no-chunks", "ogg-theora", "over-5mb"],
)
def test_bad_files_are_refused_naming_file(
    platform: Platform, audio: bytes, status: int, code: str
) -> None:
    answer = _upload(platform, audio)
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert answer.json()["details"]["field"] == "file"
    assert platform.get(_path(platform.user)).status_code == 404


def test_a_body_far_over_the_limit_is_413_before_it_is_read(platform: Platform) -> None:
    answer = _upload(platform, bytes(6 * 1024 * 1024))
    assert answer.status_code == 413
    assert answer.json()["code"] == "request_too_large"


@pytest.mark.parametrize(
    ("files", "status", "field"),
    [
        ({"audio": ("a.wav", wav(1))}, 400, "audio"),
        ({"file": ("a.wav", wav(1)), "extra": ("b.wav", wav(1))}, 400, "extra"),
    ],
)
def test_a_body_without_the_one_file_part_is_400(
    platform: Platform, files: dict[str, Any], status: int, field: str
) -> None:
    answer = platform.http.post(_path(platform.user), files=files, headers=platform.headers)
    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"", "multipart/form-data; boundary=x", 400),
        (b"garbage", "multipart/form-data", 400),
        (
            b"--x\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
            400,
        ),
        (b'{"file": "abc"}', "application/json", 415),
    ],
    ids=["no-parts", "no-boundary", "nameless-part", "json"],
)
def test_malformed_bodies_are_4xx(
    platform: Platform, content: bytes, content_type: str, status: int
) -> None:
    answer = platform.http.post(
        _path(platform.user),
        content=content,
        headers={**platform.headers, "Content-Type": content_type},
    )
    assert answer.status_code == status, answer.text


def test_multipart_to_a_json_endpoint_is_415(platform: Platform) -> None:
    answer = platform.http.post("/v1/users", files={"file": ("a", b"x")}, headers=platform.headers)
    assert answer.status_code == 415


def test_owners_of_another_account_or_unknown_are_404(platform: Platform) -> None:
    stranger = new_user(platform.http, new_account(platform.http))
    for owner in (stranger, "user_nobody", "svm_nobody"):
        assert _upload(platform, wav(1), owner=owner).status_code == 404
        assert platform.get(_path(owner)).status_code == 404
        assert platform.http.delete(_path(owner), headers=platform.headers).status_code == 404


def test_an_unknown_greeting_type_is_400(platform: Platform) -> None:
    answer = platform.get(_path(platform.user, "busy"))
    assert answer.status_code == 400
    assert answer.json()["details"]["field"] == "greeting_type"
