"""``scripts/scaffold``: the skeleton of a new API namespace or operation, to fill in.

``scripts/scaffold service NAMESPACE --prefix PREFIX`` writes a namespace with a table of its
own, whose ``create``, ``retrieve`` and ``list`` already work end to end:

- ``api/paths/NAMESPACE.yaml``: the description fragment (the operations and the object);
- ``src/dialstack/emulator/services/NAMESPACE/``: the service (its declaration, handlers,
  table and the example factory the description test makes its objects with);
- ``tests/emulator/services/NAMESPACE/``: a test through the generated SDK methods.

``scripts/scaffold operation NAMESPACE.METHOD HTTP_METHOD PATH`` adds one operation to an
existing namespace: its entry in the fragment, a handler that raises until it is written,
listed in the service's ``OPERATIONS``, and a test that fails until then.

Run ``scripts/generate`` afterwards: it writes the SDK's methods and types and the emulator's
document. The scaffold never overwrites a file.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NAMESPACE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_PREFIX = re.compile(r"[a-z]{1,12}")
_HTTP_METHODS = ("get", "post", "delete")


class ScaffoldError(Exception):
    """A name or file the scaffold refuses, said in one line."""


@dataclass(frozen=True)
class Names:
    """Every spelling of one namespace the skeleton needs."""

    namespace: str  # contacts
    prefix: str  # vapp
    path: str  # /v1/contacts
    singular: str  # voice_app

    @property
    def model(self) -> str:
        return "".join(part.capitalize() for part in self.singular.split("_"))

    @property
    def id_parameter(self) -> str:
        return f"{self.singular}_id"

    @property
    def words(self) -> str:
        return self.singular.replace("_", " ")

    @property
    def tables(self) -> str:
        return f"{self.model}Tables"


def names(namespace: str, prefix: str, path: str | None, singular: str | None) -> Names:
    if not _NAMESPACE.fullmatch(namespace):
        raise ScaffoldError(f"the namespace must be snake_case, like contacts: {namespace!r}")
    if not _PREFIX.fullmatch(prefix):
        raise ScaffoldError(f"the id prefix must be 1 to 12 lowercase letters: {prefix!r}")
    singular = singular or namespace.removesuffix("s")
    if not _NAMESPACE.fullmatch(singular) or singular == namespace:
        raise ScaffoldError(f"give the object's name with --object, like voice_app: {singular!r}")
    path = path or f"/v1/{namespace}"
    if not re.fullmatch(r"/v1/[a-z0-9_-]+(?:/[a-z0-9_-]+)*", path):
        raise ScaffoldError(f"the path must look like /v1/contacts: {path!r}")
    return Names(namespace, prefix, path, singular)


def service_files(n: Names) -> dict[Path, str]:
    service = Path("src/dialstack/emulator/services") / n.namespace
    tests = Path("tests/emulator/services") / n.namespace
    return {
        Path("api/paths") / f"{n.namespace}.yaml": _fragment(n),
        service / "__init__.py": _service_init(n),
        service / f"{n.namespace}.py": _handlers(n),
        service / "tables.py": _tables(n),
        service / "examples.py": _examples(n),
        tests / "__init__.py": "",
        tests / f"test_{n.namespace}.py": _test(n),
    }


def write_new(files: dict[Path, str], root: Path) -> list[Path]:
    taken = [path for path in files if (root / path).exists()]
    if taken:
        raise ScaffoldError(f"{taken[0]} exists already: the scaffold never overwrites a file")
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return list(files)


def add_operation(
    root: Path, operation_id: str, http_method: str, path: str, module: str | None
) -> list[Path]:
    """Add one operation to an existing namespace: fragment, handler, test."""
    namespace, _, method = operation_id.rpartition(".")
    if not _NAMESPACE.fullmatch(namespace) or not _NAMESPACE.fullmatch(method):
        raise ScaffoldError(f"name the operation like contacts.delete: {operation_id!r}")
    http_method = http_method.lower()
    if http_method not in _HTTP_METHODS:
        raise ScaffoldError(f"the HTTP method must be one of {', '.join(_HTTP_METHODS)}")
    fragment = root / "api/paths" / f"{namespace}.yaml"
    service = root / "src/dialstack/emulator/services" / namespace
    handlers = service / f"{module or namespace}.py"
    test = root / "tests/emulator/services" / namespace / f"test_{method}.py"
    for needed in (fragment, handlers):
        if not needed.exists():
            raise ScaffoldError(f"{needed.relative_to(root)} does not exist: scaffold the service")
    if test.exists():
        raise ScaffoldError(f"{test.relative_to(root)} exists already")
    text = fragment.read_text()
    if f"operationId: {operation_id}\n" in text:
        raise ScaffoldError(f"{operation_id} is described already")
    fragment.write_text(_with_operation(text, operation_id, http_method, path))
    source = handlers.read_text()
    if "\nOPERATIONS = {\n" not in source or not source.endswith("}\n"):
        raise ScaffoldError(f"{handlers.relative_to(root)} does not end with its OPERATIONS")
    function = f"{method}_{namespace}" if method in {"list", "delete", "update"} else method
    handler = (
        f"\n\ndef {function}(call: ApiRequest) -> Reply:\n"
        f'    """{http_method.upper()} {path}."""\n'
        f'    raise NotImplementedError("{operation_id}: write its behaviour")\n'
    )
    head, _, dictionary = source.rpartition("\n\nOPERATIONS = {\n")
    dictionary = dictionary.removesuffix("}\n") + f'    "{operation_id}": {function},\n}}\n'
    handlers.write_text(f"{head}{handler}\n\nOPERATIONS = {{\n{dictionary}")
    test.parent.mkdir(parents=True, exist_ok=True)
    test.write_text(_operation_test(namespace, method, operation_id))
    return [fragment.relative_to(root), handlers.relative_to(root), test.relative_to(root)]


def _with_operation(text: str, operation_id: str, http_method: str, path: str) -> str:
    """The fragment with the operation under ``path`` (a new path goes before components)."""
    account = "      x-dialstack-account: required\n"
    answer = "204" if http_method == "delete" else "200"
    responses = f"      responses:\n        '{answer}':\n          description: TODO\n"
    if answer == "200":
        responses += "          content:\n            application/json:\n"
        responses += "              schema: {type: object}\n"
    operation = (
        f"    {http_method}:\n      operationId: {operation_id}\n"
        f"      summary: TODO, one sentence for the docstring.\n{account}{responses}"
    )
    lines = text.splitlines(keepends=True)
    head = f"  {path}:\n"
    if head in lines:
        at = lines.index(head) + 1
        while at < len(lines) and lines[at].startswith("    "):
            at += 1
        return "".join([*lines[:at], operation, *lines[at:]])
    parameters = "".join(
        f"    parameters:\n      - name: {name}\n        in: path\n        required: true\n"
        f"        schema: {{type: string}}\n"
        for name in re.findall(r"\{([a-z_]+)\}", path)[:1]
    )
    at = lines.index("components:\n") if "components:\n" in lines else len(lines)
    return "".join([*lines[:at], head, parameters, operation, *lines[at:]])


def _fragment(n: Names) -> str:
    return f"""\
