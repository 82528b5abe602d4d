"""Fax numbers as the API takes them: normalised to E.164."""

import re

from ...core.errors import SemanticallyInvalid

_DROPPED = re.compile(r"[\s().\-]")
_E164 = re.compile(r"\+[1-9][0-9]{7,14}")


def to_e164(field: str, number: str) -> str:
    """``number`` in E.164: ``+`` and 8 to 15 digits, spacing and punctuation dropped; ten
    digits (or eleven starting with 1) are a North American number.

    Raises:
        SemanticallyInvalid: naming ``field``, when it cannot be read as one.
    """
    compact = _DROPPED.sub("", number)
    if compact.isdigit() and len(compact) == 10 and compact[0] not in "01":
        compact = "+1" + compact
    elif compact.isdigit() and len(compact) == 11 and compact[0] == "1":
        compact = "+" + compact
    elif compact.startswith("00") and compact[2:].isdigit():
        compact = "+" + compact[2:]
    if not _E164.fullmatch(compact) or not compact[1:].isascii():
        raise SemanticallyInvalid(field, f"{field} is not a phone number that E.164 can write")
    return compact
