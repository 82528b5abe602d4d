"""An account with a fax-enabled number over a real socket, uploads to the emulator's files
route, and the control routes of the clock and of inbound faxes."""

from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle


def pdf(pages: int) -> bytes:
    """A small PDF of ``pages`` page objects."""
    objects = b"".join(
        b"%d 0 obj << /Type /Page /Parent 1 0 R >> endobj\n" % (n + 2) for n in range(pages)
    )
    return (
        b"%PDF-1.7\n1 0 obj << /Type /Pages /Count "
        + str(pages).encode()
        + b" >> endobj\n"
        + objects
        + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


@dataclass(frozen=True)
class FaxLine:
    http: httpx2.Client
    emulator: EmulatorHandle
    account: str
    did: str
    number: str

    @property
    def headers(self) -> dict[str, str]:
        return {"DialStack-Account": self.account}

    def upload(
        self, data: bytes, purpose: str = "fax_source", name: str = "doc.pdf"
    ) -> httpx2.Response:
        return self.http.post(
            "/v1/files",
            files={"file": (name, data, "application/pdf")},
            data={"purpose": purpose},
            headers=self.headers,
        )

    def file(self, pages: int = 1) -> str:
        answer = self.upload(pdf(pages))
        assert answer.status_code == 201, answer.text
        return str(answer.json()["id"])

    def send(self, **body: Any) -> httpx2.Response:
        return self.http.post("/v1/faxes", json=body, headers=self.headers)

    def sent(self, to: str = "+14155550123", pages: int = 1) -> dict[str, Any]:
        answer = self.send(file=self.file(pages), to=to, did=self.did)
        assert answer.status_code == 201, answer.text
        fax: dict[str, Any] = answer.json()
        return fax

    def get(self, path: str, **params: Any) -> httpx2.Response:
        return self.http.get(path, params=params, headers=self.headers)

    def control(self, path: str, **body: Any) -> httpx2.Response:
        return httpx2.post(
            f"{self.emulator.url}/_emulator/{path}",
            json={"api_key": self.emulator.api_key, **body},
            trust_env=False,
        )

    def advance(self, seconds: float) -> None:
        assert self.control("clock", mode="stepped", advance_seconds=seconds).status_code == 200

    def receive(self, **body: Any) -> dict[str, Any]:
        answer = self.control("faxes", account=self.account, did=self.did, **body)
        assert answer.status_code == 201, answer.text
        fax: dict[str, Any] = answer.json()
        return fax

    def events(self, prefix: str = "fax.") -> list[dict[str, Any]]:
        answer = httpx2.get(
            f"{self.emulator.url}/_emulator/events",
            params={"api_key": self.emulator.api_key},
            trust_env=False,
        )
        assert answer.status_code == 200, answer.text
        return [event for event in answer.json()["data"] if event["type"].startswith(prefix)]


def add_number(emulator: EmulatorHandle, account: str, e164: str) -> str:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/phone_numbers",
        json={"api_key": emulator.api_key, "account": account, "phone_number": e164},
        trust_env=False,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def enable_fax(api: httpx2.Client, account: str, did: str) -> None:
    """Let the account's number take faxes, as a user does: through the phone number."""
    answer = api.post(
        f"/v1/phone-numbers/{did}",
        json={"fax_enabled": True},
        headers={"DialStack-Account": account},
    )
    assert answer.status_code == 200, answer.text


@pytest.fixture
def line(api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle) -> FaxLine:
    number = "+15125550142"
    did = add_number(dialstack_emulator, account_id, number)
    enable_fax(api, account_id, did)
    return FaxLine(api, dialstack_emulator, account_id, did, number)
