"""Devices and button templates through both SDK clients, against the emulator: every
method, typed answers, and the API's errors as the SDK's exceptions."""

import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackConflictError,
    DialStackNotFoundError,
    DialStackValidationError,
)
from dialstack.types.button_templates import ButtonTemplate, TemplateButton
from dialstack.types.devices import Device, MaterializedButton

SNOM = "00:04:13:00:00:01"


def _scoped(client: DialStack) -> tuple[DialStack, str]:
    account = client.accounts.create(email="owner@example.com")
    scoped = client.with_options(dialstack_account=account.id)
    return scoped, scoped.users.create(name="Ada Lovelace").id


def test_every_device_method(dialstack_client: DialStack) -> None:
    client, user = _scoped(dialstack_client)

    created = client.devices.create(mac_address=SNOM, name="Front desk", location="loc_hq")
    base = client.devices.create(mac_address="24:9A:D8:00:00:01")
    handset = client.devices.create(type="dect_handset", ipei="0328D3C918", base=base.id)
    assignment = client.devices.assign_user(created.id, user=user)
    synced = client.devices.check_sync(created.id)
    device = client.devices.retrieve(created.id, expand=["users", "button_template"])
    listed = list(client.devices.list(type="deskphone", expand=["users"]).auto_paging_iter())
    at_hq = [found.id for found in client.devices.list(location="loc_hq").auto_paging_iter()]
    updated = client.devices.update(created.id, name=None, model="D785")
    unpaired = client.devices.update(handset.id, base=None)
    users = list(client.devices.list_users(created.id).auto_paging_iter())
    client.devices.remove_user(created.id, user)

    assert (created.type, base.type, handset.type) == ("deskphone", "dect_base", "dect_handset")
    assert assignment.user == user and assignment.line_number == 1
    assert synced.success and synced.lines_notified == 1
    assert synced.lines[0].status == "delivered"
    assert isinstance(device, Device)
    assert (device.vendor, device.status, device.registration_status) == (
        "snom",
        "provisioned",
        "registered",
    )
    assert device.assignments is not None and device.assignments[0].user == user
    assert device.button_template is None and device.button_template_id is None
    assert device.compatibility is not None and device.compatibility.device.max_position == 12
    assert device.last_provisioned_at is not None and device.last_provisioned_at.tzinfo
    assert [found.id for found in listed] == [created.id]
    assert at_hq == [created.id]
    assert (updated.name, updated.model, updated.location) == (None, "D785", "loc_hq")
    assert (unpaired.base, unpaired.status) == (None, "unpaired")
    assert [entry.device for entry in users] == [created.id]
    assert list(client.devices.list_users(created.id).auto_paging_iter()) == []

    client.devices.delete(handset.id)
    with pytest.raises(DialStackNotFoundError):
        client.devices.retrieve(handset.id)


def test_every_button_method(dialstack_client: DialStack) -> None:
    client, user = _scoped(dialstack_client)
    phone = client.devices.create(mac_address=SNOM).id
    client.devices.assign_user(phone, user=user)

    template = client.button_templates.create(name="Reception", description="Front")
    button = client.button_templates.create_button(
        template.id, position=1, label="Ada", type="blf_extension", target={"user": user}
    )
    moved = client.button_templates.update_button(template.id, button.id, position=2)
    renamed = client.button_templates.update(template.id, description=None)
    expanded = client.button_templates.retrieve(template.id, expand=["buttons"], for_device=phone)
    templates = [found.id for found in client.button_templates.list().auto_paging_iter()]
    buttons = list(client.button_templates.list_buttons(template.id).auto_paging_iter())
    client.devices.update(phone, button_template=template.id)
    override = client.devices.create_button_override(phone, position=2, suppressed=True)
    suppressed = list(client.devices.list_buttons(phone).auto_paging_iter())
    overrides = list(client.devices.list_button_overrides(phone).auto_paging_iter())
    client.devices.delete_button_override(phone, override.id)
    shown = list(client.devices.list_buttons(phone).auto_paging_iter())
    compatible = [
        found.id
        for found in client.devices.list_compatible_button_templates(phone).auto_paging_iter()
    ]

    assert isinstance(template, ButtonTemplate) and isinstance(button, TemplateButton)
    assert moved.position == 2 and renamed.description is None
    assert expanded.buttons is not None and [b.id for b in expanded.buttons] == [button.id]
    assert expanded.compatibility is not None and expanded.compatibility.supported_count == 1
    assert templates == [template.id] and [b.id for b in buttons] == [button.id]
    assert [key.source for key in suppressed] == ["model_default"]
    assert [found.id for found in overrides] == [override.id] and override.suppressed
    assert all(isinstance(key, MaterializedButton) for key in shown)
    assert [(key.position, key.source) for key in shown] == [(2, "template"), (12, "model_default")]
    assert shown[0].compatibility.supported is True
    assert compatible == [template.id]

    client.devices.update(phone, button_template=None)
    client.button_templates.delete_button(template.id, button.id)
    client.button_templates.delete(template.id)
    with pytest.raises(DialStackNotFoundError):
        client.button_templates.retrieve(template.id)


