"""The description, the SDK and the emulator agree: every described operation has an SDK
method (sync, async, raw) and an emulator handler, and the generated files are current."""

import inspect
import subprocess
from pathlib import Path
from typing import Any, cast

import pytest
from apigen.document import Document, load
from apigen.index import load_methods, path_shape
from apigen.operations import methods
from apigen.shapes import Types

import dialstack
from dialstack import AsyncDialStack, DialStack
from dialstack._namespaces import SyncNamespaces
from dialstack.emulator.app import handlers
from dialstack.emulator.contract.spec import Description, Operation
from dialstack.emulator.services import discover

ROOT = Path(__file__).parent.parent
OPERATIONS = Description().operations
SDK_OPERATIONS = [o for o in OPERATIONS if o.handler_id == o.operation_id]
STREAMS: list[str] = sorted(
    str(operation["x-dialstack-stream"]["operationId"])
    for _, _, operation, _ in load(ROOT / "api").operations()
    if "x-dialstack-stream" in operation
)
"""The methods of the routes that also serve Server-Sent Events (``x-dialstack-stream``)."""


def _resource(client: object, operation_id: str) -> tuple[object, str]:
    *namespace, method = operation_id.split(".")
    target = client
    for part in namespace:
        target = getattr(target, part)
    return target, method


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.operation_id for o in OPERATIONS])
def test_every_operation_has_an_emulator_handler(operation: Operation) -> None:
    assert operation.handler_id in handlers(discover())


@pytest.mark.parametrize("operation", SDK_OPERATIONS, ids=[o.operation_id for o in SDK_OPERATIONS])
def test_every_operation_has_sync_async_and_raw_methods(operation: Operation) -> None:
    operation_id: str = operation.operation_id
    sync_client = DialStack(api_key="sk_test_x", api_url="http://127.0.0.1:9")
    async_client = AsyncDialStack(api_key="sk_test_x", api_url="http://127.0.0.1:9")
    sync_resource, name = _resource(sync_client, operation_id)
    async_resource, _ = _resource(async_client, operation_id)
    sync_method = getattr(sync_resource, name)
    async_method = getattr(async_resource, name)
    raw_method = getattr(sync_resource.with_raw_response, name)  # type: ignore[attr-defined]
    async_raw = getattr(async_resource.with_raw_response, name)  # type: ignore[attr-defined]
    assert inspect.signature(sync_method) == inspect.signature(async_method).replace(
        return_annotation=inspect.signature(sync_method).return_annotation
    )
    for method in (sync_method, async_method, raw_method, async_raw):
        assert method.__doc__ and operation_id.rsplit(".", maxsplit=1)[-1] in method.__qualname__
    sync_client.close()


@pytest.mark.parametrize("operation_id", STREAMS)
def test_every_stream_has_sync_and_async_methods(operation_id: str) -> None:
    sync_client = DialStack(api_key="sk_test_x", api_url="http://127.0.0.1:9")
    async_client = AsyncDialStack(api_key="sk_test_x", api_url="http://127.0.0.1:9")
    sync_resource, name = _resource(sync_client, operation_id)
    async_resource, _ = _resource(async_client, operation_id)
    sync_method = getattr(sync_resource, name)
    async_method = getattr(async_resource, name)
    assert inspect.signature(sync_method).parameters == inspect.signature(async_method).parameters
    assert "EventStream[" in str(inspect.signature(sync_method).return_annotation)
    assert "AsyncEventStream[" in str(inspect.signature(async_method).return_annotation)
    assert not hasattr(sync_resource.with_raw_response, name)  # type: ignore[attr-defined]
    sync_client.close()


def test_the_described_methods_are_all_there_is() -> None:
    """No hand-written method hides beside the generated ones."""
    described = {o.operation_id for o in SDK_OPERATIONS} | set(STREAMS)
    found: set[str] = set()
    client = DialStack(api_key="sk_test_x", api_url="http://127.0.0.1:9")

    def walk(resource: object, prefix: str) -> None:
        for name in dir(type(resource)):
            if name.startswith("_") or name == "with_raw_response":
                continue
            value = getattr(resource, name)
            if inspect.ismethod(value):
                found.add(f"{prefix}{name}")
            else:
                walk(value, f"{prefix}{name}.")

    for namespace in (n for n in dir(SyncNamespaces) if not n.startswith("_")):
        walk(getattr(client, namespace), f"{namespace}.")
    client.close()
    assert found == described
    assert dialstack.Account.__module__ == "dialstack.types.accounts"


def test_every_described_method_is_one_of_the_current_api_s() -> None:
    """``api/methods.yaml`` (the coverage table of ``docs/api.md``) lists each SDK method, with
    the request the description says it sends."""
    listed = {m.python: m for m in load_methods(ROOT / "api" / "methods.yaml")}
    assert len(listed) == 121
    document = load(ROOT / "api")
    beyond = _beyond_server_sdk(document)
    for method in methods(document, Types(document)):
        entry = listed.get(method.operation_id)
        if method.operation_id in beyond:
            assert entry is None, f"{method.operation_id} is one of the server SDK's methods"
            continue
        assert entry is not None, f"{method.operation_id} is not in api/methods.yaml"
        assert (entry.method, path_shape(entry.path)) == (
            method.http_method,
            path_shape(method.path),
        ), method.operation_id


def _beyond_server_sdk(document: Document) -> set[str]:
    """The operations marked ``x-dialstack-beyond-server-sdk``, and the stream methods of
    their routes (``x-dialstack-stream``): methods the vendor's server SDK does not have."""
    found: set[str] = set()
    for item in document.spec["paths"].values():
        for node in item.values():
            if not isinstance(node, dict):
                continue
            operation = cast("dict[str, Any]", node)
            if "x-dialstack-beyond-server-sdk" not in operation:
                continue
            found.add(operation["operationId"])
            stream = cast("dict[str, Any] | None", operation.get("x-dialstack-stream"))
            if stream is not None:
                found.add(stream["operationId"])
    return found


def test_the_generated_files_are_current() -> None:
    result = subprocess.run(
        [str(ROOT / "scripts" / "generate"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