# {n.model} objects of one account: TODO, what they are and what they are for.
paths:
  {n.path}:
    post:
      operationId: {n.namespace}.create
      summary: Create a {n.words}.
      x-dialstack-account: required
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [name]
              properties:
                name:
                  type: string
                  minLength: 1
                  maxLength: 200
                  description: The {n.words}'s name.
      responses:
        '201':
          description: The new {n.words}.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{n.model}'}}
    get:
      operationId: {n.namespace}.list
      summary: List the account's {n.words}s, newest first.
      x-dialstack-account: required
      x-dialstack-list: paged
      parameters:
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/page'
        - $ref: '#/components/parameters/starting_after'
        - $ref: '#/components/parameters/ending_before'
      responses:
        '200':
          description: One page of {n.words}s.
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/ListEnvelope'
                  - properties:
                      data:
                        items: {{$ref: '#/components/schemas/{n.model}'}}
  {n.path}/{{{n.id_parameter}}}:
    parameters:
      - name: {n.id_parameter}
        in: path
        required: true
        description: The {n.words}'s id (`{n.prefix}_...`).
        schema: {{type: string}}
    get:
      operationId: {n.namespace}.retrieve
      summary: Retrieve a {n.words}.
      x-dialstack-account: required
      responses:
        '200':
          description: The {n.words}.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{n.model}'}}
