"""Real voice apps and AI agents for the description test, made over HTTP."""

from ...core.service import ExampleWorld


def voice_app(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    body = {"name": "Example app", "url": "https://voice.example.com/calls"}
    return str(world.http.post("/v1/voice-apps", json=body, headers=in_account).json()["id"])


def ai_agent(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    body = {"name": "Example agent", "voice_app": world.example("voice_app_id")}
    return str(world.http.post("/v1/ai-agents", json=body, headers=in_account).json()["id"])
