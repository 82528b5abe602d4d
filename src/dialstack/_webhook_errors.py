"""The one exception a webhook that cannot be trusted or read ends in."""

from typing import Literal

from ._errors import DialStackError

SignatureFailure = Literal[
    "missing_header",
    "malformed_header",
    "no_signature",
    "signature_mismatch",
    "timestamp_outside_tolerance",
    "invalid_payload",
]


class DialStackSignatureVerificationError(DialStackError):
    """A webhook whose ``X-DialStack-Signature`` does not verify, or whose body is no event.

    Whatever the header and the body are, ``dialstack.webhooks`` raises this and nothing
    else for them: answer the request with 400 and drop it.

    Attributes:
        reason: why, as a stable code to branch on:

            - ``missing_header``: no header, or an empty one.
            - ``malformed_header``: not ``t=<unix seconds>,v1=<hex>[,v1=<hex>...]`` as
              documented (non-ASCII, too long, a part without ``=``, no or several ``t``, a
              timestamp that is not a plain decimal number).
            - ``no_signature``: well formed, but without any ``v1`` signature.
            - ``signature_mismatch``: no ``v1`` matches the body under this secret.
            - ``timestamp_outside_tolerance``: the signature matches, but its timestamp is
              further from now than the tolerance (either way): a replay, or a clock off.
            - ``invalid_payload``: the signature matches, but the body is not a JSON event
              object with a string ``id`` and ``type`` (a voice-app webhook: ``event`` and
              ``call_id``).
    """

    def __init__(self, message: str, *, reason: SignatureFailure) -> None:
        super().__init__(message, code=reason)
        self.reason: SignatureFailure = reason