components:
  schemas:
    {n.model}:
      type: object
      required: [id, object, account_id, name, created_at]
      properties:
        id: {{type: string, description: '`{n.prefix}_...`'}}
        object: {{type: string, enum: [{n.singular}]}}
        account_id: {{type: string, description: The account it belongs to.}}
        name: {{type: string, description: The {n.words}'s name.}}
        created_at: {{type: string, format: date-time}}
"""


def _service_init(n: Names) -> str:
    return f'''\
"""{n.model} objects: TODO, one line on the domain."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import examples, {n.namespace}
from .tables import SCHEMA, {n.tables}


def _connect(runtime: Runtime) -> None:
    runtime.hold({n.tables}(runtime.db))


SERVICE = Service(
    name="{n.namespace}",
    operations={n.namespace}.OPERATIONS,
    schema=SCHEMA,
    connect=_connect,
    examples={{"{n.id_parameter}": examples.{n.singular}}},
)
'''


def _handlers(n: Names) -> str:
    return f'''\
"""{n.model} objects: create, retrieve, list, inside the account the header names."""

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.pages import ListRequest, list_reply
from ...core.timestamps import now
from .tables import {n.tables}


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    {n.singular}_id = call.runtime.ids.new("{n.prefix}")
    document = to_json(
        {{
            "id": {n.singular}_id,
            "object": "{n.singular}",
            "account_id": account_id,
            "name": call.body["name"],
            "created_at": now(),
        }}
    )
    call.runtime.state({n.tables}).insert(call.tenant, account_id, {n.singular}_id, document)
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    {n.singular}_id = call.path_params["{n.id_parameter}"]
    return 200, call.runtime.state({n.tables}).document(call.tenant, account_id, {n.singular}_id)


def list_{n.namespace}(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    binding = f"{{call.tenant}}|{n.namespace}|{{account_id}}"
    request = ListRequest("{n.path}", binding, "{n.prefix}", {{}})
    tables = call.runtime.state({n.tables})
    return list_reply(call, request, lambda page: tables.page(call.tenant, account_id, page))


OPERATIONS = {{
    "{n.namespace}.create": create,
    "{n.namespace}.retrieve": retrieve,
    "{n.namespace}.list": list_{n.namespace},
}}
'''


def _tables(n: Names) -> str:
    return f'''\
"""The {n.namespace} table. Knows no HTTP."""

from ...core.db import Database
from ...core.errors import ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS {n.namespace} (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {n.namespace}_by_account ON {n.namespace} (tenant, account_id, id);
"""
_KEYSET = Keyset("{n.namespace}")


class {n.tables}:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, tenant: str, account_id: str, {n.singular}_id: str, document: str) -> None:
        self._db.execute(
            "INSERT INTO {n.namespace} (id, tenant, account_id, document) VALUES (?, ?, ?, ?)",
            ({n.singular}_id, tenant, account_id, document),
        )

    def document(self, tenant: str, account_id: str, {n.singular}_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM {n.namespace} WHERE id = ? AND tenant = ? AND account_id = ?",
            ({n.singular}_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("{n.words}", {n.singular}_id)
        return str(row[0])

    def page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        where, params = "tenant = ? AND account_id = ?", (tenant, account_id)
        return keyset_page(self._db, _KEYSET, where, params, page)
'''


def _examples(n: Names) -> str:
    return f'''\
"""Real {n.namespace} for the description test, made over HTTP."""

from ...core.service import ExampleWorld


def {n.singular}(world: ExampleWorld) -> str:
    in_account = {{"DialStack-Account": world.example("account_id")}}
    made = world.http.post("{n.path}", json={{"name": "Example"}}, headers=in_account)
    return str(made.json()["id"])
'''


def _test(n: Names) -> str:
    return f'''\
"""{n.model} objects through the SDK: create, retrieve, list, each inside its account."""

import pytest

from dialstack import DialStack, DialStackNotFoundError


def test_a_{n.singular}_is_created_retrieved_and_listed(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com")
    other = dialstack_client.accounts.create(email="other@example.com")
    {n.namespace} = dialstack_client.with_options(dialstack_account=account.id).{n.namespace}

    first = {n.namespace}.create(name="First")
    second = {n.namespace}.create(name="Second")

    assert first.id.startswith("{n.prefix}_")
    assert (first.object, first.account_id, first.name) == ("{n.singular}", account.id, "First")
    assert {n.namespace}.retrieve(first.id) == first
    assert [found.id for found in {n.namespace}.list(limit=1).auto_paging_iter()] == [
        second.id,
        first.id,
    ]
    with pytest.raises(DialStackNotFoundError):
        dialstack_client.{n.namespace}.retrieve(first.id, dialstack_account=other.id)
'''


def _operation_test(namespace: str, method: str, operation_id: str) -> str:
    return f'''\
"""{operation_id} through the SDK: TODO, what the test shows."""

from dialstack import DialStack


def test_{method}(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com")
    {namespace} = dialstack_client.with_options(dialstack_account=account.id).{namespace}

    # TODO: call {namespace}.{method}(...) and assert what a user would see.
    raise NotImplementedError(repr({namespace}.{method}))
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/scaffold", description="The skeleton of a new namespace or operation."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    service = commands.add_parser("service", help="a namespace with a table of its own")
    service.add_argument("namespace", help="snake_case, as the SDK names it: contacts")
    service.add_argument("--prefix", required=True, help="the id prefix: cont (cont_...)")
    service.add_argument("--path", help="the collection's path (default /v1/NAMESPACE)")
    service.add_argument("--object", help="the object's name (default: NAMESPACE less its s)")
    operation = commands.add_parser("operation", help="one more operation of a namespace")
    operation.add_argument("operation_id", help="NAMESPACE.METHOD: contacts.delete")
    operation.add_argument("http_method", help="GET, POST or DELETE")
    operation.add_argument("path", help="/v1/contacts/{contact_id}")
    operation.add_argument("--module", help="the service's handler module (default NAMESPACE)")
    options = parser.parse_args(argv)
    try:
        if options.command == "service":
            found = names(options.namespace, options.prefix, options.path, options.object)
            written = write_new(service_files(found), ROOT)
        else:
            written = add_operation(
                ROOT, options.operation_id, options.http_method, options.path, options.module
            )
    except ScaffoldError as error:
        print(f"scripts/scaffold: {error}", file=sys.stderr)
        return 2
    python_files = [str(ROOT / path) for path in written if path.suffix == ".py"]
    # The templates cannot know how long the names make a line: ruff lays them out.
    ruff = [sys.executable, "-m", "ruff", "format", "-q", *python_files]
    subprocess.run(ruff, check=True)  # noqa: S603 (our interpreter, the files just written)
    for path in written:
        print(f"wrote {path}")
    print("next: scripts/generate, fill in each TODO, then scripts/test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
