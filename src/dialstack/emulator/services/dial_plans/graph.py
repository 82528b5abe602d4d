"""A dial plan's graph: what each kind of node takes, the checks a plan passes before it is
stored, and the walk a call takes through it."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ...core.errors import SemanticallyInvalid
from ...core.ports import Hop
from .schedules import ScheduleState


@dataclass(frozen=True)
class NodeKind:
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    """Config fields naming another node of the plan."""


KINDS = {
    "schedule": NodeKind(("schedule",), edges=("open", "closed", "holiday")),
    "internal_dial": NodeKind(("target",), ("timeout",), ("next",)),
    "ring_all_users": NodeKind(("timeout",), edges=("next",)),
    "external_dial": NodeKind(("phone_number", "timeout"), edges=("next",)),
    "menu": NodeKind(
        ("prompt_clip", "timeout"), ("options",), ("timeout_next_node", "invalid_next_node")
    ),
    "audio_clip": NodeKind(("clip",), edges=("next",)),
    "voice_app": NodeKind(("voice_app",), ("mode",), ("next",)),
    "hang_up": NodeKind(()),
}
OLDER_SPELLINGS = {
    "schedule": "schedule_id",
    "target": "target_id",
    "prompt_clip": "prompt_clip_id",
    "clip": "clip_id",
    "voice_app": "voice_app_id",
}
"""Current name -> the ``_id`` name the API still accepts and sends beside it."""

Node = dict[str, Any]
TargetExists = Callable[[str], bool]


def normalized(node: Node) -> Node:
    """The node with each older spelling folded into the current one (the current wins)."""
    config = dict(node["config"])
    for current, older in OLDER_SPELLINGS.items():
        if older in config:
            config.setdefault(current, config.pop(older))
    return {**node, "config": config}


def as_sent(node: Node) -> Node:
    """The node as the API answers it: both spellings of every renamed field."""
    config = dict(node["config"])
    for current, older in OLDER_SPELLINGS.items():
        if current in config:
            config[older] = config[current]
    return {**node, "config": config}


def _edges(node: Node) -> Iterator[tuple[str, str]]:
    """``(field under the node's config, node id)`` for each edge leaving the node."""
    config = node["config"]
    for name in KINDS[node["type"]].edges:
        if config.get(name) is not None:
            yield name, config[name]
    for index, option in enumerate(config.get("options", ())):
        if "next_node" in option:
            yield f"options[{index}].next_node", option["next_node"]


def check(
    entry_node: str,
    nodes: list[Node],
    schedule_exists: TargetExists,
    target_exists: TargetExists,
) -> None:
    """Raises SemanticallyInvalid naming the first node that breaks the plan (``nodes[2].next``)."""
    positions: dict[str, int] = {}
    for index, node in enumerate(nodes):
        if node["id"] in positions:
            raise SemanticallyInvalid(
                f"nodes[{index}].id",
                f"node id {node['id']!r} repeats nodes[{positions[node['id']]}]",
            )
        positions[node["id"]] = index
    if entry_node not in positions:
        raise SemanticallyInvalid("entry_node", f"entry_node {entry_node!r} names no node")
    for index, node in enumerate(nodes):
        _check_node(f"nodes[{index}]", node, positions, schedule_exists, target_exists)
    _check_acyclic(nodes, positions)


def _check_node(
    where: str,
    node: Node,
    positions: dict[str, int],
    schedule_exists: TargetExists,
    target_exists: TargetExists,
) -> None:
    kind = KINDS[node["type"]]
    config = node["config"]
    allowed = {*kind.required, *kind.optional, *kind.edges}
    for name in config:
        if name not in allowed:
            raise SemanticallyInvalid(
                f"{where}.config.{name}", f"{name} does not apply to a {node['type']} node"
            )
    for name in kind.required:
        if name not in config:
            raise SemanticallyInvalid(
                f"{where}.config.{name}", f"a {node['type']} node needs {name}"
            )
    for field, node_id in _edges(node):
        if node_id not in positions:
            raise SemanticallyInvalid(f"{where}.config.{field}", f"{node_id!r} names no node")
    digits = [option["digit"] for option in config.get("options", ())]
    for index, digit in enumerate(digits):
        if digit in digits[:index]:
            raise SemanticallyInvalid(
                f"{where}.config.options[{index}].digit", f"digit {digit!r} has two options"
            )
    if "schedule" in config and not schedule_exists(config["schedule"]):
        raise SemanticallyInvalid(
            f"{where}.config.schedule", f"{config['schedule']!r} is not a schedule of the account"
        )
    for name in ("target", "voice_app"):
        if name in config and not target_exists(config[name]):
            raise SemanticallyInvalid(
                f"{where}.config.{name}", f"{config[name]!r} is not a routing target of the account"
            )


def _check_acyclic(nodes: list[Node], positions: dict[str, int]) -> None:
    """A call must leave the plan: an edge back to a node on the current path is refused,
    named by the node it leaves."""
    done: set[str] = set()
    for start in nodes:
        if start["id"] in done:
            continue
        on_path = {start["id"]}
        stack = [(start, _edges(start))]
        while stack:
            node, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                stack.pop()
                on_path.discard(node["id"])
                done.add(node["id"])
                continue
            field, node_id = step
            if node_id in on_path:
                raise SemanticallyInvalid(
                    f"nodes[{positions[node['id']]}].config.{field}",
                    f"{node_id!r} leads back to {node['id']!r}: the plan loops",
                )
            if node_id not in done:
                on_path.add(node_id)
                following = nodes[positions[node_id]]
                stack.append((following, _edges(following)))


def targets(nodes: list[Node]) -> frozenset[str]:
    """The routing targets the plan's nodes hand calls to."""
    return frozenset(
        node["config"][name]
        for node in nodes
        for name in ("target", "voice_app")
        if name in node["config"]
    )


ScheduleReader = Callable[[str], ScheduleState]
UsersReader = Callable[[], tuple[str, ...]]


def walk(
    entry_node: str, nodes: list[Node], schedule_state: ScheduleReader, account_users: UsersReader
) -> Hop:
    """Where a simulated call leaves the plan. The caller presses no digit and every dial
    hands the call on, so a walk is one path from the entry node; the checks made it finite.
    ``ring_all_users`` rings the account's users at once, and the walk ends there."""
    by_id = {node["id"]: node for node in nodes}
    node: Node | None = by_id[entry_node]
    while node is not None:
        config = node["config"]
        kind = node["type"]
        if kind == "internal_dial":
            return Hop(next=config["target"])
        if kind == "voice_app" and config.get("mode", "control") == "control":
            return Hop(next=config["voice_app"])
        if kind == "external_dial":
            return Hop(answered_by=config["phone_number"])
        if kind == "ring_all_users":
            return Hop(rings=account_users())
        if kind == "hang_up":
            return Hop()
        if kind == "schedule":
            exit_name = _schedule_exit(config, schedule_state(config["schedule"]))
        elif kind == "menu":
            exit_name = "timeout_next_node"
        else:  # an audio clip played, a voice app notified
            exit_name = "next"
        following = config.get(exit_name)
        node = None if following is None else by_id[following]
    return Hop()


def _schedule_exit(config: dict[str, Any], state: ScheduleState) -> str:
    if state == "holiday" and config.get("holiday") is not None:
        return "holiday"
    return "open" if state == "open" else "closed"
