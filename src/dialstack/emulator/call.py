"""What a resource handler gets (``Call``) and gives back (``Answer``)."""

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import MissingAccountHeader, UnknownParameter
from .runtime import Runtime

ACCOUNT_HEADER = "DialStack-Account"

Answer = tuple[int, str | None]
"""The status and the JSON text of the body (None: no body)."""


@dataclass(frozen=True, slots=True)
class Call:
    runtime: Runtime
    tenant: str
    path_params: Mapping[str, str]
    query: Mapping[str, str]
    body: dict[str, Any]
    account_header: str | None

    def allow_query(self, names: frozenset[str] = frozenset()) -> None:
        for name in self.query:
            if name not in names:
                raise UnknownParameter(name)

    def account_id(self) -> str:
        """The account the ``DialStack-Account`` header names, after checking it is ours.

        Raises:
            MissingAccountHeader: no header.
            ResourceMissing: no such account for this key.
        """
        if self.account_header is None:
            raise MissingAccountHeader(
                f"This endpoint needs the {ACCOUNT_HEADER} header (acct_...)",
                {"header": ACCOUNT_HEADER},
            )
        self.runtime.store.account(self.tenant, self.account_header)
        return self.account_header


Handler = Callable[[Call], Awaitable[Answer]]


def to_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
