"""``accounts``: your customers' accounts. Calls here need no account context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from .._config import RequestOptions
from .._models import Account
from .._params import AccountCreateArgs, AccountListArgs, AccountUpdateArgs
from ._base import AsyncResource, Call, SyncResource, path_segment, split_arguments, split_options

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .._pagination import AsyncPager, Page


def _create(args: Mapping[str, Any]) -> Call[Account]:
    where = "accounts.create()"
    body, options = split_arguments(where, args, AccountCreateArgs)
    return Call(where, "POST", "/v1/accounts", Account.from_wire, options, body=body)


def _retrieve(account_id: str, args: Mapping[str, Any]) -> Call[Account]:
    where = "accounts.retrieve()"
    path = f"/v1/accounts/{path_segment('account_id', account_id)}"
    return Call(where, "GET", path, Account.from_wire, split_options(where, args))


def _update(account_id: str, args: Mapping[str, Any]) -> Call[Account]:
    where = "accounts.update()"
    body, options = split_arguments(where, args, AccountUpdateArgs)
    path = f"/v1/accounts/{path_segment('account_id', account_id)}"
    return Call(where, "POST", path, Account.from_wire, options, body=body)


def _delete(account_id: str, args: Mapping[str, Any]) -> Call[None]:
    where = "accounts.delete()"
    path = f"/v1/accounts/{path_segment('account_id', account_id)}"
    return Call(where, "DELETE", path, None, split_options(where, args))


def _list(args: Mapping[str, Any]) -> Call[Account]:
    where = "accounts.list()"
    query, options = split_arguments(where, args, AccountListArgs)
    return Call(where, "GET", "/v1/accounts", Account.from_wire, options, query=query)


class Accounts(SyncResource):
    def create(self, **args: Unpack[AccountCreateArgs]) -> Account:
        """Create an account (retried safely: it is created once)."""
        return self._call(_create(args))

    def retrieve(self, account_id: str, **options: Unpack[RequestOptions]) -> Account:
        return self._call(_retrieve(account_id, options))

    def update(self, account_id: str, **args: Unpack[AccountUpdateArgs]) -> Account:
        return self._call(_update(account_id, args))

    def delete(self, account_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete an account with its users, devices and data. Irreversible."""
        return self._call(_delete(account_id, options))

    def list(self, **args: Unpack[AccountListArgs]) -> Page[Account]:
        """The first page, newest first; ``.auto_paging_iter()`` walks them all."""
        return self._list(_list(args))


class AsyncAccounts(AsyncResource):
    async def create(self, **args: Unpack[AccountCreateArgs]) -> Account:
        """Create an account (retried safely: it is created once)."""
        return await self._call(_create(args))

    async def retrieve(self, account_id: str, **options: Unpack[RequestOptions]) -> Account:
        return await self._call(_retrieve(account_id, options))

    async def update(self, account_id: str, **args: Unpack[AccountUpdateArgs]) -> Account:
        return await self._call(_update(account_id, args))

    async def delete(self, account_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete an account with its users, devices and data. Irreversible."""
        return await self._call(_delete(account_id, options))

    def list(self, **args: Unpack[AccountListArgs]) -> AsyncPager[Account]:
        """``await`` for the first page, newest first; ``async for`` walks them all."""
        return self._list(_list(args))
