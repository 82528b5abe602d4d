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
    upload: Upload | None = None
    """A file to send as the one part of a ``multipart/form-data`` body (``body`` unused)."""


CHUNK_BYTES = 64 * 1024
_TEXT_MODE = "an upload needs a file opened in binary mode ('rb'), got a {} reading text"


@runtime_checkable
class BinaryFile(Protocol):
    """A file opened for reading bytes (``open(path, "rb")``, ``io.BytesIO``)."""

    def read(self, size: int = -1, /) -> bytes: ...


UploadFile = bytes | str | os.PathLike[str] | BinaryFile
"""What an upload takes: the bytes, a path to the file, or a binary file object."""


def upload_part(
    values: Mapping[str, Any], options: RequestOptions, part: str, default_name: str
) -> tuple[Upload, RequestOptions]:
    """The upload a method's arguments describe, and its call's options (no retries when the
    file cannot be read again)."""
    upload = Upload(part, values[part], values.get("filename"), default_name)
    if not upload.rereadable:
        options = {**options, "max_network_retries": 0}
    return upload, options


class Upload:
    """One file part: where its bytes come from, its name, and its length when known."""

    __slots__ = ("_source", "_start", "filename", "length", "part", "rereadable")

    def __init__(
        self, part: str, source: UploadFile, filename: str | None, default_name: str
    ) -> None:
        self.part = part
        self._start = 0
        self.rereadable = True
        if isinstance(source, bytes):
            self._source: bytes | Path | BinaryFile = source
            self.length: int | None = len(source)
            own_name = None
        elif isinstance(source, str | os.PathLike):
            path = Path(source)
            self._source = path
            self.length = path.stat().st_size  # a missing file fails here, before sending
            own_name = path.name
        else:
            if isinstance(source, io.TextIOBase):
                raise TypeError(_TEXT_MODE.format(type(source).__name__))
            self._source = source
            self.length = None
            seekable = getattr(source, "seekable", None)
            if callable(seekable) and seekable():
                self._start = source.tell()  # type: ignore[attr-defined]
                self.length = source.seek(0, os.SEEK_END) - self._start  # type: ignore[attr-defined]
                source.seek(self._start)  # type: ignore[attr-defined]
            else:
                self.rereadable = False
            own_name = getattr(source, "name", None)
            own_name = Path(own_name).name if isinstance(own_name, str) else None
        self.filename = filename or own_name or default_name

    def __repr__(self) -> str:
        return f"Upload(part={self.part!r}, filename={self.filename!r}, length={self.length})"

    def stream(self) -> MultipartStream:
        return MultipartStream(self)

    def chunks(self) -> Iterator[bytes]:
        source = self._source
        if isinstance(source, bytes):
            for start in range(0, len(source), CHUNK_BYTES):
                yield source[start : start + CHUNK_BYTES]
            return
        if isinstance(source, Path):
            with source.open("rb") as file:
                yield from _read_all(file)
            return
        if self.rereadable:
            source.seek(self._start)  # type: ignore[attr-defined]
        yield from _read_all(source)


def _read_all(file: BinaryFile) -> Iterator[bytes]:
    while True:
        # A text file passes for a BinaryFile (it has read()) but reads str.
        chunk = cast("object", file.read(CHUNK_BYTES))
        if not isinstance(chunk, bytes | bytearray):
            raise TypeError(_TEXT_MODE.format(type(file).__name__))
        if not chunk:
            return
        yield bytes(chunk)


def _quoted(name: str) -> str:
    """A file name inside a quoted header parameter, as browsers write it."""
    return name.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


class MultipartStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """The body of one upload; each iteration reads the file again from its start."""

    def __init__(self, upload: Upload) -> None:
        self._upload = upload
        boundary = secrets.token_hex(16)
        self._head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{upload.part}"; '
            f'filename="{_quoted(upload.filename)}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self._tail = f"\r\n--{boundary}--\r\n".encode()
        self.headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if upload.length is None:
            self.headers["Transfer-Encoding"] = "chunked"
        else:
            total = len(self._head) + upload.length + len(self._tail)
            self.headers["Content-Length"] = str(total)

    def __iter__(self) -> Iterator[bytes]:
        yield self._head
        yield from self._upload.chunks()
        yield self._tail

    async def __aiter__(self) -> AsyncIterator[bytes]:
        # The file is read between sends, a chunk at a time, as httpx2 reads its own files.
        for chunk in self:
            yield chunk