def test_the_apis_errors_arrive_as_the_sdks_exceptions(dialstack_client: DialStack) -> None:
    client, user = _scoped(dialstack_client)
    phone = client.devices.create(mac_address=SNOM).id
    other = client.devices.create(mac_address="00:04:13:00:00:02").id
    client.devices.assign_user(phone, user=user)

    with pytest.raises(DialStackConflictError) as taken:
        client.devices.assign_user(other, user=user)
    with pytest.raises(DialStackValidationError) as unclassified:
        client.devices.create(mac_address="02:00:00:00:00:01")
    with pytest.raises(DialStackValidationError) as malformed:
        client.devices.create(mac_address="not-a-mac", type="deskphone")

    assert taken.value.code == "user_already_has_device"
    assert taken.value.details is not None and taken.value.details["existing_device"] == phone
    assert unclassified.value.details == {"field": "mac_address"}
    assert (malformed.value.status_code, unclassified.value.status_code) == (400, 422)


@pytest.mark.anyio
async def test_every_method_on_the_async_client(async_dialstack_client: AsyncDialStack) -> None:
    account = await async_dialstack_client.accounts.create(email="owner@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)
    user = (await client.users.create(name="Ada")).id

    created = await client.devices.create(mac_address=SNOM)
    assignment = await client.devices.assign_user(created.id, user=user)
    synced = await client.devices.check_sync(created.id, reboot=False)
    device = await client.devices.retrieve(created.id, expand=["users"])
    listed = [found.id async for found in client.devices.list()]
    updated = await client.devices.update(created.id, name="Desk")
    users = [entry.user async for entry in client.devices.list_users(created.id)]
    template = await client.button_templates.create(name="Reception")
    button = await client.button_templates.create_button(
        template.id, position=1, label="Park", type="park", target={"slot": 1}
    )
    moved = await client.button_templates.update_button(template.id, button.id, position=3)
    renamed = await client.button_templates.update(template.id, name="Lobby")
    fetched = await client.button_templates.retrieve(template.id, expand=["buttons"])
    templates = [found.id async for found in client.button_templates.list().auto_paging_iter()]
    buttons = [found.id async for found in client.button_templates.list_buttons(template.id)]
    compatible = [
        found.id async for found in client.devices.list_compatible_button_templates(created.id)
    ]
    await client.devices.update(created.id, button_template=template.id)
    override = await client.devices.create_button_override(
        created.id, position=3, label="Tones", type="dtmf", target={"digits": "*72"}
    )
    keys = [(key.position, key.source) async for key in client.devices.list_buttons(created.id)]
    overrides = [found.id async for found in client.devices.list_button_overrides(created.id)]
    await client.devices.delete_button_override(created.id, override.id)
    await client.devices.remove_user(created.id, user)
    await client.devices.update(created.id, button_template=None)
    await client.button_templates.delete_button(template.id, button.id)
    await client.button_templates.delete(template.id)
    await client.devices.delete(created.id)

    assert assignment.line_number == 1 and synced.success
    assert device.assignments is not None and device.assignments[0].user == user
    assert listed == [created.id] and updated.name == "Desk" and users == [user]
    assert moved.position == 3 and renamed.name == "Lobby"
    assert fetched.buttons is not None and fetched.buttons[0].target == {"slot": 1}
    assert templates == [template.id] and buttons == [button.id]
    assert compatible == [template.id]
    assert keys == [(3, "template_overridden"), (12, "model_default")]
    assert overrides == [override.id]
    with pytest.raises(DialStackNotFoundError):
        await client.devices.retrieve(created.id)
