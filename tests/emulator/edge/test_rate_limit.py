"""--rate-limit: 429 with Retry-After and the error body, per key; control is exempt."""

import httpx2

from dialstack.emulator import Emulator


def test_over_the_limit_is_429_with_retry_after() -> None:
    with Emulator(rate_limit=2) as emulator:
        key, other_key = emulator.new_api_key(), emulator.new_api_key()
        with httpx2.Client(
            base_url=emulator.url, headers={"Authorization": f"Bearer {key}"}, trust_env=False
        ) as api:
            answers = [api.get("/v1/accounts") for _ in range(5)]
        other = httpx2.get(
            f"{emulator.url}/v1/accounts",
            headers={"Authorization": f"Bearer {other_key}"},
            trust_env=False,
        )
        control = [
            httpx2.get(f"{emulator.url}/_emulator/health", trust_env=False).status_code
            for _ in range(5)
        ]

    limited = [answer for answer in answers if answer.status_code == 429]
    assert answers[0].status_code == 200
    assert limited
    assert all(int(answer.headers["retry-after"]) >= 1 for answer in limited)
    assert limited[0].json()["code"] == "rate_limited"
    assert other.status_code == 200
    assert control == [200] * 5
