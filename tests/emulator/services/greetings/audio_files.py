"""Audio made on the fly for the greeting tests: real WAV files and format signatures."""

import struct


def wav(seconds: float, *, encoding: int = 1, bits: int = 16, rate: int = 8000) -> bytes:
    """A silent mono WAV file of ``seconds`` (``encoding`` 1 PCM, 6 A-law, 7 µ-law)."""
    block = bits // 8
    data = bytes(int(rate * seconds) * block)
    fmt = struct.pack("<HHIIHH", encoding, 1, rate, rate * block, block, bits)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data))
    return b"RIFF" + struct.pack("<I", 4 + len(chunks) + len(data)) + b"WAVE" + chunks + data


MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(4000)
AAC = b"\xff\xf1\x50\x80\x02\x1f\xfc" + bytes(4000)
OGG_OPUS = b"OggS\x00\x02" + bytes(22) + b"OpusHead\x01\x01" + bytes(4000)
OGG_VORBIS = b"OggS\x00\x02" + bytes(22) + b"\x01vorbis" + bytes(4000)
