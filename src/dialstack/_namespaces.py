"""The API's namespaces as attributes of the two clients (``client.accounts``, ...).

Each resource module loads on first use, so that importing the SDK costs little more than
importing httpx2.
"""

# Imports inside the properties are the point: see above.
# ruff: noqa: PLC0415

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .resources.account_sessions import AccountSessions, AsyncAccountSessions
    from .resources.accounts import Accounts, AsyncAccounts
    from .resources.users import AsyncUsers, Users


class SyncNamespaces:
    @cached_property
    def accounts(self) -> Accounts:
        from .resources.accounts import Accounts

        return Accounts(self)  # type: ignore[arg-type]

    @cached_property
    def users(self) -> Users:
        from .resources.users import Users

        return Users(self)  # type: ignore[arg-type]

    @cached_property
    def account_sessions(self) -> AccountSessions:
        from .resources.account_sessions import AccountSessions

        return AccountSessions(self)  # type: ignore[arg-type]


class AsyncNamespaces:
    @cached_property
    def accounts(self) -> AsyncAccounts:
        from .resources.accounts import AsyncAccounts

        return AsyncAccounts(self)  # type: ignore[arg-type]

    @cached_property
    def users(self) -> AsyncUsers:
        from .resources.users import AsyncUsers

        return AsyncUsers(self)  # type: ignore[arg-type]

    @cached_property
    def account_sessions(self) -> AsyncAccountSessions:
        from .resources.account_sessions import AsyncAccountSessions

        return AsyncAccountSessions(self)  # type: ignore[arg-type]
