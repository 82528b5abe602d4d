"""A real clip for the description test, made over HTTP: a second of µ-law silence."""

from ...core.audio import silent_wav
from ...core.service import ExampleWorld


def clip(world: ExampleWorld) -> str:
    answer = world.http.post(
        "/v1/audio_clips",
        files={"file": ("menu.wav", silent_wav(1))},
        data={"name": "Main menu"},
        headers={"DialStack-Account": world.example("account_id")},
    )
    return str(answer.json()["id"])
