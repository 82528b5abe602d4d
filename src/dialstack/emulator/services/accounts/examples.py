"""Real accounts for the description test, made over HTTP."""

from ...core.service import ExampleWorld


def account(world: ExampleWorld) -> str:
    """One that records and transcribes its calls, so every call route has something to show."""
    config = {"recording_enabled": True, "transcription_enabled": True}
    answer = world.http.post("/v1/accounts", json={"config": config})
    return str(answer.json()["id"])
