"""Available numbers, phone-number orders, port orders, eligibility and a number's route
through both clients against the emulator, on a stepped clock: what a backend provisioning
an account's numbers calls, and the errors it catches."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackConflictError,
    DialStackNotFoundError,
    DialStackValidationError,
    PortOrderSubscriberParams,
)
from dialstack.emulator import EmulatorHandle

SUBSCRIBER: PortOrderSubscriberParams = {
    "btn": "+13125550147",
    "business_name": "Acme Dental",
    "approver_name": "Dana Smith",
    "account_number": "8812-3309",
    "address": {
        "house_number": "233",
        "street_name": "S Wacker Dr",
        "city": "Chicago",
        "state": "IL",
        "zip": "60606",
    },
}
PDF = b"%PDF-1.7\n%%EOF\n"


def test_ordering_numbers_on_the_sync_client(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.step_clock()
    account = dialstack_client.accounts.create(email="numbers@example.com")
    client = dialstack_client.with_options(dialstack_account=account.id)

    found = client.available_phone_numbers.list(zip="94107", quantity=2).data
    order = client.phone_number_orders.create(
        phone_numbers=[found[0].phone_number, found[1].phone_number, "+14155550000"]
    )
    pending = client.phone_number_orders.retrieve(order.id)
    dialstack_emulator.advance_clock(5)
    partial = client.phone_number_orders.retrieve(order.id)
    listed = [
        o.id for o in client.phone_number_orders.list(status="partial", order_type="purchase")
    ]
    with pytest.raises(DialStackConflictError) as claimed:
        client.phone_number_orders.create(phone_numbers=[found[0].phone_number])
    with pytest.raises(DialStackValidationError) as too_many:
        client.phone_number_orders.create(phone_numbers=[f"+1415201{n:04d}" for n in range(10_000)])

    assert found[0].city == "San Francisco"
    assert found[0].lata == "722"
    assert pending.status == "pending"
    assert partial.status == "partial"
    assert partial.completed_numbers == [found[0].phone_number, found[1].phone_number]
    assert partial.failed_numbers == ["+14155550000"]
    assert partial.error_message is not None
    assert isinstance(partial.updated_at, datetime)
    assert listed == [order.id]
    assert claimed.value.code == "phone_numbers_already_claimed"
    assert (claimed.value.details or {})["already_on_account"] == [found[0].phone_number]
    assert too_many.value.status_code == 400
    assert (too_many.value.details or {})["field"] == "phone_numbers"

    numbers = {n.phone_number: n for n in client.phone_numbers.list(limit=100)}
    user = client.users.create(name="Ada")
    routed = client.phone_numbers.route(numbers[found[0].phone_number].id, routing_target=user.id)
    cleared = client.phone_numbers.route(routed.id, routing_target=None)
    with pytest.raises(DialStackValidationError) as no_target:
        client.phone_numbers.route(routed.id, routing_target="user_01h0000000000000000000000")
    window = client.phone_numbers.update_sms_port_out(
        routed.id, expires_at=(datetime.now(UTC) + timedelta(days=1)).isoformat()
    )
    locked = client.phone_numbers.update_sms_port_out(routed.id, expires_at=None)

    assert routed.routing_target == user.id
    assert cleared.routing_target is None
    assert (no_target.value.details or {})["field"] == "routing_target"
    assert window.expires_at is not None
    assert locked.expires_at is None
    assert client.phone_numbers.retrieve_sms_port_out(routed.id).expires_at is None


def test_porting_numbers_on_the_sync_client(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle, tmp_path: Path
) -> None:
    dialstack_emulator.step_clock()
    account = dialstack_client.accounts.create(email="port@example.com")
    client = dialstack_client.with_options(dialstack_account=account.id)
    foc_day = (dialstack_emulator.clock().now + timedelta(days=2)).date().isoformat()
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(PDF)

    eligibility = client.port_orders.check_eligibility(
        phone_numbers=["+13125550147", "+19075550147"]
    )
    order = client.port_orders.create(
        phone_numbers=["+13125550147"], subscriber=SUBSCRIBER, requested_foc_date=foc_day
    )
    with_bill = client.port_orders.upload_bill_copy(order.id, file=bill)
    with_csr = client.port_orders.upload_csr(order.id, file=PDF)
    with pytest.raises(DialStackConflictError) as not_approved:
        client.port_orders.submit(order.id)
    client.port_orders.approve(order.id, signature="Dana Smith", ip="203.0.113.9")
    submitted = client.port_orders.submit(order.id)
    dialstack_emulator.advance_clock(3600)
    firm = client.port_orders.retrieve(order.id)
    dialstack_emulator.advance_clock(timedelta(days=2))
    done = client.port_orders.retrieve(order.id)
    with pytest.raises(DialStackConflictError) as too_late:
        client.port_orders.cancel(order.id)

    assert [n.phone_number for n in eligibility.portable_numbers] == ["+13125550147"]
    assert eligibility.portable_numbers[0].losing_carrier_name == "Lumen Technologies"
    assert [n.phone_number for n in eligibility.non_portable_numbers] == ["+19075550147"]
    assert order.status == "draft"
    assert order.details.subscriber is not None
    assert order.details.subscriber.address.city == "Chicago"
    assert with_bill.details.bill_copy is not None
    assert with_bill.details.bill_copy.file_size == len(PDF)
    assert with_csr.details.csr is not None
    assert not_approved.value.code == "port_order_status"
    assert submitted.status == "submitted"
    assert firm.status == "foc"
    assert firm.details.actual_foc_date == foc_day
    assert done.status == "complete"
    assert (too_late.value.details or {})["status"] == "complete"
    assert [o.id for o in client.port_orders.list(status="complete")] == [order.id]
    held = [n.phone_number for n in client.phone_numbers.list(status="active")]
    assert "+13125550147" in held


@pytest.mark.anyio
async def test_numbering_on_the_async_client(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.step_clock()
    account = await async_dialstack_client.accounts.create(email="async@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)

    found = [n async for n in client.available_phone_numbers.list(area_code="617", quantity=1)]
    order = await client.phone_number_orders.create(phone_numbers=[found[0].phone_number])
    dialstack_emulator.advance_clock(5)
    done = await client.phone_number_orders.retrieve(order.id)
    listed = [o.id async for o in client.phone_number_orders.list(limit=1)]
    numbers = [n async for n in client.phone_numbers.list()]
    (number,) = [n for n in numbers if n.phone_number == found[0].phone_number]
    routed = await client.phone_numbers.route(number.id, routing_target=None)
    window = await client.phone_numbers.retrieve_sms_port_out(number.id)

    eligibility = await client.port_orders.check_eligibility(phone_numbers=["+12065550147"])
    port = await client.port_orders.create(
        phone_numbers=["+12065550147"],
        subscriber={**SUBSCRIBER, "btn": "+12065550147"},
        requested_foc_date="2099-01-15",
    )
    await client.port_orders.upload_csr(port.id, file=PDF)
    await client.port_orders.upload_bill_copy(port.id, file=PDF)
    approved = await client.port_orders.approve(port.id, signature="Dana", ip="2001:db8::7")
    cancelled = await client.port_orders.cancel(port.id)
    ports = [p.id async for p in client.port_orders.list()]
    with pytest.raises(DialStackNotFoundError):
        await client.port_orders.retrieve("po_01h0000000000000000000000")
    with pytest.raises(DialStackNotFoundError):
        await client.phone_number_orders.retrieve("ord_01h0000000000000000000000")
    with pytest.raises(DialStackConflictError):
        await client.port_orders.submit(port.id)

    assert done.status == "complete"
    assert listed == [order.id]
    assert routed.id == number.id
    assert window.expires_at is None
    assert len(eligibility.portable_numbers) == 1
    assert approved.details.approval is not None
    assert approved.details.approval.ip == "2001:db8::7"
    assert cancelled.status == "cancelled"
    assert ports == [port.id]
