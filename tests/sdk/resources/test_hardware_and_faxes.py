"""Hardware orders, files and faxes through both clients against the emulator: every
method, the files host routing of ``files.create`` (bytes, a path, a file object), and the
errors a user catches."""

import io
from pathlib import Path

import httpx2
import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackAPIError,
    DialStackConflictError,
    DialStackConnectionError,
    DialStackNotFoundError,
    DialStackRateLimitError,
    DialStackValidationError,
)
from dialstack._config import files_url_for
from dialstack.emulator import EmulatorHandle
from emulator.services.faxes.conftest import add_number, enable_fax, pdf
from emulator.services.hardware_orders.conftest import read_catalog


def _review(emulator: EmulatorHandle, order_id: str, status: str) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/hardware_orders/{order_id}",
        json={"api_key": emulator.api_key, "status": status},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text


def _raw_api(emulator: EmulatorHandle) -> httpx2.Client:
    return httpx2.Client(
        base_url=emulator.url,
        headers={"Authorization": f"Bearer {emulator.api_key}"},
        trust_env=False,
    )


def test_hardware_orders_on_the_sync_client(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    catalog = read_catalog(dialstack_emulator)
    account = dialstack_client.accounts.create(email="shop@example.com")
    client = dialstack_client.with_options(dialstack_account=account.id)
    user = client.users.create(name="Ada")

    order = client.hardware_orders.create(
        items=[{"hardware_catalog": catalog["T54W"]["id"], "quantity": 2}]
    )
    unit = client.hardware_orders.update_item(
        order.id, order.items_[0].id, user=user.id, location="loc_hq"
    )
    with pytest.raises(DialStackConflictError) as not_draft:
        client.hardware_orders.update(
            order.id, items=[{"hardware_catalog": catalog["W70B"]["id"], "quantity": 1}]
        )
    with pytest.raises(DialStackValidationError) as too_many:
        client.hardware_orders.create(
            items=[{"hardware_catalog": catalog["T54W"]["id"], "quantity": 101}]
        )
    _review(dialstack_emulator, order.id, "approved")
    _review(dialstack_emulator, order.id, "fulfilled")
    fulfilled = client.hardware_orders.retrieve(order.id, expand=["items.device"])
    staged = client.hardware_orders.list(location="loc_hq")

    assert order.status == "submitted" and len(order.items_) == 2
    assert order.items_[0].hardware_catalog.model == "T54W"
    assert (unit.user, unit.location) == (user.id, "loc_hq")
    assert not_draft.value.code == "order_not_draft"
    assert too_many.value.param == "items.0.quantity"
    assert fulfilled.status == "fulfilled"
    device = fulfilled.items_[0].device
    assert isinstance(device, dict) and device["location"] == "loc_hq"
    assert [line["line_number"] for line in device["lines"]] == [1]  # the user's line
    assert [found.id for found in staged] == [order.id]


@pytest.mark.anyio
async def test_hardware_orders_on_the_async_client(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    catalog = read_catalog(dialstack_emulator)
    account = await async_dialstack_client.accounts.create(email="shop@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)

    order = await client.hardware_orders.create(
        items=[
            {"hardware_catalog": catalog["W70B"]["id"], "quantity": 1},
            {"hardware_catalog": catalog["W56H"]["id"], "quantity": 1},
        ]
    )
    base, handset = order.items_
    cleared = await client.hardware_orders.update_item(order.id, handset.id, base_item=None)
    again = await client.hardware_orders.retrieve(order.id)
    listed = [found.id async for found in client.hardware_orders.list()]
    with pytest.raises(DialStackConflictError):
        await client.hardware_orders.update(
            order.id, items=[{"hardware_catalog": catalog["W70B"]["id"], "quantity": 1}]
        )
    with pytest.raises(DialStackNotFoundError):
        await client.hardware_orders.retrieve("hwo_nothing")

    assert handset.base_item == base.id
    assert cleared.base_item is None
    assert again.items_[1].base_item is None
    assert listed == [order.id]


def _fax_account(client: DialStack, emulator: EmulatorHandle) -> tuple[DialStack, str]:
    account = client.accounts.create(email="fax@example.com")
    did = add_number(emulator, account.id, "+15125550142")
    with _raw_api(emulator) as api:
        enable_fax(api, account.id, did)
    return client.with_options(dialstack_account=account.id), did


def test_files_and_faxes_on_the_sync_client(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle, tmp_path: Path
) -> None:
    client, did = _fax_account(dialstack_client, dialstack_emulator)
    at_path = tmp_path / "letter.pdf"
    at_path.write_bytes(pdf(2))

    from_bytes = client.files.create(file=pdf(1), purpose="fax_source")
    from_path = client.files.create(file=at_path, purpose="fax_source")
    from_text_path = client.files.create(file=str(at_path), purpose="fax_source")
    with at_path.open("rb") as opened:
        from_object = client.files.create(file=opened, purpose="fax_source")
    with pytest.raises(DialStackValidationError) as not_pdf:
        client.files.create(file=b"plain text", purpose="fax_source")
    sent = client.faxes.send(file=from_path.id, to="(415) 555-0123", did=did)
    found = client.faxes.retrieve(sent.id, expand=["file", "did"])
    listed = [fax.id for fax in client.faxes.list(number="415", direction="outbound")]
    read = client.faxes.update(sent.id, is_read=True)
    with pytest.raises(DialStackValidationError) as bad_number:
        client.faxes.send(file=from_path.id, to="12", did=did)
    client.faxes.delete(sent.id)
    with pytest.raises(DialStackNotFoundError):
        client.faxes.retrieve(sent.id)

    assert from_bytes.size == len(pdf(1)) and from_bytes.filename is None
    assert (from_path.filename, from_path.size) == ("letter.pdf", len(pdf(2)))
    assert from_text_path.filename == "letter.pdf"
    assert (from_object.filename, from_object.size) == ("letter.pdf", len(pdf(2)))
    assert not_pdf.value.param == "file"
    assert (sent.status, sent.to_number, sent.source_pages) == ("pending", "+14155550123", 2)
    assert not isinstance(found.file, str) and found.file is not None
    assert found.file.id == from_path.id
    assert not isinstance(found.did, str) and found.did.phone_number == "+15125550142"
    assert listed == [sent.id]
    assert read.read_at is not None
    assert bad_number.value.param == "to" and bad_number.value.status_code == 422


def test_a_file_object_streams_from_its_start_on_every_attempt(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, _ = _fax_account(dialstack_client, dialstack_emulator)
    document = pdf(3) + b"%" + b"0" * (2 * 1024 * 1024)
    stream = io.BytesIO(document)
    stream.seek(100)

    stored = client.files.create(file=stream, purpose="fax_source")

    assert stored.size == len(document)


class _Pipe(io.RawIOBase):
    """A file that can be read once, like a pipe or a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _file_uploads(emulator: EmulatorHandle) -> list[int]:
    """The statuses of the ``POST /v1/files`` the emulator received, oldest first."""
    answer = httpx2.get(
        f"{emulator.url}/_emulator/requests", params={"api_key": emulator.api_key}, trust_env=False
    )
    assert answer.status_code == 200, answer.text
    return [e["status"] for e in answer.json()["data"] if e["path"] == "/v1/files"]


def _failing_once(emulator: EmulatorHandle) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/faults",
        json={
            "api_key": emulator.api_key,
            "method": "POST",
            "path": "/v1/files",
            "status": 503,
            "times": 1,
        },
        trust_env=False,
    )
    assert answer.status_code in (200, 201), answer.text


def test_an_upload_that_can_be_read_again_is_retried(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, _ = _fax_account(dialstack_client, dialstack_emulator)
    _failing_once(dialstack_emulator)

    stored = client.with_options(max_network_retries=2).files.create(
        file=io.BytesIO(pdf(1)), purpose="fax_source"
    )

    assert stored.size == len(pdf(1))
    assert _file_uploads(dialstack_emulator) == [503, 201]


def test_an_upload_that_cannot_be_read_again_is_sent_once(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, _ = _fax_account(dialstack_client, dialstack_emulator)
    _failing_once(dialstack_emulator)

    with pytest.raises(DialStackAPIError) as caught:
        client.with_options(max_network_retries=2).files.create(
            file=_Pipe(pdf(1)), purpose="fax_source"
        )

    assert caught.value.status_code == 503
    assert _file_uploads(dialstack_emulator) == [503]


def test_sends_past_the_hourly_limit_raise_with_retry_after(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, did = _fax_account(dialstack_client, dialstack_emulator)
    client = client.with_options(max_network_retries=0)
    document = client.files.create(file=pdf(1), purpose="fax_source")
    sent = [client.faxes.send(file=document.id, to="+14155550123", did=did) for _ in range(20)]
    with pytest.raises(DialStackRateLimitError) as limited:
        client.faxes.send(file=document.id, to="+14155550123", did=did)

    assert all(fax.status == "pending" for fax in sent)
    assert limited.value.retry_after is not None and limited.value.retry_after > 0


@pytest.mark.anyio
async def test_files_and_faxes_on_the_async_client(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle, tmp_path: Path
) -> None:
    account = await async_dialstack_client.accounts.create(email="fax@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)
    did = add_number(dialstack_emulator, account.id, "+15125550142")
    with _raw_api(dialstack_emulator) as api:
        enable_fax(api, account.id, did)
    at_path = tmp_path / "memo.pdf"
    at_path.write_bytes(pdf(4))

    uploaded = await client.files.create(file=at_path, purpose="fax_source")
    sent = await client.faxes.send(file=uploaded.id, to="+442079460958", did=did)
    found = await client.faxes.retrieve(sent.id)
    unread = [fax.id async for fax in client.faxes.list(is_read=False)]
    read = await client.faxes.update(sent.id, is_read=True)
    read_only = [fax.id async for fax in client.faxes.list(is_read=True)]
    await client.faxes.delete(sent.id)
    with pytest.raises(DialStackNotFoundError):
        await client.faxes.delete(sent.id)

    assert (uploaded.filename, uploaded.size) == ("memo.pdf", len(pdf(4)))
    assert found == sent
    assert unread == [sent.id] and read_only == [sent.id]
    assert read.read_at is not None


def test_uploads_go_to_the_files_url_and_everything_else_to_the_api_url(
    dialstack_emulator: EmulatorHandle,
) -> None:
    with DialStack(api_key=dialstack_emulator.api_key, api_url=dialstack_emulator.url) as api:
        account = api.accounts.create(email="split@example.com").id
    nothing_there = "http://127.0.0.1:9"  # no server: a call sent there fails to connect
    with DialStack(
        api_key=dialstack_emulator.api_key,
        api_url=nothing_there,
        files_url=dialstack_emulator.url,
        dialstack_account=account,
        max_network_retries=0,
    ) as client:
        stored = client.files.create(file=pdf(1), purpose="fax_source")
        with pytest.raises(DialStackConnectionError):
            client.faxes.list()

    assert stored.id.startswith("file_")


@pytest.mark.parametrize(
    ("api_url", "files_url"),
    [
        ("https://api.dialstack.ai", "https://files.dialstack.ai"),
        ("https://api.sandbox.dialstack.ai", "https://files.sandbox.dialstack.ai"),
        ("https://api.dialstack.ai:8443", "https://files.dialstack.ai:8443"),
        ("http://127.0.0.1:8787", "http://127.0.0.1:8787"),
        ("http://localhost:4010", "http://localhost:4010"),
        ("https://gateway.example.com/dialstack", "https://gateway.example.com/dialstack"),
    ],
)
def test_the_files_host_follows_the_api_url(api_url: str, files_url: str) -> None:
    assert files_url_for(api_url) == files_url
