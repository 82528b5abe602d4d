"""What crosses from one service to another: small interfaces, implemented by the service that
owns the data and wired into the ``Runtime`` when the services are composed (no service
imports another)."""

from collections.abc import Callable
from typing import Any, Protocol


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


EventSink = Callable[[str, str | None, str, dict[str, Any]], str]
"""``(tenant, account_id, event_type, data_object)``: logs the event and queues its
deliveries, in the caller's transaction when one is open; returns the event id."""
