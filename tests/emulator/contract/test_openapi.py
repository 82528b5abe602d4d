"""The OpenAPI document in the repo is what the server serves, and what it does.

Schema-driven: for every documented operation, hypothesis draws request bodies and query
parameters from the document's own schemas, sends them over a real socket, and checks (with
the emulator's own validator, jsonschema-rs) that the status is documented for the operation
and the body matches that status's schema. The objects a path or a body names are real ones,
made by the example factories of the services that own them (``Service.examples``).
"""

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialstack.emulator import Emulator, EmulatorHandle
from dialstack.emulator.contract.spec import Description, Operation
from dialstack.emulator.core.audio import silent_wav
from dialstack.emulator.core.service import ExampleFactory
from dialstack.emulator.services import discover

DESCRIPTION = Description()
EXAMPLES: dict[str, ExampleFactory] = {
    name: factory for service in discover() for name, factory in service.examples.items()
}
_PATH_PARAMETER = re.compile(r"{(\w+)}")
_REFUSED_FOR_REAL_OBJECTS = {
    # A new user has no queue-agent state until one is written (the API's 404), and a drawn
    # `reason` beside a status other than `paused` is the documented 400.
    "users.retrieve_queue_agent": {404},
    "users.update_queue_agent": {400},
    # A search takes exactly one of `area_code` and `zip`: drawn queries send both or neither.
    "available_phone_numbers.list": {400},
}
DOCUMENT = DESCRIPTION.document
OPERATIONS = DESCRIPTION.operations


def values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against ``schema`` (the subset of JSON Schema request schemas use)."""
    schema = DESCRIPTION.resolve(schema)
    exclusive = _exclusive_fields(schema)
    if exclusive:
        # Exactly one of the fields: each option requires its own and leaves out the others.
        return st.one_of(
            [
                _typed_values(
                    "object",
                    {
                        "properties": {
                            key: sub
                            for key, sub in schema["properties"].items()
                            if key == field or key not in exclusive
                        },
                        "required": [*schema.get("required", []), field],
                    },
                )
                for field in exclusive
            ]
        )
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([values(option) for option in schema[key]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    names: str | list[str] = schema.get("type", "object")
    kinds = names if isinstance(names, list) else [names]
    return st.one_of([_typed_values(kind, schema) for kind in kinds])


def _exclusive_fields(schema: dict[str, Any]) -> list[str]:
    """The fields of an object's ``oneOf`` whose options each require one field."""
    options = schema.get("oneOf", [])
    if "properties" not in schema or not options:
        return []
    if any(set(option) != {"required"} or len(option["required"]) != 1 for option in options):
        return []
    return [option["required"][0] for option in options]


