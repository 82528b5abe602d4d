"""Uploads on the emulator's files route: a PDF with purpose ``fax_source`` is stored (its
bytes counted, not kept); anything else is refused naming the field, big uploads too."""

import socket
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest

from dialstack.emulator.core.uploads import MAX_UPLOAD_BYTES

from .conftest import FaxLine, pdf


def test_a_pdf_becomes_a_file_of_the_account(line: FaxLine) -> None:
    data = pdf(3)

    answer = line.upload(data, name="invoice.pdf")

    assert answer.status_code == 201, answer.text
    stored = answer.json()
    assert stored["id"].startswith("file_")
    assert stored["object"] == "file"
    assert (stored["purpose"], stored["filename"]) == ("fax_source", "invoice.pdf")
    assert (stored["type"], stored["mime_type"], stored["size"]) == (
        "pdf",
        "application/pdf",
        len(data),
    )
    assert stored["url"] is None


def _form(line: FaxLine, files: dict[str, Any], data: dict[str, str]) -> httpx2.Response:
    return line.http.post("/v1/files", files=files, data=data, headers=line.headers)


@pytest.mark.parametrize(
    ("files", "data", "status", "code", "field"),
    [
        (
            {"file": ("a.txt", b"hello", "text/plain")},
            {"purpose": "fax_source"},
            400,
            "validation_error",
            "file",
        ),
        (
            {"file": ("a.pdf", b"", "application/pdf")},
            {"purpose": "fax_source"},
            400,
            "validation_error",
            "file",
        ),
        (
            {"file": ("a.png", b"\x89PNG\r\n", "image/png")},
            {"purpose": "fax_source"},
            400,
            "validation_error",
            "file",
        ),
        (
            {"file": ("a.pdf", pdf(1), "application/pdf")},
            {"purpose": "avatar"},
            400,
            "validation_error",
            "purpose",
        ),
        ({"file": ("a.pdf", pdf(1), "application/pdf")}, {}, 400, "validation_error", "purpose"),
        (
            {"other": ("a.pdf", pdf(1), "application/pdf")},
            {"purpose": "fax_source"},
            400,
            "parameter_unknown",
            "other",
        ),
        (
            {"file": ("a.pdf", pdf(1), "application/pdf")},
            {"purpose": "fax_source", "note": "x"},
            400,
            "parameter_unknown",
            "note",
        ),
        (
            {"file": ("a.pdf", pdf(1), "application/pdf")},
            {"purpose": "x" * 2000},
            400,
            "validation_error",
            "purpose",
        ),
        ({"purpose": (None, "fax_source")}, {}, 400, "validation_error", "file"),
    ],
    ids=[
        "text file",
        "empty file",
        "png",
        "another purpose",
        "no purpose",
        "unknown file field",
        "unknown text field",
        "purpose too long",
        "no file",
    ],
)
def test_a_bad_upload_is_refused_naming_the_field(
    line: FaxLine,
    files: dict[str, Any],
    data: dict[str, str],
    status: int,
    code: str,
    field: str,
) -> None:
    answer = _form(line, files, data)

    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert answer.json()["details"]["field"] == field


def test_json_is_no_upload(line: FaxLine) -> None:
    answer = line.http.post("/v1/files", json={"purpose": "fax_source"}, headers=line.headers)

    assert answer.status_code == 415
    assert answer.json()["code"] == "unsupported_media_type"


def test_a_form_sent_to_a_json_call_is_refused(line: FaxLine) -> None:
    answer = line.http.post(
        "/v1/faxes", files={"file": ("a.pdf", pdf(1), "application/pdf")}, headers=line.headers
    )

    assert answer.status_code == 415


def _raw_request(line: FaxLine, head: bytes, body: bytes) -> bytes:
    """Send ``head`` and ``body`` over a plain socket; the status line of the answer."""
    address = urlsplit(line.emulator.url)
    with socket.create_connection((address.hostname, address.port)) as connection:
        connection.sendall(head + body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        rest = answer.split(b"\r\n\r\n", 1)[1]
        while True:  # the body: the error JSON, then the server closes
            try:
                chunk = connection.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            rest += chunk
        return answer.split(b"\r\n", 1)[0] + b"\n" + rest


def _head(line: FaxLine, extra: bytes) -> bytes:
    return (
        b"POST /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + f"Authorization: Bearer {line.emulator.api_key}\r\n".encode()
        + f"DialStack-Account: {line.account}\r\n".encode()
        + b"Content-Type: multipart/form-data; boundary=BOUNDARY\r\n"
        + extra
        + b"\r\n"
    )


def test_a_200_mb_upload_is_refused_before_it_is_read(line: FaxLine) -> None:
    answer = _raw_request(line, _head(line, b"Content-Length: 209715200\r\n"), b"")

    status, body = answer.split(b"\n", 1)
    assert b" 413 " in status
    assert b'"field":"file"' in body and b"request_too_large" in body


def test_a_chunked_upload_is_refused_once_the_file_passes_the_limit(line: FaxLine) -> None:
    part = (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-"
    )
    filler = b"0" * (MAX_UPLOAD_BYTES + 1)
    payload = part + filler
    chunked = b"%x\r\n" % len(payload) + payload + b"\r\n"

    answer = _raw_request(line, _head(line, b"Transfer-Encoding: chunked\r\n"), chunked)

    status, body = answer.split(b"\n", 1)
    assert b" 413 " in status
    assert b'"field":"file"' in body
