"""What crosses from one service to another: small interfaces, implemented by the service that
owns the data and wired into the ``Runtime`` when the services are composed (no service
imports another)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol


class AccountDirectory(Protocol):
    """The accounts service, as the others see it."""

    def document(self, tenant: str, account_id: str) -> str:
        """The account's JSON document.

        Raises:
            ResourceMissing: no such account for this tenant.
        """
        ...

    def owner_of_account(self, account_id: str) -> str | None:
        """The tenant owning the account (whoever asks), None when there is no such account."""
        ...


class UserDirectory(Protocol):
    """The users service, as the others see it."""

    def document(self, tenant: str, account_id: str, user_id: str) -> str:
        """The user's JSON document.

        Raises:
            ResourceMissing: no such user in the account.
        """
        ...

    def find_by_email(self, tenant: str, account_id: str, email: str) -> str | None:
        """The JSON document of the account's user with that email (compared as the users'
        uniqueness compares them), None when there is none."""
        ...

    def ids(self, tenant: str, account_id: str, limit: int) -> tuple[str, ...]:
        """The ids of the account's first ``limit`` users, oldest first."""
        ...


class UserSessionLedger(Protocol):
    """The users service's record of user sessions, as the access check sees it."""

    def revocations(self, tenant: str, account_id: str, user_id: str) -> int | None:
        """How many times the user's sessions were revoked (a token minted at an earlier
        count is dead), None when the account has no such user."""
        ...


EventSink = Callable[[str, str | None, str, dict[str, Any]], str]
"""``(tenant, account_id, event_type, data_object)``: logs the event and queues its
deliveries, in the caller's transaction when one is open; returns the event id."""


@dataclass(frozen=True)
class RoutedCall:
    """What a routing target learns of the simulated call reaching it."""

    call_id: str
    from_number: str
    to_number: str
    at: float
    """The tenant's clock when the call reaches the target (a schedule reads it)."""


@dataclass(frozen=True)
class Hop:
    """Where a target sends a call: users to ring, another target to follow, or nowhere
    further because the target answers it itself (a voice app)."""

    rings: tuple[str, ...] = ()
    """User ids, in ringing order."""
    next: str | None = None
    """Another target's id (a dial plan's branch, a ring group's timeout target)."""
    answered_by: str | None = None
    """The id of the target that took the call (no user rings)."""


class RoutingTargets(Protocol):
    """One service's kind of routing target, registered with ``runtime.router`` under the
    prefix of its ids (``user``, ``rg``, ``qu``, ``dp``, ``va``; ``extension`` for numbers)."""

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool: ...

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        """Where the target sends the call; may record events (a voice app's webhook)."""
        ...


@dataclass(frozen=True)
class CallChange:
    """A simulated call moved on (``runtime.on_call_changed``): presence, queue agents,
    live-call state and the instance event stream follow it."""

    tenant: str
    account_id: str
    call_id: str
    user_id: str
    phase: Literal["ringing", "answered", "ended"]
    at: float
    direction: Literal["inbound", "outbound"]
    from_number: str
    from_name: str | None
    to_number: str
    """The number dialled: the account's number for an inbound call."""


class DeviceProvisioner(Protocol):
    """The devices service, as hardware orders see it: a fulfilled order's units become
    devices of the account."""

    def create_from_order(
        self,
        tenant: str,
        account_id: str,
        *,
        mac_address: str,
        device_type: str,
        model: str,
        user_id: str | None,
        location_id: str | None,
    ) -> str:
        """Creates the device (assigning the user when given); returns its id."""
        ...

    def document(self, tenant: str, account_id: str, device_id: str) -> str:
        """The device's JSON document (an order's ``items.device`` expanded).

        Raises:
            ResourceMissing: no such device in the account.
        """
        ...


class NumberDirectory(Protocol):
    """The account's phone numbers, as faxes and number orders see them."""

    def is_fax_enabled(self, tenant: str, account_id: str, phone_number: str) -> bool | None:
        """Whether the account's number (E.164) takes faxes; None: not the account's number."""
        ...

    def phone_number(self, tenant: str, account_id: str, number_id: str) -> str | None:
        """The E.164 number of the account's phone number ``did_...``; None: no such number."""
        ...

    def holds(self, tenant: str, account_id: str, phone_number: str) -> bool:
        """Whether the account has the number (E.164) and has not released it."""
        ...

    def activate(
        self, tenant: str, account_id: str, *, number_id: str, phone_number: str, at: float
    ) -> None:
        """Give the account the number (E.164), ``active``, as of ``at`` (the tenant's clock):
        an order or a port brought it."""
        ...


class ExtensionDirectory(Protocol):
    """The extensions, as the targets they route to see them (``expand=["extensions"]``)."""

    def routing_to(self, tenant: str, account_id: str, target_id: str) -> dict[str, Any]:
        """The first page of the extensions that route to the target, as a list envelope
        with a link to the rest."""
        ...
