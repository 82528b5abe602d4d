"""What an upload takes (``FileInput``) and how each kind becomes a multipart file part,
streamed: a file object or a path is read in chunks as the request goes out (from its start
again on a retry), never whole into memory."""

import mimetypes
import os
from typing import IO, BinaryIO, Protocol, cast, runtime_checkable


@runtime_checkable
class BinaryFile(Protocol):
    """A file object opened in binary mode (``open(path, "rb")``, ``io.BytesIO``)."""

    def read(self, size: int = -1, /) -> bytes: ...


FileInput = bytes | str | os.PathLike[str] | BinaryFile
"""The bytes themselves, a path to a file (``str`` or ``pathlib.Path``), or a file object
opened in binary mode."""

_DEFAULT_TYPE = "application/octet-stream"


class FileAtPath:
    """A file named by its path: its size known up front (so the request declares its
    length), opened when the upload reads it and closed once read to the end."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = os.fspath(path)
        self._size = os.stat(self._path).st_size  # a missing file fails here, not mid-send
        self._file: BinaryIO | None = None

    def tell(self) -> int:
        return 0 if self._file is None else self._file.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_END:
            return self._size + offset  # the length asked before sending: nothing moves
        if self._file is None:
            return offset
        return self._file.seek(offset, whence)

    def read(self, size: int = -1) -> bytes:
        if self._file is None:
            self._file = open(self._path, "rb")  # noqa: SIM115 (closed once read to the end)
        chunk = self._file.read(size)
        if not chunk:
            self.close()
        return chunk

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def file_part(where: str, name: str, value: object) -> tuple[str | None, IO[bytes] | bytes, str]:
    """``value`` as a multipart file part: (file name, content, content type)."""
    if isinstance(value, bytes | bytearray):
        return None, bytes(value), _DEFAULT_TYPE
    if isinstance(value, str | os.PathLike):
        path = os.fspath(cast("str | os.PathLike[str]", value))
        return os.path.basename(path), FileAtPath(path), _guessed_type(path)  # type: ignore[return-value]
    if hasattr(value, "read") and not hasattr(value, "encoding"):
        filename = getattr(value, "name", None)
        named = os.path.basename(filename) if isinstance(filename, str) else None
        return named, value, _guessed_type(named)  # type: ignore[return-value]
    raise TypeError(
        f"{where}: {name} must be bytes, a path or a file object opened in binary mode, "
        f"not {type(value).__name__}"
    )


def _guessed_type(filename: str | None) -> str:
    guessed = None if filename is None else mimetypes.guess_type(filename)[0]
    return guessed or _DEFAULT_TYPE
