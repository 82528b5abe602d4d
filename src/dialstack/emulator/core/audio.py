"""What an uploaded recording (a greeting, an audio clip) is: the accepted formats told apart
by their bytes, and a WAV file's real length (reading headers only, decoding nothing); and
the silent WAV file the services' examples upload.

WAV is read chunk by chunk (``fmt `` for the encoding and byte rate, ``data`` for the
length); the others are recognised by their signatures: MP3 (an ID3 tag or an MPEG layer
III frame), AAC (an ADTS frame, or an MP4/M4A container), Ogg Vorbis and Ogg Opus.
"""

import struct
from dataclasses import dataclass

from .errors import RequestTooLarge, UnsupportedMediaType, ValidationFailed

_WAV_ENCODINGS = {1: "pcm", 6: "alaw", 7: "mulaw"}
_EXTENSIBLE = 0xFFFE
_SILENCE_RATE = 8000  # Hz, µ-law: one byte a sample
_ESTIMATED_BYTES_PER_SECOND = 16_000
"""128 kbit/s: the length reported for a compressed file, whose frames are not counted."""


@dataclass(frozen=True)
class Audio:
    media_type: str
    duration_seconds: float
    exact: bool
    """The duration was read from the file (WAV), not estimated from its size."""


class NotAudio(Exception):
    """Not one of the accepted formats, or a WAV file that cannot be read."""


def sniff(data: bytes) -> Audio:
    """The format and length of ``data``.

    Raises:
        NotAudio: saying what is wrong.
    """
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return _wav(data)
    estimated = round(len(data) / _ESTIMATED_BYTES_PER_SECOND, 1)
    if data[:4] == b"OggS":
        first_page = data[:4096]
        if b"OpusHead" in first_page:
            return Audio("audio/ogg", estimated, exact=False)
        if b"\x01vorbis" in first_page:
            return Audio("audio/ogg", estimated, exact=False)
        raise NotAudio("an Ogg file holding neither Vorbis nor Opus audio")
    if data[4:8] == b"ftyp" and data[8:11] in (b"M4A", b"mp4", b"iso", b"M4B"):
        return Audio("audio/mp4", estimated, exact=False)
    if len(data) >= 2 and data[0] == 0xFF and data[1] & 0xF6 == 0xF0:
        return Audio("audio/aac", estimated, exact=False)
    if data[:3] == b"ID3" or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE6 == 0xE2):
        return Audio("audio/mpeg", estimated, exact=False)
    raise NotAudio("not WAV, MP3, AAC, Ogg Vorbis or Opus audio")


def accepted(data: bytes, what: str, *, field: str, max_bytes: int, max_seconds: int) -> Audio:
    """``data`` as ``sniff`` reads it, or the API's refusal naming ``field``: 413 past
    ``max_bytes``, 415 for what is not accepted audio, 400 past ``max_seconds``. ``what``
    names the upload in the message ("The greeting").

    Raises:
        RequestTooLarge, UnsupportedMediaType, ValidationFailed: as said.
    """
    if len(data) > max_bytes:
        megabytes = max_bytes // (1024 * 1024)
        raise RequestTooLarge(
            f"{what} is larger than {max_bytes} bytes ({megabytes} MB)", {"field": field}
        )
    try:
        found = sniff(data)
    except NotAudio as error:
        raise UnsupportedMediaType(f"{what} is {error}", {"field": field}) from None
    if found.duration_seconds > max_seconds:
        raise ValidationFailed(
            field, f"{what} lasts {found.duration_seconds} s: at most {max_seconds} s"
        )
    return found


def _wav(data: bytes) -> Audio:
    offset = 12
    byte_rate = 0
    while offset + 8 <= len(data):
        chunk, size = struct.unpack_from("<4sI", data, offset)
        body = offset + 8
        if chunk == b"fmt ":
            if size < 16 or body + 16 > len(data):
                raise NotAudio("a WAV file whose fmt chunk is cut short")
            encoding, channels, _, byte_rate, _, bits = struct.unpack_from("<HHIIHH", data, body)
            if encoding == _EXTENSIBLE and size >= 26 and body + 26 <= len(data):
                (encoding,) = struct.unpack_from("<H", data, body + 24)
            name = _WAV_ENCODINGS.get(encoding)
            if name is None or (name == "pcm" and bits != 16) or channels < 1 or byte_rate < 1:
                raise NotAudio("a WAV file that is not 16-bit PCM, µ-law or A-law")
        elif chunk == b"data":
            if not byte_rate:
                raise NotAudio("a WAV file with its data before its fmt chunk")
            present = min(size, len(data) - body)
            return Audio("audio/wav", round(present / byte_rate, 3), exact=True)
        offset = body + size + (size & 1)
    raise NotAudio("a WAV file with no fmt or data chunk")


def silent_wav(seconds: int) -> bytes:
    """``seconds`` of µ-law silence in a WAV file: the recording the services' examples upload."""
    data = b"\xff" * (_SILENCE_RATE * seconds)
    fmt = struct.pack("<HHIIHH", 7, 1, _SILENCE_RATE, _SILENCE_RATE, 1, 8)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data))
    return b"RIFF" + struct.pack("<I", 4 + len(chunks) + len(data)) + b"WAVE" + chunks + data
