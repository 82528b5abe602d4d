"""Real greeting owners for the description test, made over HTTP: a user with a greeting."""

import struct

from ...core.service import ExampleWorld

_RATE = 8000  # Hz, µ-law: one byte a sample


def silent_wav(seconds: int) -> bytes:
    """``seconds`` of µ-law silence in a WAV file."""
    data = b"\xff" * (_RATE * seconds)
    fmt = struct.pack("<HHIIHH", 7, 1, _RATE, _RATE, 1, 8)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data))
    return b"RIFF" + struct.pack("<I", 4 + len(chunks) + len(data)) + b"WAVE" + chunks + data


def owner(world: ExampleWorld) -> str:
    user = world.example("user_id")
    world.http.post(
        f"/v1/voicemail_greetings/{user}/unavailable",
        files={"file": ("greeting.wav", silent_wav(1))},
        headers={"DialStack-Account": world.example("account_id")},
    )
    return user
