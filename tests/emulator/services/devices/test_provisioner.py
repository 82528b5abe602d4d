"""The ``DeviceProvisioner`` port as hardware orders call it: a fulfilled unit becomes a
device of the account, with its user's line and its location."""

import json
from typing import Any, TypedDict

import pytest

from dialstack.emulator.app import handlers
from dialstack.emulator.core.api_request import ApiRequest
from dialstack.emulator.core.errors import Conflict, SemanticallyInvalid
from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.services import discover

_TENANT = "tenant"
_HANDLERS = handlers(discover())


class _Unit(TypedDict):
    device_type: str
    model: str
    location_id: str | None


_DESKPHONE = _Unit(device_type="deskphone", model="T54W", location_id=None)


def _call(runtime: Runtime, operation_id: str, account_id: str | None = None, **parts: Any) -> Any:
    request = ApiRequest(
        runtime,
        _TENANT,
        parts.get("path_params", {}),
        {},
        parts.get("body", {}),
        account_id,
        params=parts.get("params", {}),
    )
    status, body = _HANDLERS[operation_id](request)
    assert status in {200, 201}, body
    return json.loads(body or "null")


@pytest.fixture
def account(runtime: Runtime) -> str:
    return str(_call(runtime, "accounts.create")["id"])


def test_an_order_unit_becomes_a_device_with_its_user_and_location(
    runtime: Runtime, account: str
) -> None:
    user = _call(runtime, "users.create", account, body={"name": "Ada"})["id"]

    device_id = runtime.devices.create_from_order(
        _TENANT,
        account,
        mac_address="805e0c000042",
        device_type="deskphone",
        model="T54W",
        user_id=user,
        location_id="loc_hq",
    )
    device = _call(
        runtime,
        "devices.retrieve",
        account,
        path_params={"device_id": device_id},
        params={"expand[]": ["users"]},
    )

    assert device_id.startswith("dev_")
    assert (device["mac_address"], device["model"], device["location"]) == (
        "80:5E:0C:00:00:42",
        "T54W",
        "loc_hq",
    )
    assert [assignment["user"] for assignment in device["assignments"]] == [user]
    assert device["status"] == "pending-sync"


def test_an_order_unit_without_a_user_has_no_line(runtime: Runtime, account: str) -> None:
    device_id = runtime.devices.create_from_order(
        _TENANT,
        account,
        mac_address="24:9A:D8:00:00:42",
        device_type="dect_base",
        model="W70B",
        user_id=None,
        location_id=None,
    )
    device = _call(runtime, "devices.retrieve", account, path_params={"device_id": device_id})

    assert device_id.startswith("dectb_")
    assert (device["location"], device["handsets"], device["max_handsets"]) == (None, [], 10)


def test_an_order_follows_the_devices_rules(runtime: Runtime, account: str) -> None:
    user = _call(runtime, "users.create", account)["id"]
    runtime.devices.create_from_order(
        _TENANT, account, mac_address="80:5E:0C:00:00:01", user_id=user, **_DESKPHONE
    )

    with pytest.raises(Conflict) as taken:
        runtime.devices.create_from_order(
            _TENANT, account, mac_address="80:5E:0C:00:00:01", user_id=None, **_DESKPHONE
        )
    with pytest.raises(Conflict) as busy:
        runtime.devices.create_from_order(
            _TENANT, account, mac_address="80:5E:0C:00:00:02", user_id=user, **_DESKPHONE
        )
    with pytest.raises(SemanticallyInvalid) as contradicted:
        runtime.devices.create_from_order(
            _TENANT,
            account,
            mac_address="80:5E:0C:00:00:03",
            device_type="dect_base",
            model="W70B",
            user_id=None,
            location_id=None,
        )

    assert taken.value.code == "device_exists"
    assert busy.value.code == "user_already_has_device"
    assert contradicted.value.details == {"field": "type"}


def test_an_account_holds_at_most_a_thousand_devices(runtime: Runtime, account: str) -> None:
    for index in range(1000):
        runtime.devices.create_from_order(
            _TENANT,
            account,
            mac_address=f"02:00:00:00:{index >> 8:02X}:{index & 255:02X}",
            user_id=None,
            **_DESKPHONE,
        )

    with pytest.raises(Conflict) as full:
        runtime.devices.create_from_order(
            _TENANT, account, mac_address="02:00:00:00:FF:FF", user_id=None, **_DESKPHONE
        )

    assert full.value.code == "device_limit_reached"
