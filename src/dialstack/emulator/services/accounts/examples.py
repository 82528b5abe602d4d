"""Real accounts for the description test, made over HTTP."""

from ...core.service import ExampleWorld

_PRICING = {"per_user_rate": 1500, "per_did_rate": 300, "per_voiceai_location_rate": 9900}


def account(world: ExampleWorld) -> str:
    """One that records and transcribes its calls, so every call route has something to show,
    with an owner (its email) and pricing, so the onboarding routes have theirs."""
    config = {"recording_enabled": True, "transcription_enabled": True}
    answer = world.http.post(
        "/v1/accounts",
        json={"email": "owner@example.com", "pricing": _PRICING, "config": config},
    )
    return str(answer.json()["id"])


def admin_user(world: ExampleWorld) -> str:
    """The owner of the example account."""
    in_account = {"DialStack-Account": world.example("account_id")}
    answer = world.http.get("/v1/admin/users", headers=in_account)
    return str(answer.json()["data"][0]["id"])