def _typed_values(kind: str, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", -(2**31)), schema.get("maximum", 2**31))
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "string":
        if "pattern" in schema:
            longest: int = schema.get("maxLength", 2**31)
            pattern: str = schema["pattern"]
            matching = st.from_regex(pattern, fullmatch=True)
            return matching.filter(lambda text: len(text) <= longest)
        return _FORMATTED.get(
            schema.get("format", ""),
            st.text(
                min_size=schema.get("minLength", 0), max_size=min(30, schema.get("maxLength", 30))
            ),
        )
    if kind == "array":
        low = schema.get("minItems", 0)
        return st.lists(
            values(schema.get("items", {})),
            min_size=low,
            max_size=max(low, 3),
            unique=schema.get("uniqueItems", False),
        )
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    fewest = schema.get("minProperties", 0)
    return st.fixed_dictionaries(
        {key: values(sub) for key, sub in properties.items() if key in required},
        optional={
            key: values(sub)
            for key, sub in properties.items()
            if key not in required and "x-dialstack-alias-of" not in sub
        },
    ).filter(lambda drawn: len(drawn) >= fewest)


_FORMATTED: dict[str, st.SearchStrategy[Any]] = {
    "email": st.emails(),
    "date-time": st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
    "date": st.dates().map(date.isoformat),
    "ipv4": st.ip_addresses(v=4).map(str),
    "ipv6": st.ip_addresses(v=6).map(str),
}


@pytest.fixture(scope="module")
def server() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture(scope="module")
def http(server: Emulator) -> Iterator[httpx2.Client]:
    """One connection pool for every example: a client is slow to make (its SSL context)."""
    with httpx2.Client(base_url=server.url, trust_env=False) as client:
        yield client


def test_the_served_document_is_the_one_in_the_repo(dialstack_emulator: EmulatorHandle) -> None:
    served = httpx2.get(f"{dialstack_emulator.url}/openapi.json", trust_env=False)

    assert served.status_code == 200
    assert served.json() == DOCUMENT
    assert DOCUMENT["openapi"].startswith("3.1")


def check_answer(operation: Operation, answer: httpx2.Response) -> None:
    assert str(answer.status_code) in operation.responses, (operation.operation_id, answer.text)
    DESCRIPTION.check_response(operation, answer.status_code, answer.text)


def _query_parameters(operation: Operation) -> list[dict[str, Any]]:
    item = DOCUMENT["paths"][operation.path]
    node = item[operation.method.lower()]
    found = [*item.get("parameters", []), *node.get("parameters", [])]
    return [DESCRIPTION.resolve(p) for p in found if DESCRIPTION.resolve(p)["in"] == "query"]


_PDF = b"%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"
_FORM_FILES = {
    # What each form operation's file fields take: a drawn file would only ever be refused.
    "files.create": ("a.pdf", _PDF, "application/pdf"),
    "voicemail_greetings.upload": ("greeting.wav", silent_wav(1), "audio/wav"),
    "audio_clips.create": ("clip.wav", silent_wav(1), "audio/wav"),
    "port_orders.upload_csr": ("csr.pdf", _PDF, "application/pdf"),
    "port_orders.upload_bill_copy": ("bill.pdf", _PDF, "application/pdf"),
}


class World:
    """One tenant's objects for one example, each made when first asked for."""

    def __init__(self, http: httpx2.Client) -> None:
        self._http = http
        self._made: dict[str, str] = {}

    @property
    def http(self) -> httpx2.Client:
        return self._http

    def example(self, name: str) -> str:
        if name not in self._made:
            self._made[name] = EXAMPLES[name](self)
        return self._made[name]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.operation_id for o in OPERATIONS])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_operation_answers_as_documented(
    server: Emulator, http: httpx2.Client, operation: Operation, data: st.DataObject
) -> None:
    auth = {"Authorization": f"Bearer {server.new_api_key()}"}
    http.headers.update(auth)
    world = World(http)
    url = _PATH_PARAMETER.sub(lambda found: world.example(found.group(1)), operation.path)
    headers = (
        {"DialStack-Account": world.example("account_id")} if operation.account != "never" else {}
    )
    query: dict[str, Any] = {}
    for parameter in _query_parameters(operation):
        if parameter["name"] in {"page", "starting_after", "ending_before"}:
            continue  # opaque tokens and ids: drawn text is only ever refused
        if parameter["name"] in EXAMPLES:  # a list of real objects (`user[]`)
            query[parameter["name"]] = [world.example(parameter["name"])]
            continue
        drawn = data.draw(st.none() | values(parameter["schema"]), parameter["name"])
        if drawn is not None:
            query[parameter["name"]] = json.dumps(drawn) if isinstance(drawn, bool) else drawn
    body: Any = None
    form: dict[str, Any] = {}
    node = DOCUMENT["paths"][operation.path][operation.method.lower()]
    if "requestBody" in node:
        content = DESCRIPTION.resolve(node["requestBody"])["content"]
        if "multipart/form-data" in content:  # an upload: a fitting file, drawn text fields
            schema = DESCRIPTION.resolve(content["multipart/form-data"]["schema"])
            texts = {n: p for n, p in schema["properties"].items() if p.get("format") != "binary"}
            required = [name for name in schema.get("required", []) if name in texts]
            drawn_form = data.draw(
                values({**schema, "properties": texts, "required": required}), "form"
            )
            form = {name: (None, str(value)) for name, value in drawn_form.items()}
            form |= {
                name: _FORM_FILES[operation.operation_id] for name in operation.form_files or ()
            }
        else:
            schema = content["application/json"]["schema"]
            body = data.draw(values(schema), "body")
            required = DESCRIPTION.resolve(schema).get("required", [])
            for name, sub in DESCRIPTION.resolve(schema).get("properties", {}).items():
                # An id of a real object, where the field takes one (a button's `target` is
                # an object, not the routing target the example makes).
                takes_id = "string" in str(DESCRIPTION.resolve(sub).get("type", "string"))
                if name in EXAMPLES and takes_id and (name in body or name in required):
                    body[name] = world.example(name)

    answer = http.request(
        operation.method,
        url,
        params=query,
        json=body,
        files=form or None,
        headers={**auth, **headers},
    )
    del http.headers["Authorization"]
    unauthenticated = http.request(
        operation.method, url, json=body, files=form or None, headers=headers
    )

    check_answer(operation, answer)
    check_answer(operation, unauthenticated)
    allowed = {200, 201, 202, 204, 409, 422} | _REFUSED_FOR_REAL_OBJECTS.get(
        operation.operation_id, set()
    )
    assert answer.status_code in allowed, answer.text
    assert unauthenticated.status_code == 401
