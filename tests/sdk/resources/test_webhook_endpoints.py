"""The generated SDK surface, sync and async, against the emulator: webhook_endpoints in both
scopes and test_helpers.events, down to a verified delivery."""

import pytest

import dialstack
from dialstack import AsyncDialStack, DialStack
from dialstack.testing.webhooks import WebhookReceiver
from dialstack.webhooks import VoicemailEventData

URL = "https://example.com/hooks"


def test_endpoints_in_both_scopes(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="clinic@example.com")
    platform = dialstack_client.webhook_endpoints.create(url=URL, description="all accounts")
    scoped = dialstack_client.webhook_endpoints.create(
        url=URL, enabled_events=["call.end"], dialstack_account=account.id
    )

    fetched = dialstack_client.webhook_endpoints.retrieve(platform.id)
    listed = [e.id for e in dialstack_client.webhook_endpoints.list().auto_paging_iter()]
    in_account = dialstack_client.webhook_endpoints.list(dialstack_account=account.id)

    assert platform.secret.startswith("whsec_")
    assert platform.secret not in repr(platform)
    assert "secret" not in fetched
    assert (fetched.id, fetched.url, fetched.enabled_events) == (platform.id, URL, ["*"])
    assert (fetched.status, fetched.livemode, fetched.description) == (
        "enabled",
        False,
        "all accounts",
    )
    assert listed == [platform.id]
    assert [e.id for e in in_account.data] == [scoped.id]
    assert scoped.account_id == account.id
    with pytest.raises(dialstack.DialStackNotFoundError):
        dialstack_client.webhook_endpoints.retrieve(scoped.id)


def test_update_and_delete(dialstack_client: DialStack) -> None:
    created = dialstack_client.webhook_endpoints.create(url=URL, description="x")

    updated = dialstack_client.webhook_endpoints.update(
        created.id, status="disabled", description=None, enabled_events=["voicemail.new"]
    )
    disabled = dialstack_client.webhook_endpoints.list(status="disabled")
    dialstack_client.webhook_endpoints.delete(created.id)

    assert (updated.status, updated.description, updated.enabled_events) == (
        "disabled",
        None,
        ["voicemail.new"],
    )
    assert [e.id for e in disabled.data] == [created.id]
    with pytest.raises(dialstack.DialStackNotFoundError):
        dialstack_client.webhook_endpoints.retrieve(created.id)


def test_a_bad_url_is_a_validation_error(dialstack_client: DialStack) -> None:
    with pytest.raises(dialstack.DialStackValidationError) as caught:
        dialstack_client.webhook_endpoints.create(url="not a url")

    assert caught.value.param == "url"


def test_a_canned_event_reaches_the_receiver(
    dialstack_client: DialStack, dialstack_webhook_receiver: WebhookReceiver
) -> None:
    account = dialstack_client.accounts.create(email="clinic@example.com")

    sent = dialstack_client.test_helpers.events.create(
        event="voicemail.new", dialstack_account=account.id
    )
    dialstack_webhook_receiver.flush()

    (event,) = dialstack_webhook_receiver.events
    assert (sent.event, sent.id) == ("voicemail.new", event.id)
    assert event.account_id == account.id
    assert isinstance(event.data, VoicemailEventData)


def test_canned_events_need_an_account(dialstack_client: DialStack) -> None:
    with pytest.raises(ValueError, match="dialstack_account"):
        dialstack_client.test_helpers.events.create(event="call.end")


@pytest.mark.anyio
async def test_the_async_client(
    async_dialstack_client: AsyncDialStack, dialstack_webhook_receiver: WebhookReceiver
) -> None:
    account = await async_dialstack_client.accounts.create(email="clinic@example.com")
    scoped = await async_dialstack_client.webhook_endpoints.create(
        url=URL, dialstack_account=account.id
    )

    fetched = await async_dialstack_client.webhook_endpoints.retrieve(
        scoped.id, dialstack_account=account.id
    )
    updated = await async_dialstack_client.webhook_endpoints.update(
        scoped.id, status="disabled", dialstack_account=account.id
    )
    listed = [
        e.id
        async for e in async_dialstack_client.webhook_endpoints.list(dialstack_account=account.id)
    ]
    sent = await async_dialstack_client.test_helpers.events.create(
        event="call.end", dialstack_account=account.id
    )
    dialstack_webhook_receiver.flush()
    await async_dialstack_client.webhook_endpoints.delete(scoped.id, dialstack_account=account.id)

    assert scoped.secret.startswith("whsec_")
    assert (fetched.id, updated.status, listed) == (scoped.id, "disabled", [scoped.id])
    assert [e.id for e in dialstack_webhook_receiver.events] == [sent.id]
    with pytest.raises(dialstack.DialStackNotFoundError):
        await async_dialstack_client.webhook_endpoints.retrieve(
            scoped.id, dialstack_account=account.id
        )
