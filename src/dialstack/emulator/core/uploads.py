"""Reading a ``multipart/form-data`` upload as it streams in (``python-multipart``), bounded
before anything is kept: the operations whose description takes a form get their text
fields as the body and their files as ``Upload``s; nothing else reads a form.

Limits: a file part holds at most ``MAX_UPLOAD_BYTES``, a text field ``MAX_FIELD_BYTES``, a
form ``MAX_PARTS`` parts. A declared ``Content-Length`` over what such a form can take is
refused before a byte is read, naming the form's file field; a chunked one as soon as the
part in flight passes its limit, naming that part.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.types import Receive

from .errors import (
    ClientGone,
    RequestTooLarge,
    UnknownParameter,
    UnsupportedMediaType,
    ValidationFailed,
)

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FIELD_BYTES = 1024
MAX_PARTS = 8
_PART_OVERHEAD = 1024  # bytes a part's boundary and headers may take around its content
MAX_FORM_BYTES = MAX_UPLOAD_BYTES + MAX_PARTS * (MAX_FIELD_BYTES + _PART_OVERHEAD)
FORM_TYPE = b"multipart/form-data"


@dataclass(frozen=True)
class Upload:
    """One uploaded file, whole in memory (at most ``MAX_UPLOAD_BYTES``)."""

    filename: str | None
    content_type: str | None
    data: bytes

    def __repr__(self) -> str:
        return f"Upload(filename={self.filename!r}, size={len(self.data)})"


def is_form(content_type: bytes | None) -> bool:
    return content_type is not None and parse_options_header(content_type)[0] == FORM_TYPE


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    content_type: str | None = None
    size: int = 0


class _Form:
    """The parser's callbacks, collecting the parts within their limits."""

    def __init__(self, file_fields: Sequence[str]) -> None:
        self.fields: dict[str, str] = {}
        self.files: dict[str, Upload] = {}
        self._file_fields = frozenset(file_fields)
        self._part = _Part()
        self._chunks: list[bytes] = []
        self._header_name = b""
        self._header_value: list[bytes] = []
        self._parts = 0

    def callbacks(self) -> "MultipartCallbacks":
        return {
            "on_part_begin": self._begin,
            "on_part_data": self._data,
            "on_part_end": self._end,
            "on_header_field": self._header_field,
            "on_header_value": self._header_piece,
            "on_header_end": self._header_end,
        }

    def _begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise ValidationFailed("(the form)", f"A form holds at most {MAX_PARTS} parts")
        self._part, self._chunks = _Part(), []

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_piece(self, data: bytes, start: int, end: int) -> None:
        self._header_value.append(data[start:end])

    def _header_end(self) -> None:
        name, value = self._header_name.lower(), b"".join(self._header_value)
        self._header_name, self._header_value = b"", []
        if name == b"content-disposition":
            _, options = parse_options_header(value)
            self._part.name = options.get(b"name", b"").decode("utf-8", "replace")
            filename = options.get(b"filename")
            self._part.filename = None if filename is None else filename.decode("utf-8", "replace")
            # A file where the form has none is refused before its bytes are counted as text.
            if filename is not None and self._part.name not in self._file_fields:
                raise UnknownParameter(self._part.name or "(a part with no name)")
        elif name == b"content-type":
            self._part.content_type = value.decode("latin-1")

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        part.size += end - start
        is_file = part.name in self._file_fields
        if part.size > (MAX_UPLOAD_BYTES if is_file else MAX_FIELD_BYTES):
            field = part.name or "(the form)"
            if is_file:
                raise RequestTooLarge(
                    f"{field} is larger than {MAX_UPLOAD_BYTES} bytes", {"field": field}
                )
            raise ValidationFailed(field, f"{field} is longer than {MAX_FIELD_BYTES} bytes")
        self._chunks.append(data[start:end])

    def _end(self) -> None:
        part, content = self._part, b"".join(self._chunks)
        if not part.name:
            raise ValidationFailed("(the form)", "Every part of the form must have a name")
        if part.name in self._file_fields:
            if part.name in self.files:
                raise ValidationFailed(part.name, f"Send one {part.name}, not several")
            self.files[part.name] = Upload(part.filename, part.content_type, content)
            return
        try:
            self.fields[part.name] = content.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationFailed(part.name, f"{part.name} is not UTF-8 text") from None


def check_form_length(declared: bytes | None, file_fields: Sequence[str]) -> None:
    """Refuse a form whose ``Content-Length`` is over what it may hold, before reading it."""
    if declared is None or not declared.isdigit():
        return
    digits = declared.lstrip(b"0")
    if len(digits) > len(str(MAX_FORM_BYTES)) or int(digits or b"0") > MAX_FORM_BYTES:
        field = file_fields[0] if file_fields else "(the form)"
        raise RequestTooLarge(
            f"The upload is larger than {MAX_UPLOAD_BYTES} bytes", {"field": field}
        )


async def read_form(
    content_type: bytes | None, receive: Receive, file_fields: Sequence[str]
) -> tuple[dict[str, str], dict[str, Upload]]:
    """The form's text fields and files, read as they stream in.

    Raises:
        UnsupportedMediaType: not ``multipart/form-data`` with a boundary.
        ValidationFailed: a malformed form, a text field too long (naming it).
        RequestTooLarge: a file part over ``MAX_UPLOAD_BYTES`` (naming it).
        ClientGone: the client left before sending the whole form.
    """
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != FORM_TYPE or not boundary:
        raise UnsupportedMediaType("This call takes multipart/form-data with a boundary")
    form = _Form(file_fields)
    parser = MultipartParser(boundary, form.callbacks())
    received = 0
    try:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientGone("The client closed the connection before sending the form")
            chunk: bytes = message.get("body", b"")
            received += len(chunk)
            check_form_length(str(received).encode(), file_fields)
            parser.write(chunk)
            if not message.get("more_body", False):
                break
        parser.finalize()
    except MultipartParseError:
        raise ValidationFailed("(the form)", "The body is not a well-formed form") from None
    return form.fields, form.files
