"""Signed media links: real audio without the API key; refused once expired or tampered."""

import io
import wave
from urllib.parse import parse_qs, urlsplit

import httpx2

from .conftest import Platform, new_account, new_user


def _fetch(url: str) -> httpx2.Response:
    return httpx2.get(url, trust_env=False)  # no Authorization header at all


def _voicemail_url(platform: Platform, seconds: int = 9) -> str:
    platform.simulate(scenario={"outcome": "voicemail", "voicemail_seconds": seconds})
    return str(platform.get("/v1/voicemails").json()["data"][0]["audio_url"])


def test_a_voicemail_link_plays_without_the_key(platform: Platform) -> None:
    answer = _fetch(_voicemail_url(platform, seconds=9))

    with wave.open(io.BytesIO(answer.content)) as audio:
        frames, rate, channels = audio.getnframes(), audio.getframerate(), audio.getnchannels()
        samples = audio.readframes(100)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "audio/wav"
    assert channels == 1
    assert rate == 8000
    assert frames / rate == 9
    assert len(set(samples)) > 10  # a tone, not silence


def test_recording_links_from_the_log_and_the_recording_both_play(platform: Platform) -> None:
    created = platform.simulate(scenario={"outcome": "answered", "talk_seconds": 3})
    recording = platform.get(f"/v1/calls/{created['id']}/recording").json()

    from_log = _fetch(platform.call(created["id"])["recording_url"])
    download = _fetch(recording["download_url"])

    assert from_log.status_code == download.status_code == 200
    with wave.open(io.BytesIO(download.content)) as audio:
        assert audio.getnframes() == 3 * 8000
    assert len(download.content) == recording["file_size_bytes"]


def test_a_recording_link_lives_ten_minutes(platform: Platform) -> None:
    platform.clock(mode="stepped")
    created = platform.simulate(
        scenario={"outcome": "answered", "ring_seconds": 0, "talk_seconds": 5}
    )
    made_at = platform.clock(advance_seconds=5)["now"]
    recording = platform.get(f"/v1/calls/{created['id']}/recording").json()
    link: str = recording["download_url"]
    expires = int(parse_qs(urlsplit(link).query)["exp"][0])

    platform.clock(advance_seconds=599)
    still = _fetch(link)
    platform.clock(advance_seconds=1)
    expired = _fetch(link)
    fresh = _fetch(platform.get(f"/v1/calls/{created['id']}/recording").json()["download_url"])

    assert expires == int(made_at) + 600
    assert still.status_code == 200
    assert expired.status_code == 403
    assert "expired" in expired.json()["error"]
    assert fresh.status_code == 200


def test_a_tampered_link_is_refused(platform: Platform) -> None:
    link = _voicemail_url(platform)
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    exp, sig = query["exp"][0], query["sig"][0]
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    flipped = ("A" if sig[0] != "A" else "B") + sig[1:]

    for tampered in (
        f"{base}?exp={exp}&sig={flipped}",
        f"{base}?exp={int(exp) + 3600}&sig={sig}",
        f"{base}?exp={exp}",
        f"{base}?sig={sig}",
        base,
        f"{base.replace('.wav', '.mp3')}?exp={exp}&sig={sig}",
    ):
        assert _fetch(tampered).status_code == 403, tampered


def test_a_link_cannot_be_pointed_at_another_object_or_account(platform: Platform) -> None:
    link = _voicemail_url(platform)
    other_account = new_account(platform.http)
    other = Platform(
        platform.http,
        platform.emulator,
        other_account,
        new_user(platform.http, other_account),
    )
    other_link = _voicemail_url(other)
    mine, theirs = urlsplit(link), urlsplit(other_link)

    their_path_my_signature = f"{theirs.scheme}://{theirs.netloc}{theirs.path}?{mine.query}"
    my_object_their_account = link.replace(platform.account, other_account)

    assert _fetch(other_link).status_code == 200
    assert _fetch(their_path_my_signature).status_code == 403
    assert _fetch(my_object_their_account).status_code == 403


def test_garbage_in_a_link_is_refused_not_crashed_on(platform: Platform) -> None:
    parts = urlsplit(_voicemail_url(platform))
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    sig = parse_qs(parts.query)["sig"][0]

    for query in (
        {"exp": "²", "sig": sig},
        {"exp": "9" * 13, "sig": sig},
        {"exp": "9" * 5000, "sig": sig},
        {"exp": "-1", "sig": sig},
        {"exp": "1", "sig": "é" * 22},
        {"exp": "1", "sig": ""},
    ):
        answer = httpx2.get(base, params=query, trust_env=False)
        assert answer.status_code == 403, query


def test_a_four_hour_recording_is_four_hours_of_audio(platform: Platform) -> None:
    seconds = 14_400  # the longest talk_seconds the description admits
    created = platform.simulate(scenario={"outcome": "answered", "talk_seconds": seconds})
    recording = platform.get(f"/v1/calls/{created['id']}/recording").json()

    received, head = 0, b""
    with httpx2.stream("GET", recording["download_url"], trust_env=False) as answer:
        declared = int(answer.headers["content-length"])
        for chunk in answer.iter_bytes():
            if len(head) < 44:
                head += chunk[: 44 - len(head)]
            received += len(chunk)

    assert answer.status_code == 200
    assert received == declared == recording["file_size_bytes"] == 44 + 8000 * seconds
    with wave.open(io.BytesIO(head + b"\x80" * 8)) as audio:
        assert audio.getnframes() / audio.getframerate() == seconds
