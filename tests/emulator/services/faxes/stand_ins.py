"""A stand-in for the phone numbers' side of faxing, for as long as no service of this
emulator fills ``runtime.numbers``: the numbers are the calls service's own (made through
``/_emulator/phone_numbers``), and which of them take faxes is kept here. With a real
``runtime.numbers`` a number is enabled through the API, as a user does."""

import json

import httpx2

from dialstack.emulator import EmulatorHandle
from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.core.tenancy import tenant_of_key
from dialstack.emulator.services.calls.tables import CallTables

from ..hardware_orders.stand_ins import runtime_of


class StandInNumbers:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._fax_enabled: set[tuple[str, str, str]] = set()

    def phone_number(self, tenant: str, account_id: str, number_id: str) -> str | None:
        document = self._runtime.state(CallTables).phone_number(tenant, account_id, number_id)
        return None if document is None else str(json.loads(document)["phone_number"])

    def is_fax_enabled(self, tenant: str, account_id: str, phone_number: str) -> bool | None:
        return (tenant, account_id, phone_number) in self._fax_enabled

    def enable_fax(self, tenant: str, account_id: str, number_id: str) -> None:
        e164 = self.phone_number(tenant, account_id, number_id)
        assert e164 is not None
        self._fax_enabled.add((tenant, account_id, e164))


def with_numbers(emulator: EmulatorHandle) -> None:
    runtime = runtime_of(emulator)
    if not hasattr(runtime, "numbers"):
        runtime.numbers = StandInNumbers(runtime)


def enable_fax(emulator: EmulatorHandle, api: httpx2.Client, account: str, did: str) -> None:
    """Let the account's number take faxes: through the stand-in while there is one, else
    through the API, as a user does."""
    runtime = runtime_of(emulator)
    if isinstance(runtime.numbers, StandInNumbers):
        runtime.numbers.enable_fax(tenant_of_key(emulator.api_key), account, did)
        return
    answer = api.post(
        f"/v1/phone-numbers/{did}",
        json={"fax_enabled": True},
        headers={"DialStack-Account": account},
    )
    assert answer.status_code == 200, answer.text
