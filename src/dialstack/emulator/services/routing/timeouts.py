"""Where a ring group or a queue sends a call nobody answered: checked the same way for both."""

from ...core.api_request import ApiRequest
from ...core.errors import SemanticallyInvalid, ValidationFailed

_RING_GROUP_TIMEOUT_PREFIXES = {"ring_user": "user", "voicemail": "svm", "queue": "qu"}
_QUEUE_TIMEOUT_FIELDS = {
    "ring_user": ("user", {"user"}),
    "voicemail": ("voicemail", {"user", "svm"}),
}
"""A queue's timeout type: the field naming its target, and the kinds that target may be (a
user's own mailbox or a shared one)."""


def check_ring_group_timeout(
    call: ApiRequest, account_id: str, action: str | None, target: str | None
) -> None:
    """``timeout_action`` and ``timeout_target`` come as a pair, the target of the action's kind
    and in the account.

    Raises:
        SemanticallyInvalid: one without the other, or a target of another kind (422).
        ValidationFailed: a target the account does not have (400).
    """
    if action is None and target is None:
        return
    if action is None:
        raise SemanticallyInvalid("timeout_action", "timeout_target needs a timeout_action")
    if target is None:
        raise SemanticallyInvalid("timeout_target", f"timeout_action {action} needs a target")
    prefix = _RING_GROUP_TIMEOUT_PREFIXES[action]
    if target.rpartition("_")[0] != prefix:
        raise SemanticallyInvalid(
            "timeout_target", f"timeout_action {action} needs a {prefix}_ id, not {target!r}"
        )
    if not call.runtime.router.exists(call.tenant, account_id, target):
        raise ValidationFailed("timeout_target", f"No such target in this account: {target!r}")


def queue_timeout_target(call: ApiRequest, account_id: str, timeout: dict[str, str]) -> str:
    """The user or mailbox a queue's ``timeout`` names, after checking the account has it.

    Raises:
        SemanticallyInvalid: the type's field is missing, the other type's is sent, or no
            such user or mailbox is in the account (422: each object alone is well-formed).
    """
    field, prefixes = _QUEUE_TIMEOUT_FIELDS[timeout["type"]]
    target = timeout.get(field)
    if target is None:
        raise SemanticallyInvalid(
            f"timeout.{field}", f"A {timeout['type']} timeout needs timeout.{field}"
        )
    other = next(name for name, _ in _QUEUE_TIMEOUT_FIELDS.values() if name != field)
    if other in timeout:
        raise SemanticallyInvalid(
            f"timeout.{other}", f"A {timeout['type']} timeout takes no {other}"
        )
    known = target.rpartition("_")[0] in prefixes
    if not known or not call.runtime.router.exists(call.tenant, account_id, target):
        raise SemanticallyInvalid(
            f"timeout.{field}", f"No such {field} in this account: {target!r}"
        )
    return target
