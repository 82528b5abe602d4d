"""Finding a request's operation by its path, segment by segment, as Starlette's router would
(literal segments before parameters, HEAD with GET, 405 listing what the path takes)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialstack.emulator.contract.spec import Description
from dialstack.emulator.edge.route_table import Found, RouteTable, WrongMethod


def _table() -> RouteTable[str]:
    table: RouteTable[str] = RouteTable()
    table.add("GET", "/v1/calls", "calls.list")
    table.add("GET", "/v1/calls/{call_id}", "calls.retrieve")
    table.add("GET", "/v1/calls/listeners", "listeners.all")
    table.add("POST", "/v1/calls/{id}/listeners", "calls.create_listener")
    table.add("DELETE", "/v1/calls/{call_id}/listeners/{listener_id}", "calls.delete_listener")
    return table


@pytest.mark.parametrize(
    ("method", "path", "endpoint", "params"),
    [
        ("GET", "/v1/calls", "calls.list", {}),
        ("GET", "/v1/calls/call_1", "calls.retrieve", {"call_id": "call_1"}),
        ("HEAD", "/v1/calls/call_1", "calls.retrieve", {"call_id": "call_1"}),
        ("GET", "/v1/calls/listeners", "listeners.all", {}),  # the literal wins
        ("POST", "/v1/calls/listeners/listeners", "calls.create_listener", {"id": "listeners"}),
        (
            "DELETE",
            "/v1/calls/c/listeners/l",
            "calls.delete_listener",
            {"call_id": "c", "listener_id": "l"},
        ),
    ],
)
def test_a_path_finds_its_operation_and_names_its_parameters(
    method: str, path: str, endpoint: str, params: dict[str, str]
) -> None:
    assert _table().match(method, path) == Found(endpoint, params)


@pytest.mark.parametrize(
    "path", ["/v1/calls/", "/v1/calls//listeners", "/v1", "/v1/nothing", "v1/calls", ""]
)
def test_a_path_no_template_has_is_missing(path: str) -> None:
    assert _table().match("GET", path) is None


def test_a_method_the_path_does_not_take_lists_those_it_does() -> None:
    assert _table().match("PATCH", "/v1/calls/call_1") == WrongMethod(("GET", "HEAD"))
    assert _table().match("GET", "/v1/calls/c/listeners") == WrongMethod(("POST",))


def test_a_route_served_twice_is_refused() -> None:
    table = _table()
    with pytest.raises(ValueError, match="served twice"):
        table.add("GET", "/v1/calls/{other}", "again")


def test_every_described_operation_is_found_at_its_own_path() -> None:
    table: RouteTable[str] = RouteTable()
    operations = Description().operations
    for operation in operations:
        table.add(operation.method, operation.path, operation.operation_id)
    for operation in operations:
        path = operation.path.replace("{", "x").replace("}", "")
        found = table.match(operation.method, path)
        assert isinstance(found, Found), operation.path
        assert found.endpoint == operation.operation_id


_SEGMENT = st.text("abcxyz_0123456789", min_size=1, max_size=6)


@given(st.lists(_SEGMENT, min_size=1, max_size=6), st.data())
def test_a_drawn_template_matches_the_paths_it_describes(
    segments: list[str], data: st.DataObject
) -> None:
    parameters = [data.draw(st.booleans()) for _ in segments]
    template = "/" + "/".join(
        f"{{p{i}}}" if is_parameter else segment
        for i, (segment, is_parameter) in enumerate(zip(segments, parameters, strict=True))
    )
    values = [data.draw(_SEGMENT) if p else s for s, p in zip(segments, parameters, strict=True)]
    table: RouteTable[str] = RouteTable()
    table.add("POST", template, "it")

    found = table.match("POST", "/" + "/".join(values))

    expected = {
        f"p{i}": value for i, (value, p) in enumerate(zip(values, parameters, strict=True)) if p
    }
    assert found == Found("it", expected)
    assert table.match("POST", "/" + "/".join([*values, "more"])) is None
