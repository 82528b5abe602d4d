"""``Call``: one API call as a resource method declares it, and as the clients run it.

It sits below the resources and the request pipeline alike, so that both import it and
neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, Literal, NamedTuple, TypeVar

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
    events: Mapping[str, Callable[[Any, str | None], T]] | None = None
    """A stream's events instead of one answer: each event name and how its data's JSON
    becomes the event the stream yields (``_streams.py``); other events are skipped."""
