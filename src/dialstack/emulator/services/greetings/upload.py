"""The greeting upload's body: ``multipart/form-data`` with one part, ``file``, parsed by
python-multipart from the bounded body the gateway read, keeping at most ``MAX_FILE_BYTES``
of the file."""

from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

from ...core.errors import RequestTooLarge, UnknownParameter, ValidationFailed

MAX_FILE_BYTES = 5 * 1024 * 1024
FILE_PART = "file"
_FEED_BYTES = 64 * 1024
_MAX_PARTS = 8


@dataclass
class _Parts:
    names: list[str] = field(default_factory=list[str])
    headers: dict[bytes, bytes] = field(default_factory=dict[bytes, bytes])
    field_name: bytes = b""
    value: bytes = b""
    file: bytearray | None = None


def file_part(body: bytes, content_type: bytes | None) -> bytes:
    """The bytes of the body's ``file`` part.

    Raises:
        ValidationFailed: not multipart with a boundary, malformed, no ``file`` part or two.
        UnknownParameter: a part other than ``file``.
        RequestTooLarge: the file is over ``MAX_FILE_BYTES``.
    """
    _, options = parse_options_header(content_type or b"")
    boundary = options.get(b"boundary")
    if not boundary:
        raise ValidationFailed(FILE_PART, "The body must be multipart/form-data with a boundary")
    parts = _Parts()

    def header_field(data: bytes, start: int, end: int) -> None:
        parts.field_name += data[start:end]

    def header_value(data: bytes, start: int, end: int) -> None:
        parts.value += data[start:end]

    def header_end() -> None:
        parts.headers[parts.field_name.lower()] = parts.value
        parts.field_name = parts.value = b""

    def headers_finished() -> None:
        _, disposition = parse_options_header(parts.headers.get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        parts.headers = {}
        if name != FILE_PART:
            raise UnknownParameter(name or "(a part with no name)")
        if FILE_PART in parts.names:
            raise ValidationFailed(FILE_PART, "Send one file part, not several")
        if len(parts.names) >= _MAX_PARTS:
            raise ValidationFailed(FILE_PART, "Too many parts")
        parts.names.append(name)
        parts.file = bytearray()

    def part_data(data: bytes, start: int, end: int) -> None:
        assert parts.file is not None
        if len(parts.file) + end - start > MAX_FILE_BYTES:
            raise RequestTooLarge(
                f"The greeting is larger than {MAX_FILE_BYTES} bytes (5 MB)", {"field": FILE_PART}
            )
        parts.file += data[start:end]

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": header_field,
            "on_header_value": header_value,
            "on_header_end": header_end,
            "on_headers_finished": headers_finished,
            "on_part_data": part_data,
        },
    )
    try:
        for start in range(0, len(body), _FEED_BYTES):
            parser.write(body[start : start + _FEED_BYTES])
        parser.finalize()
    except (UnknownParameter, ValidationFailed, RequestTooLarge):
        raise
    except Exception:  # python-multipart's parse errors
        raise ValidationFailed(FILE_PART, "The body is not valid multipart/form-data") from None
    if parts.file is None:
        raise ValidationFailed(FILE_PART, "The body has no part named file")
    return bytes(parts.file)
