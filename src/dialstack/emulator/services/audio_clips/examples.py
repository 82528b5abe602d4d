"""A real clip for the description test, made over HTTP: a second of µ-law silence."""

import struct

from ...core.service import ExampleWorld

_RATE = 8000  # Hz, µ-law: one byte a sample


def silent_wav(seconds: int) -> bytes:
    """``seconds`` of µ-law silence in a WAV file."""
    data = b"\xff" * (_RATE * seconds)
    fmt = struct.pack("<HHIIHH", 7, 1, _RATE, _RATE, 1, 8)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data))
    return b"RIFF" + struct.pack("<I", 4 + len(chunks) + len(data)) + b"WAVE" + chunks + data


def clip(world: ExampleWorld) -> str:
    answer = world.http.post(
        "/v1/audio_clips",
        files={"file": ("menu.wav", silent_wav(1))},
        data={"name": "Main menu"},
        headers={"DialStack-Account": world.example("account_id")},
    )
    return str(answer.json()["id"])
