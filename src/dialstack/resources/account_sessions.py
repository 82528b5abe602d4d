"""``account_sessions``: short-lived tokens for the embedded browser components."""

from __future__ import annotations

from typing import Any, Unpack

from .._models import AccountSession
from .._params import AccountSessionCreateArgs
from ._base import AsyncResource, Call, SyncResource, split_arguments


def _create(args: dict[str, Any]) -> Call[AccountSession]:
    where = "account_sessions.create()"
    body, options = split_arguments(where, args, AccountSessionCreateArgs)
    return Call(where, "POST", "/v1/account_sessions", AccountSession.from_wire, options, body=body)


class AccountSessions(SyncResource):
    def create(self, **args: Unpack[AccountSessionCreateArgs]) -> AccountSession:
        """A session for ``account`` with the ``components`` it may show; hand its
        ``client_secret`` to your frontend. It expires an hour after creation."""
        return self._call(_create(dict(args)))


class AsyncAccountSessions(AsyncResource):
    async def create(self, **args: Unpack[AccountSessionCreateArgs]) -> AccountSession:
        """A session for ``account`` with the ``components`` it may show; hand its
        ``client_secret`` to your frontend. It expires an hour after creation."""
        return await self._call(_create(dict(args)))
