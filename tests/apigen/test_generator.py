"""scripts/generate: merging the fragments, its rules, and the Python it writes."""

import re
import textwrap
from pathlib import Path

import pytest
from apigen.__main__ import build
from apigen.document import DescriptionError, load

ROOT = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  responses:
    BadRequest: {description: bad}
    Unauthorized: {description: who}
    NotFound: {description: none}
    Conflict: {description: busy}
    RateLimited: {description: slow}
    InternalError: {description: oops}
  schemas:
    Shared: {type: object, properties: {x: {type: string}}}
"""
WIDGETS = """\
paths:
  /v1/widgets/{widget_id}:
    get:
      operationId: widgets.retrieve
      x-dialstack-account: required
      parameters:
        - {name: widget_id, in: path, required: true, schema: {type: string}}
        - name: expand[]
          in: query
          style: form
          explode: true
          schema: {type: array, items: {type: string, enum: [owner]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Widget'}
  /v1/test_helpers/widgets:
    post:
      operationId: test_helpers.widgets.create
      x-dialstack-account: never
      requestBody:
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [size]
              properties:
                size: {type: integer}
                colour: {type: [string, 'null'], x-dialstack-tristate: true}
                from: {type: string}
      responses:
        '202': {description: accepted}
components:
  schemas:
    Widget:
      type: object
      required: [id, owner, made_at, items, kind]
      properties:
        id: {type: string}
        owner:
          anyOf: [{type: string}, {$ref: '#/components/schemas/Owner'}]
          x-dialstack-expand: owner
          x-dialstack-aliases: [owner_id]
        made_at: {type: string, format: date-time}
        sold_at: {type: [string, 'null'], format: date-time}
        items: {type: array, items: {type: integer}}
        kind: {type: string, enum: [big, small]}
        token: {type: string, x-dialstack-secret: true}
    Owner:
      type: object
      required: [id]
      properties:
        id: {type: string}
"""


def _api(tmp_path: Path, **fragments: str) -> Path:
    (tmp_path / "paths").mkdir()
    (tmp_path / "openapi.yaml").write_text(ROOT)
    for name, text in fragments.items():
        (tmp_path / "paths" / f"{name}.yaml").write_text(textwrap.dedent(text))
    return tmp_path


def test_a_path_or_schema_described_twice_is_refused(tmp_path: Path) -> None:
    twice = _api(tmp_path, widgets=WIDGETS, gadgets=WIDGETS.replace("/v1/widgets/", "/v1/g/"))

    with pytest.raises(DescriptionError, match=r"already described|used twice|already defined"):
        load(twice)


def test_the_rules_of_an_operation_are_checked(tmp_path: Path) -> None:
    no_rule = WIDGETS.replace("      x-dialstack-account: required\n", "", 1)
    typo = WIDGETS.replace("x-dialstack-secret", "x-dialstack-secrets")
    two_successes = WIDGETS.replace(
        "        '202': {description: accepted}",
        "        '202': {description: a}\n        '204': {description: b}",
    )

    for broken, message in [
        (no_rule, "x-dialstack-account"),
        (two_successes, "2xx"),
        (typo, "unknown extension"),
    ]:
        folder = tmp_path / message
        folder.mkdir()
        with pytest.raises(DescriptionError, match=message):
            load(_api(folder, widgets=broken))


def test_the_merged_document_gets_shared_errors_and_alias_properties(tmp_path: Path) -> None:
    document = load(_api(tmp_path, widgets=WIDGETS))

    responses = document.spec["paths"]["/v1/widgets/{widget_id}"]["get"]["responses"]
    owner_id = document.spec["components"]["schemas"]["Widget"]["properties"]["owner_id"]
    assert set(responses) == {"200", "400", "401", "404", "429", "500"}
    assert owner_id["deprecated"] is True
    assert owner_id["x-dialstack-alias-of"] == "owner"


def test_the_generated_python_tells_the_truth(tmp_path: Path) -> None:
    built = build(load(_api(tmp_path, widgets=WIDGETS)))
    outputs = {f"{path.parent.name}/{path.name}": text for path, text in built.items()}

    types = outputs["types/widgets.py"]
    helpers = types  # the fragment's module holds its operations' parameters too
    container = outputs["resources/test_helpers.py"]
    assert "    id: str\n" in types
    assert '    owner: "str | Owner"\n' in types
    assert "    made_at: datetime\n" in types
    assert "    sold_at: datetime | None = None\n" in types
    assert "    items_: list[int]\n" in types  # a dict method's name gets a trailing _
    assert 'Field("items_", list_of(INTEGER), wire="items")' in types
    assert 'aliases=("owner_id",)' in types
    assert "secret=True" in types
    assert '    expand: list[Literal["owner"]]\n' in types
    assert "    size: Required[int]\n" in helpers
    assert "    colour: str | None\n" in helpers
    assert "    from_: str\n" in helpers
    assert "None clears it" in helpers
    assert "class TestHelpers(SyncResource)" in container
    assert "def widgets(self) -> TestHelpersWidgets" in container
    assert '{"from_": "from"}' in outputs["resources/test_helpers_widgets.py"]
    assert "def test_helpers(self)" in outputs["dialstack/_namespaces.py"]


def test_an_unrelated_schema_moves_no_generated_class(tmp_path: Path) -> None:
    """Classes are ordered by name (a TypedDict after those it names), not by first reach."""
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    before = build(load(_api(tmp_path / "before", widgets=WIDGETS)))
    with_gadget = WIDGETS.replace(
        "    Owner:\n",
        "    Gadget:\n      type: object\n      properties:\n        id: {type: string}\n"
        "    Owner:\n",
    ).replace(
        "        id: {type: string}\n        owner:\n",
        "        id: {type: string}\n        gadget: {$ref: '#/components/schemas/Gadget'}\n"
        "        owner:\n",
    )
    after = build(load(_api(tmp_path / "after", widgets=with_gadget)))

    def classes(built: dict[Path, str]) -> list[str]:
        text = next(t for p, t in built.items() if p.name == "widgets.py" and "types" in p.parts)
        return [line.split("(")[0] for line in text.splitlines() if line.startswith("class ")]

    assert [c for c in classes(after) if c != "class Gadget"] == classes(before)
    models = [c for c in classes(after) if c in {"class Gadget", "class Owner", "class Widget"}]
    assert models == ["class Gadget", "class Owner", "class Widget"]


UPLOADS = """\
paths:
  /v1/widgets/{widget_id}/photo:
    post:
      operationId: widgets.upload_photo
      x-dialstack-account: required
      x-dialstack-upload: {part: photo, filename: photo}
      parameters:
        - {name: widget_id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [photo]
              properties:
                photo: {type: string, contentMediaType: image/png, description: The picture.}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
"""


def test_an_upload_takes_a_file_and_sends_it_as_its_part(tmp_path: Path) -> None:
    built = build(load(_api(tmp_path, widgets=UPLOADS)))
    outputs = {f"{path.parent.name}/{path.name}": text for path, text in built.items()}

    types = outputs["types/widgets.py"]
    resource = outputs["resources/widgets.py"]
    assert "from .._call import UploadFile" in types
    assert "    photo: Required[UploadFile]\n" in types
    assert "    filename: str\n" in types
    assert 'upload_part(values, options, "photo", "photo")' in resource
    assert "upload=upload" in resource
    assert "from .._call import Call, upload_part" in resource


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("      x-dialstack-upload: {part: photo, filename: photo}\n", ""), "needs x-dialstack"),
        (("{part: photo, filename: photo}", "{part: picture, filename: photo}"), "one part"),
        (("{part: photo, filename: photo}", "photo"), "{part, filename}"),
        (("multipart/form-data", "application/json"), "multipart/form-data body only"),
    ],
    ids=["multipart-without-upload", "other-part", "not-a-mapping", "json-body"],
)
def test_an_upload_is_checked_against_its_body(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    broken = UPLOADS.replace(*change)
    with pytest.raises(DescriptionError, match=re.escape(message)):
        load(_api(tmp_path, widgets=broken))
