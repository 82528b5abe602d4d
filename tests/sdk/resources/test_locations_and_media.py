"""Locations (with E911), shared voicemail boxes and audio clips through both clients, against
the emulator."""

from pathlib import Path

import httpx2
import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackConflictError,
    DialStackNotFoundError,
    DialStackValidationError,
)
from dialstack.emulator import EmulatorHandle
from emulator.services.greetings.audio_files import MP3, wav

_ADDRESS = {
    "address_number": "350",
    "street": "North Orange Avenue",
    "city": "Orlando",
    "state": "FL",
    "postal_code": "32801",
    "country": "US",
}


def _scoped(client: DialStack) -> DialStack:
    account = client.accounts.create(email="owner@example.com")
    return client.with_options(dialstack_account=account.id)


def _step_clock(emulator: EmulatorHandle, **body: object) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/clock",
        json={"api_key": emulator.api_key, **body},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text


def test_a_location_is_validated_and_provisioned_for_e911(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client = _scoped(dialstack_client)
    _step_clock(dialstack_emulator, mode="stepped")

    created = client.locations.create(name="Orlando office", address=_ADDRESS)  # type: ignore[arg-type]
    renamed = client.locations.update(created.id, name="Orlando HQ", config={})
    validated = client.locations.validate_e911(created.id)
    provisioned = client.locations.provision_e911(created.id)
    _step_clock(dialstack_emulator, advance_seconds=10)
    read = client.locations.retrieve(created.id)
    listed = [location.id for location in client.locations.list(limit=100)]
    client.locations.delete(created.id)

    assert created.id.startswith("loc_")
    assert created.e911_status == "none"
    assert created.address.formatted_address == "350 North Orange Avenue, Orlando, FL 32801"
    assert renamed.name == "Orlando HQ"
    assert validated.adjusted is True
    assert validated.address is not None
    assert (validated.address.pre_directional, validated.address.street_suffix) == ("N", "AVE")
    assert provisioned.e911_status == "pending"
    assert read.e911_status == "provisioned"
    assert listed == [created.id]
    with pytest.raises(DialStackNotFoundError):
        client.locations.retrieve(created.id)


def test_e911_failures_are_typed_errors_naming_the_field(dialstack_client: DialStack) -> None:
    client = _scoped(dialstack_client)
    location = client.locations.create(
        name="Nowhere",
        address={**_ADDRESS, "postal_code": "00000"},  # type: ignore[typeddict-item]
    )

    with pytest.raises(DialStackValidationError) as invalid:
        client.locations.validate_e911(location.id)
    with pytest.raises(DialStackConflictError) as unvalidated:
        client.locations.provision_e911(location.id)

    assert invalid.value.param == "address.postal_code"
    assert unvalidated.value.code == "e911_validation_required"


def test_a_shared_voicemail_box_is_a_routing_target_held_while_used(
    dialstack_client: DialStack,
) -> None:
    client = _scoped(dialstack_client)

    box = client.shared_voicemail_boxes.create(name="Support")
    renamed = client.shared_voicemail_boxes.update(box.id, name="Front desk")
    read = client.shared_voicemail_boxes.retrieve(box.id)
    client.extensions.create(number="3001", target=box.id)
    named = client.shared_voicemail_boxes.retrieve(box.id, expand=["extensions"])
    with pytest.raises(DialStackConflictError) as in_use:
        client.shared_voicemail_boxes.delete(box.id)
    client.extensions.delete("3001")
    client.shared_voicemail_boxes.delete(box.id)

    assert box.id.startswith("svm_")
    assert renamed.name == read.name == "Front desk"
    assert in_use.value.code == "target_in_use"
    assert named.extensions is not None
    assert [extension.number for extension in named.extensions.data] == ["3001"]
    assert list(client.shared_voicemail_boxes.list()) == []


def test_audio_clips_upload_from_bytes_or_a_path_and_play(
    dialstack_client: DialStack, tmp_path: Path
) -> None:
    client = _scoped(dialstack_client)
    on_disk = tmp_path / "menu.wav"
    on_disk.write_bytes(wav(4))

    from_bytes = client.audio_clips.create(file=MP3, name="Hold music")
    from_path = client.audio_clips.create(file=on_disk, name="Main menu")
    read = client.audio_clips.retrieve(from_path.id)
    listed = [clip.name for clip in client.audio_clips.list()]
    client.audio_clips.delete(from_bytes.id)

    assert (from_bytes.media_type, from_path.duration_seconds) == ("audio/mpeg", 4)
    assert httpx2.get(read.url, trust_env=False).content == on_disk.read_bytes()
    assert listed == ["Main menu", "Hold music"]
    with pytest.raises(DialStackNotFoundError):
        client.audio_clips.retrieve(from_bytes.id)
    with pytest.raises(DialStackValidationError) as refused:
        client.audio_clips.create(file=wav(1), name="")
    assert refused.value.param == "name"


@pytest.mark.anyio
async def test_all_three_on_the_async_client(async_dialstack_client: AsyncDialStack) -> None:
    account = await async_dialstack_client.accounts.create(email="owner@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)

    location = await client.locations.create(name="Office", address=_ADDRESS)  # type: ignore[arg-type]
    updated = await client.locations.update(location.id, address={**_ADDRESS, "street": "Main St"})  # type: ignore[typeddict-item]
    validated = await client.locations.validate_e911(location.id)
    provisioned = await client.locations.provision_e911(location.id)
    locations = [found.id async for found in client.locations.list()]
    await client.locations.delete(location.id)
    box = await client.shared_voicemail_boxes.create(name="Support")
    boxes = [found.id async for found in client.shared_voicemail_boxes.list()]
    renamed = await client.shared_voicemail_boxes.update(box.id, name="Sales")
    read_box = await client.shared_voicemail_boxes.retrieve(box.id)
    await client.shared_voicemail_boxes.delete(box.id)
    clip = await client.audio_clips.create(file=wav(2), name="Greeting")
    clips = [found.id async for found in client.audio_clips.list()]
    read_clip = await client.audio_clips.retrieve(clip.id)
    await client.audio_clips.delete(clip.id)

    assert updated.address.street == "Main St"
    assert validated.address is not None and validated.address.street_suffix == "ST"
    assert provisioned.e911_status == "pending"
    assert locations == [location.id]
    assert boxes == [box.id]
    assert renamed.name == read_box.name == "Sales"
    assert clips == [clip.id]
    assert read_clip.duration_seconds == 2
    with pytest.raises(DialStackNotFoundError):
        await client.audio_clips.retrieve(clip.id)
