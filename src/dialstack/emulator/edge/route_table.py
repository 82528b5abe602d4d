"""``RouteTable``: the ``/v1`` path templates of the description, matched segment by segment.

A list of routes tried in turn (Starlette's router) costs a regular expression per route per
request, and the API has a few hundred; a tree of path segments costs a dictionary lookup per
segment, however many routes there are. A literal segment wins over a ``{parameter}`` at the
same place (``/v1/calls/listeners`` before ``/v1/calls/{call_id}``), and a parameter matches
one non-empty segment, as Starlette's ``{name}`` does.
"""

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

_PARAMETER = re.compile(r"\{([^}]+)\}")


@dataclass
class _Node(Generic[T]):
    literals: dict[str, "_Node[T]"] = field(default_factory=dict[str, "_Node[T]"])
    parameter: "_Node[T] | None" = None
    endpoints: dict[str, tuple[T, tuple[str, ...]]] = field(
        default_factory=dict[str, tuple[T, tuple[str, ...]]]
    )
    """HTTP method -> what serves it, and the names of its template's parameters (two
    templates may name the same place differently)."""


@dataclass(frozen=True)
class Found(Generic[T]):
    endpoint: T
    path_params: dict[str, str]


@dataclass(frozen=True)
class WrongMethod:
    """The path exists, but not with this method: ``allowed`` are the methods it takes."""

    allowed: tuple[str, ...]


class RouteTable(Generic[T]):
    def __init__(self) -> None:
        self._root: _Node[T] = _Node()

    def add(self, method: str, template: str, endpoint: T) -> None:
        """Serve ``method`` on ``template`` (``/v1/users/{user_id}``); a ``GET`` serves
        ``HEAD`` too, as HTTP servers do.

        Raises:
            ValueError: the template is served with this method already.
        """
        node = self._root
        names: list[str] = []
        for segment in template.strip("/").split("/"):
            parameter = _PARAMETER.fullmatch(segment)
            if parameter is None:
                node = node.literals.setdefault(segment, _Node())
                continue
            names.append(parameter.group(1))
            if node.parameter is None:
                node.parameter = _Node()
            node = node.parameter
        if method in node.endpoints:
            raise ValueError(f"{method} {template} is served twice")
        node.endpoints[method] = (endpoint, tuple(names))
        if method == "GET":
            node.endpoints.setdefault("HEAD", (endpoint, tuple(names)))

    def match(self, method: str, path: str) -> Found[T] | WrongMethod | None:
        """What serves ``method`` on ``path``; the methods the path takes instead; or None
        when no route has this path."""
        if not path.startswith("/") or (path.endswith("/") and path != "/"):
            return None  # no template ends in a slash: a path that does is another path
        values: list[str] = []
        node = _find(self._root, path.strip("/").split("/"), 0, values)
        if node is None:
            return None
        served = node.endpoints.get(method)
        if served is None:
            return WrongMethod(tuple(sorted(node.endpoints)))
        endpoint, names = served
        return Found(endpoint, dict(zip(names, values, strict=True)))


def _find(node: _Node[T], segments: list[str], at: int, values: list[str]) -> _Node[T] | None:
    """The node of the whole path, literal segments first; ``values`` gets the segments its
    parameters matched."""
    if at == len(segments):
        return node if node.endpoints else None
    segment = segments[at]
    literal = node.literals.get(segment)
    if literal is not None:
        found = _find(literal, segments, at + 1, values)
        if found is not None:
            return found
    if node.parameter is not None and segment:
        values.append(segment)
        found = _find(node.parameter, segments, at + 1, values)
        if found is not None:
            return found
        values.pop()
    return None
