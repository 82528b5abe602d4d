"""A ``drop_after_commit`` (or ``drop``) fault cuts the connection as asked, and uvicorn's
"ASGI callable returned without completing response" never reaches the run's output; an
error of another kind still does."""

import logging

import httpx2
import pytest

from dialstack.emulator import Emulator


@pytest.mark.parametrize("fault", ["drop", "drop_after_commit"])
def test_a_dropped_answer_logs_no_error(caplog: pytest.LogCaptureFixture, fault: str) -> None:
    with Emulator() as emulator:
        key = emulator.new_api_key()
        emulator.control(key).add_fault(
            "POST", "/v1/accounts", drop=fault == "drop", drop_after_commit=fault != "drop"
        )
        with caplog.at_level(logging.WARNING), pytest.raises(httpx2.RemoteProtocolError):
            httpx2.post(
                f"{emulator.url}/v1/accounts",
                json={},
                headers={"Authorization": f"Bearer {key}"},
                trust_env=False,
            )
        created = httpx2.get(
            f"{emulator.url}/v1/accounts",
            headers={"Authorization": f"Bearer {key}"},
            trust_env=False,
        ).json()["data"]

    assert len(created) == (1 if fault == "drop_after_commit" else 0)
    assert [
        record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR
    ] == []


def test_other_uvicorn_errors_still_log(caplog: pytest.LogCaptureFixture) -> None:
    with Emulator() as emulator, caplog.at_level(logging.WARNING):
        with httpx2.Client(trust_env=False) as http:
            http.get(f"{emulator.url}/openapi.json")
        logging.getLogger("uvicorn.error.emulator_connections").error("something else")

    assert "something else" in [record.getMessage() for record in caplog.records]
