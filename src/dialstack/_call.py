"""``Call``: one API call as a resource method declares it, and as the clients run it; and
``Upload``, the file a call may send.

It sits below the resources and the request pipeline alike, so that both import it and
neither imports the other.

An upload is a file sent as the one part of a ``multipart/form-data`` body, streamed: the
part's header, the file read ``CHUNK_BYTES`` at a time, and the closing boundary; nothing
holds the whole file. It can be sent again (a retry) only when the file can be read again:
bytes, a path, or a seekable file (read again from where it stood when the call was made). A
file that cannot be re-read is sent once: ``max_network_retries`` is 0 for its call, whatever
the client's setting.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, Literal, NamedTuple, Protocol, TypeVar, cast, runtime_checkable

import httpx2

from ._config import RequestOptions

T = TypeVar("T")


class Call(NamedTuple, Generic[T]):
    """One API call, declared: what to send, and how the answer's JSON becomes the result.

    ``parse`` gets the decoded JSON value (an object or an array; for a paged list, one
    item) and the request id, and raises ``DialStackAPIError`` when the value does not fit;
    None means the answer has no body (204, 202, an empty 200). ``query`` values may be
    str, int, bool (sent as ``true``/``false``) or a list of str (repeated keys).
    """

    where: str
    method: str
    path: str
    parse: Callable[[Any, str | None], T] | None
    options: RequestOptions
    body: Mapping[str, Any] | None = None
    query: Mapping[str, Any] | None = None
    account: Literal["never", "optional", "required"] = "never"
    """The ``DialStack-Account`` rule: never sent, sent when known, or needed."""
    form: Mapping[str, Any] | None = None
    """A ``multipart/form-data`` body instead of JSON: its text fields and files."""
    form_files: tuple[str, ...] = ()
    """The names in ``form`` that are files (``_wire.FileInput``), streamed."""
    server: str | None = None
    """The description's server of the operation when it is not the API's own (the files
    host); ``ClientConfig.base_url`` says where it is for this client."""
