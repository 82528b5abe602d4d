"""What a resource handler gets (``ApiRequest``) and gives back (``Reply``)."""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import MissingAccountHeader
from .runtime import Runtime
from .uploads import Upload

ACCOUNT_HEADER = "DialStack-Account"

Reply = tuple[int, str | None]
"""The status and the JSON text of the body (None: no body)."""


@dataclass(frozen=True, slots=True)
class ApiRequest:
    """A request that the description's checks passed (see ``contract.spec``): a handler reads
    its values as described, with older field spellings already folded into the current ones."""

    runtime: Runtime
    tenant: str
    path_params: Mapping[str, str]
    query: Mapping[str, str]
    """The query as sent: each name's last value, a string."""
    body: dict[str, Any]
    account_header: str | None
    query_string: bytes = b""
    params: Mapping[str, Any] = field(default_factory=dict[str, Any])
    """The query converted to the described types: int, bool, and a list for an array
    (``params["expand[]"] == ["extensions"]``)."""
    files: Mapping[str, Upload] = field(default_factory=dict[str, Upload])
    """A form's files (``core.uploads``); its text fields are the ``body``."""
    client_ip: str | None = None
    """The socket peer's address (forwarded headers are never honoured)."""
    user_agent: str | None = None
    """The ``User-Agent`` header as sent, None without one."""
    credential: str = ""
    """A digest of the ``Authorization`` header (never the secret itself), naming the key or
    session token for caps per credential; set for event streams."""

    def account_id(self) -> str:
        """The account the ``DialStack-Account`` header names, after checking it is ours.

        Raises:
            MissingAccountHeader: no header.
            ResourceMissing: no such account for this key.
        """
        if self.account_header is None:
            raise missing_account_header()
        self.runtime.accounts.document(self.tenant, self.account_header)
        return self.account_header


def missing_account_header() -> MissingAccountHeader:
    return MissingAccountHeader(
        f"This endpoint needs the {ACCOUNT_HEADER} header (acct_...)", {"header": ACCOUNT_HEADER}
    )


Handler = Callable[[ApiRequest], Reply]
"""A plain function: the operation runner calls it inside the request's transaction, where
nothing may be awaited."""


def to_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
