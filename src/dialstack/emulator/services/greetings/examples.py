"""Real greeting owners for the description test, made over HTTP: a user with a greeting."""

from ...core.audio import silent_wav
from ...core.service import ExampleWorld


def owner(world: ExampleWorld) -> str:
    user = world.example("user_id")
    world.http.post(
        f"/v1/voicemail_greetings/{user}/unavailable",
        files={"file": ("greeting.wav", silent_wav(1))},
        headers={"DialStack-Account": world.example("account_id")},
    )
    return user
