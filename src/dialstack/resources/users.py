"""``users``: the people inside one account. Every call needs an account context
(``dialstack_account=`` per call, or on the client)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from .._config import RequestOptions
from .._models import User
from .._params import UserCreateArgs, UserListArgs, UserUpdateArgs
from ._base import AsyncResource, Call, SyncResource, path_segment, split_arguments, split_options

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .._pagination import AsyncPager, Page


def _create(args: Mapping[str, Any]) -> Call[User]:
    where = "users.create()"
    body, options = split_arguments(where, args, UserCreateArgs)
    return Call(where, "POST", "/v1/users", User.from_wire, options, body=body, account="required")


def _retrieve(user_id: str, args: Mapping[str, Any]) -> Call[User]:
    where = "users.retrieve()"
    path = f"/v1/users/{path_segment('user_id', user_id)}"
    return Call(where, "GET", path, User.from_wire, split_options(where, args), account="required")


def _update(user_id: str, args: Mapping[str, Any]) -> Call[User]:
    where = "users.update()"
    body, options = split_arguments(where, args, UserUpdateArgs)
    path = f"/v1/users/{path_segment('user_id', user_id)}"
    return Call(where, "POST", path, User.from_wire, options, body=body, account="required")


def _delete(user_id: str, args: Mapping[str, Any]) -> Call[None]:
    where = "users.delete()"
    path = f"/v1/users/{path_segment('user_id', user_id)}"
    return Call(where, "DELETE", path, None, split_options(where, args), account="required")


def _list(args: Mapping[str, Any]) -> Call[User]:
    where = "users.list()"
    query, options = split_arguments(where, args, UserListArgs)
    return Call(where, "GET", "/v1/users", User.from_wire, options, query=query, account="required")


class Users(SyncResource):
    def create(self, **args: Unpack[UserCreateArgs]) -> User:
        """Create a user in the account (retried safely: it is created once)."""
        return self._call(_create(args))

    def retrieve(self, user_id: str, **options: Unpack[RequestOptions]) -> User:
        return self._call(_retrieve(user_id, options))

    def update(self, user_id: str, **args: Unpack[UserUpdateArgs]) -> User:
        return self._call(_update(user_id, args))

    def delete(self, user_id: str, **options: Unpack[RequestOptions]) -> None:
        return self._call(_delete(user_id, options))

    def list(self, **args: Unpack[UserListArgs]) -> Page[User]:
        """The first page, newest first; ``.auto_paging_iter()`` walks them all."""
        return self._list(_list(args))


class AsyncUsers(AsyncResource):
    async def create(self, **args: Unpack[UserCreateArgs]) -> User:
        """Create a user in the account (retried safely: it is created once)."""
        return await self._call(_create(args))

    async def retrieve(self, user_id: str, **options: Unpack[RequestOptions]) -> User:
        return await self._call(_retrieve(user_id, options))

    async def update(self, user_id: str, **args: Unpack[UserUpdateArgs]) -> User:
        return await self._call(_update(user_id, args))

    async def delete(self, user_id: str, **options: Unpack[RequestOptions]) -> None:
        return await self._call(_delete(user_id, options))

    def list(self, **args: Unpack[UserListArgs]) -> AsyncPager[User]:
        """``await`` for the first page, newest first; ``async for`` walks them all."""
        return self._list(_list(args))
