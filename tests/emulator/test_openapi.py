"""The OpenAPI document in the repo is what the server serves, and what it does.

Schema-driven: for every documented operation, hypothesis draws request bodies and query
parameters from the document's own schemas, sends them over a real socket, and checks that
the status is documented and the body matches that status's schema. A small validator for
the JSON Schema subset the document uses stands in for a dependency.
"""

import json
import re
from collections.abc import Iterator
from importlib.resources import files
from typing import Any, cast

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialstack.emulator import Emulator

DOCUMENT: dict[str, Any] = json.loads(
    files("dialstack.emulator").joinpath("openapi.json").read_text()
)
OPERATIONS = [
    (path, method, operation)
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
]
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = DOCUMENT
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def errors_in(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Where ``value`` breaks ``schema`` (the subset of JSON Schema the document uses)."""
    schema = resolve(schema)
    if "oneOf" in schema:
        matching = [option for option in schema["oneOf"] if not errors_in(value, option, where)]
        return [] if len(matching) == 1 else [f"{where}: matches {len(matching)} of oneOf"]
    if "const" in schema and value != schema["const"]:
        return [f"{where}: {value!r} is not {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in {schema['enum']}"]
    if "type" in schema:
        names = _type_names(schema)
        kinds = tuple(kind for name in names for kind in _JSON_TYPES[name])
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            return [f"{where}: {value!r} is not {names}"]
    found: list[str] = []
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and not (schema.get("minimum", value) <= value <= schema.get("maximum", value))
    ):
        found.append(f"{where}: {value} out of range")
    if isinstance(value, list):
        for index, item in enumerate(cast("list[object]", value)):
            found += errors_in(item, schema.get("items", {}), f"{where}[{index}]")
    if isinstance(value, dict):
        obj = cast("dict[str, Any]", value)
        properties: dict[str, Any] = schema.get("properties", {})
        found += [
            f"{where}: missing {name}" for name in schema.get("required", []) if name not in obj
        ]
        for name, item in obj.items():
            if name in properties:
                found += errors_in(item, properties[name], f"{where}.{name}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: undocumented property {name}")
    return found


def _type_names(schema: dict[str, Any]) -> list[str]:
    names: str | list[str] = schema["type"]
    return names if isinstance(names, list) else [names]


def values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against ``schema``."""
    schema = resolve(schema)
    if "oneOf" in schema:
        return st.one_of([values(option) for option in schema["oneOf"]])
    return st.one_of([_typed_values(name, schema) for name in _type_names(schema)])


def _typed_values(name: str, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if name == "null":
        return st.none()
    if name == "boolean":
        return st.booleans()
    if name == "integer":
        return st.integers(schema.get("minimum", -(2**31)), schema.get("maximum", 2**31))
    if name == "string":
        return st.emails() if schema.get("format") == "email" else st.text(max_size=30)
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {key: values(sub) for key, sub in properties.items() if key in required},
        optional={key: values(sub) for key, sub in properties.items() if key not in required},
    )


@pytest.fixture(scope="module")
def server() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture(scope="module")
def http(server: Emulator) -> Iterator[httpx2.Client]:
    """One connection pool for every example: a client is slow to make (its SSL context)."""
    with httpx2.Client(base_url=server.url, trust_env=False) as client:
        yield client


def test_the_served_document_is_the_one_in_the_repo(server: Emulator) -> None:
    served = httpx2.get(f"{server.url}/openapi.json", trust_env=False)

    assert served.status_code == 200
    assert served.json() == DOCUMENT
    assert DOCUMENT["openapi"].startswith("3.1")


def check_answer(operation: dict[str, Any], answer: httpx2.Response) -> None:
    documented = operation["responses"]
    assert str(answer.status_code) in documented, (operation["operationId"], answer.text)
    content = documented[str(answer.status_code)].get("content")
    if content is None:
        assert answer.content == b""
        return
    problems = errors_in(answer.json(), content["application/json"]["schema"])
    assert problems == [], (operation["operationId"], problems)


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    OPERATIONS,
    ids=[operation["operationId"] for _, _, operation in OPERATIONS],
)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_operation_answers_as_documented(
    server: Emulator,
    http: httpx2.Client,
    path: str,
    method: str,
    operation: dict[str, Any],
    data: st.DataObject,
) -> None:
    auth = {"Authorization": f"Bearer {server.new_api_key()}"}
    account = http.post("/v1/accounts", json={}, headers=auth).json()["id"]
    in_account = {**auth, "DialStack-Account": account}
    user = http.post("/v1/users", json={}, headers=in_account).json()["id"]
    url = path.format(account_id=account, user_id=user)
    headers: dict[str, str] = {}
    query: dict[str, Any] = {}
    for reference in operation["parameters"]:
        parameter = resolve(reference)
        if parameter["name"] == "DialStack-Account":
            headers["DialStack-Account"] = account
        elif parameter["in"] == "query" and parameter["name"] in {"limit", "search"}:
            drawn = data.draw(st.none() | values(parameter["schema"]), parameter["name"])
            if drawn is not None:
                query[parameter["name"]] = drawn
    body: Any = None
    if "requestBody" in operation:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        body = data.draw(values(schema), "body")
        if "account" in resolve(schema)["properties"]:
            body["account"] = account

    answer = http.request(method.upper(), url, params=query, json=body, headers={**auth, **headers})
    unauthenticated = http.request(method.upper(), url, json=body, headers=headers)

    check_answer(operation, answer)
    check_answer(operation, unauthenticated)
    assert answer.status_code in {200, 201, 204, 409, 422}, answer.text
    assert unauthenticated.status_code == 401
