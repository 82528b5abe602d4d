"""Voicemail greetings through both clients: bytes, paths and file objects, streamed, and
retried only when the file can be read again."""

import io
from pathlib import Path

import httpx2
import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackAPIError,
    DialStackNotFoundError,
    DialStackValidationError,
)
from dialstack.emulator import EmulatorHandle
from emulator.services.greetings.audio_files import MP3, wav


def _scoped(client: DialStack) -> tuple[DialStack, str]:
    account = client.accounts.create(email="owner@example.com")
    scoped = client.with_options(dialstack_account=account.id)
    return scoped, scoped.users.create(name="Ada Lovelace").id


def _upload_statuses(emulator: EmulatorHandle) -> list[int]:
    """The statuses of the greeting uploads the emulator received, oldest first."""
    answer = httpx2.get(
        f"{emulator.url}/_emulator/requests",
        params={"api_key": emulator.api_key},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text
    return [
        entry["status"]
        for entry in answer.json()["data"]
        if entry["method"] == "POST" and entry["path"].startswith("/v1/voicemail_greetings/")
    ]


def test_upload_bytes_retrieve_and_delete(dialstack_client: DialStack) -> None:
    client, user = _scoped(dialstack_client)
    audio = wav(7.25)

    uploaded = client.voicemail_greetings.upload(user, "unavailable", file=audio)
    read = client.voicemail_greetings.retrieve(user, "unavailable")
    played = httpx2.get(read.url or "", trust_env=False)
    client.voicemail_greetings.delete(user, "unavailable")
    client.voicemail_greetings.delete(user, "unavailable")

    assert (uploaded.owner, uploaded.format, uploaded.duration_seconds) == (user, "wav", 7.25)
    assert uploaded.size_bytes == len(audio)
    assert read.updated_at == uploaded.updated_at
    assert played.content == audio
    with pytest.raises(DialStackNotFoundError):
        client.voicemail_greetings.retrieve(user, "unavailable")


def test_upload_a_path_and_a_file_object(dialstack_client: DialStack, tmp_path: Path) -> None:
    client, user = _scoped(dialstack_client)
    on_disk = tmp_path / "greeting.wav"
    on_disk.write_bytes(wav(3))

    from_path = client.voicemail_greetings.upload(user, "unavailable", file=on_disk)
    from_text_path = client.voicemail_greetings.upload(user, "unavailable", file=str(on_disk))
    with on_disk.open("rb") as opened:
        from_file = client.voicemail_greetings.upload(user, "unavailable", file=opened)
    buffer = io.BytesIO(b"junk" + MP3)
    buffer.seek(4)  # sent from where the file stands
    from_buffer = client.voicemail_greetings.upload(user, "unavailable", file=buffer)

    assert from_path.duration_seconds == from_text_path.duration_seconds == 3
    assert from_file.size_bytes == on_disk.stat().st_size
    assert from_buffer.size_bytes == len(MP3)
    played = httpx2.get(client.voicemail_greetings.retrieve(user, "unavailable").url or "")
    assert played.content == MP3


def test_a_refused_file_is_a_validation_error_naming_file(dialstack_client: DialStack) -> None:
    client, user = _scoped(dialstack_client)
    with pytest.raises(DialStackValidationError) as caught:
        client.voicemail_greetings.upload(user, "unavailable", file=wav(95))
    assert caught.value.param == "file"


def test_a_text_file_or_a_missing_path_fails_before_sending(
    dialstack_client: DialStack, tmp_path: Path
) -> None:
    client, user = _scoped(dialstack_client)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(FileNotFoundError):
        client.voicemail_greetings.upload(user, "unavailable", file=tmp_path / "absent.wav")
    with text.open() as opened, pytest.raises(TypeError, match="binary mode"):
        client.voicemail_greetings.upload(user, "unavailable", file=opened)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="file"):
        client.voicemail_greetings.upload(user, "unavailable", file=12)  # type: ignore[arg-type]


class _Pipe(io.RawIOBase):
    """A file that can be read once, like a pipe or a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _failing_first(emulator: EmulatorHandle, times: int) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/faults",
        json={
            "api_key": emulator.api_key,
            "method": "POST",
            "path": "/v1/voicemail_greetings/*",
            "status": 503,
            "times": times,
        },
        trust_env=False,
    )
    assert answer.status_code in (200, 201), answer.text


@pytest.mark.parametrize(
    "make", [lambda: wav(2), lambda: io.BytesIO(wav(2))], ids=["bytes", "seekable"]
)
def test_a_rereadable_file_is_retried_whole(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle, make: object
) -> None:
    client, user = _scoped(dialstack_client.with_options(max_network_retries=2))
    _failing_first(dialstack_emulator, 1)
    uploaded = client.voicemail_greetings.upload(user, "unavailable", file=make())  # type: ignore[operator]
    assert uploaded.duration_seconds == 2  # the whole file came again
    assert _upload_statuses(dialstack_emulator) == [503, 200]


def test_a_file_that_cannot_be_reread_is_sent_once(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, user = _scoped(dialstack_client.with_options(max_network_retries=2))
    _failing_first(dialstack_emulator, 1)
    with pytest.raises(DialStackAPIError) as caught:
        client.voicemail_greetings.upload(user, "unavailable", file=_Pipe(wav(2)))
    assert caught.value.status_code == 503
    assert _upload_statuses(dialstack_emulator) == [503]
    uploaded = client.voicemail_greetings.upload(user, "unavailable", file=_Pipe(wav(2)))
    assert uploaded.duration_seconds == 2  # sent chunked, with no length known ahead


@pytest.mark.anyio
async def test_greetings_on_the_async_client(
    async_dialstack_client: AsyncDialStack, tmp_path: Path
) -> None:
    account = await async_dialstack_client.accounts.create(email="owner@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)
    user = (await client.users.create(name="Ada Lovelace")).id
    on_disk = tmp_path / "greeting.wav"
    on_disk.write_bytes(wav(5))

    uploaded = await client.voicemail_greetings.upload(user, "unavailable", file=on_disk)
    read = await client.voicemail_greetings.retrieve(user, "unavailable")
    await client.voicemail_greetings.delete(user, "unavailable")

    assert uploaded.duration_seconds == read.duration_seconds == 5
    with pytest.raises(DialStackNotFoundError):
        await client.voicemail_greetings.retrieve(user, "unavailable")
