"""Hostile but well-formed requests for every operation of a generated app, and their judge.

The operations, their parameters and their body fields come from the app's OpenAPI document;
what each field is (a `str` or a `text`, a `ref` and to what, a `decimal`) comes from the
project's `.scaffold/manifest.json`, which the document cannot say. Every answer is judged
the same way: no 5xx; an error is `application/problem+json` with a `detail` member; a refused
write changed no row; an accepted write stored exactly what was sent.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import httpx

from scaffold.model.spec import FieldSpec, ResourceSpec, parse_resource
from tests.generated.live import ServerLog

INT4 = 2**31
INT8 = 2**63
# Past int4 and int8 on both sides, and past any integer column at all.
HOSTILE_INTS = (INT4, -INT4 - 1, INT8, -INT8 - 1, 10**30)
LONG_STRINGS = (6_000, 1_000_000)
# Floats that JSON cannot carry; Python's json module (and so FastAPI) reads them anyway.
NON_FINITE = (b"NaN", b"Infinity", b"-Infinity", b"1e309", b"-1e309")
# Finite extremes, which a column of double precision stores exactly on both databases.
FLOAT_EXTREMES = (1.7976931348623157e308, -1.7976931348623157e308, 5e-324)
# A lone surrogate as JSON escapes it, and as the raw bytes of invalid UTF-8.
SURROGATE_ESCAPE = b'"\\ud800"'
UNDECODABLE = (b'"\xed\xa0\x80"', b'"\xff"')
UNDECODABLE_QUERY = ("%ED%A0%80", "%FF")
# Datetimes that must be refused: naive, or out of years 1..9999 once converted to UTC.
BAD_DATETIMES = ("2024-05-06T07:08:09", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00")
# The same bounds, reached exactly: these are valid and must be stored.
EDGE_DATETIMES = ("0001-01-01T01:00:00+01:00", "9999-12-31T22:59:59-01:00")
# Four UTF-8 bytes and one character: the hardest valid character for a length limit.
WIDE_CHAR = "\U0001f600"
# Strings of the documented maximum length are sent whole only up to this length.
EDGE_LENGTH_CAP = 100_000
WRITES = {"POST", "PATCH", "DELETE"}
# What a request the API must refuse for its content gets: 422, whatever is wrong with it.
INVALID = frozenset({422})
MAX_ROWS = 100  # the largest page the list endpoints give

Expect = Literal["refuse", "accept", "either"]


@dataclass(frozen=True)
class Resource:
    """A resource of the project, as its manifest records it, and where the API serves it."""

    spec: ResourceSpec
    collection: str  # /api/gadgets

    @property
    def name(self) -> str:
        return self.spec.names.class_name

    @property
    def fields(self) -> dict[str, FieldSpec]:
        """The fields by column name (`author_id` for `author:ref(Author)`)."""
        return {f.column: f for f in self.spec.fields}


@dataclass(frozen=True)
class Param:
    """A query parameter or a body field: its name, its field type and its documented schema."""

    name: str
    kind: str  # a field type of the DSL: str, text, int, ref, float, decimal, date, ...
    schema: dict[str, Any]
    spec: FieldSpec | None = None


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as the document has it: /api/gadgets/{gadget_id}
    operation_id: str
    secured: bool
    path_params: tuple[str, ...]
    query: tuple[Param, ...]
    body: tuple[Param, ...] | None
    resource: Resource | None

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Probe:
    """One request, and what its answer must be."""

    operation: Operation
    label: str
    path: str  # the concrete path, with a raw query string if any
    content: bytes | None = None
    # The fields this write stores if accepted, with their kinds, to compare with the stored row.
    sent: dict[str, tuple[str, Any]] | None = None
    # The fields it writes: those of `sent`, and one whose bytes mean no value (invalid UTF-8).
    touched: frozenset[str] = frozenset()
    expect: Expect = "either"
    statuses: frozenset[int] = frozenset()  # if set, the only acceptable answers
    headers: dict[str, str] | None = None  # instead of the caller's token


def load_resources(root: Path, document: dict[str, Any]) -> list[Resource]:
    """The project's resources that the API serves, parents before the resources that ref them."""
    manifest = json.loads((root / ".scaffold" / "manifest.json").read_text())
    found: dict[str, Resource] = {}
    for name, entry in manifest["resources"].items():
        spec = parse_resource(name, list(entry["fields"]), entry.get("plural"))
        collection = f"/api/{spec.names.route}"
        if collection in document["paths"]:
            found[name] = Resource(spec, collection)
    ordered: list[Resource] = []
    while len(ordered) < len(found):
        ready = [
            resource
            for resource in found.values()
            if resource not in ordered
            and all(found[f.ref] in ordered for f in resource.spec.refs if f.ref in found)
        ]
        assert ready, f"refs go round in a circle among {sorted(found)}"
        ordered += ready
    return ordered


def load_operations(document: dict[str, Any], resources: list[Resource]) -> list[Operation]:
    """Every operation of the document, with its parameters and body fields typed."""
    operations = []
    for path, item in document["paths"].items():
        resource = next(
            (r for r in resources if path == r.collection or path.startswith(r.collection + "/")),
            None,
        )
        for method, spec in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            params = [
                _resolve(document, p)
                for p in [*item.get("parameters", []), *spec.get("parameters", [])]
            ]
            query = tuple(
                _param(document, p["name"], p.get("schema", {}), resource)
                for p in params
                if p["in"] == "query"
            )
            body = None
            content = spec.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                schema = _resolve(document, content["application/json"]["schema"])
                body = tuple(
                    _param(document, name, prop, resource)
                    for name, prop in schema.get("properties", {}).items()
                )
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    operation_id=spec.get("operationId", ""),
                    secured=bool(spec.get("security", document.get("security"))),
                    path_params=tuple(p["name"] for p in params if p["in"] == "path"),
                    query=query,
                    body=body,
                    resource=resource,
                )
            )
    return operations


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _non_null(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without its `null` alternative: what a non-null value must be."""
    schema = _resolve(document, schema)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            branches = [_resolve(document, b) for b in schema[key]]
            branches = [b for b in branches if b.get("type") != "null"]
            if len(branches) == 1:
                return _non_null(document, branches[0])
            return {key: branches}
    return schema


def _kind(schema: dict[str, Any]) -> str:
    """The field type a schema describes, for parameters the manifest does not know."""
    if "enum" in schema:
        return "enum"
    types = {b.get("type") for b in schema.get("anyOf", schema.get("oneOf", [schema]))}
    if types == {"number", "string"}:
        return "decimal"
    formats = {"date": "date", "date-time": "datetime", "uuid": "uuid"}
    if types == {"string"}:
        return formats.get(schema.get("format", ""), "str")
    simple = {"integer": "int", "number": "float", "boolean": "bool"}
    return simple.get(next(iter(types)) or "", "json") if len(types) == 1 else "json"


def _param(
    document: dict[str, Any], name: str, schema: dict[str, Any], resource: Resource | None
) -> Param:
    schema = _non_null(document, schema)
    spec = resource.fields.get(name) if resource else None
    return Param(name, spec.type if spec else _kind(schema), schema, spec)


def valid_value(param: Param, n: int, parent_ids: dict[str, int], seed: bool) -> Any:
    """A valid value for `param`, unique with `n` where the field is unique; refs name a parent.

    An enum can be unique too: the seed row takes its first choice, the probes its last.
    """
    spec = param.spec or FieldSpec(param.name, param.kind)
    kind = param.kind
    if kind in {"str", "text"}:
        text = f"{param.name} {n}"
        limit = param.schema.get("maxLength")
        return text[-limit:] if limit else text
    if kind == "ref":
        return parent_ids[spec.ref or ""]
    if kind == "enum":
        choices = spec.choices or tuple(param.schema.get("enum", ()))
        return choices[0 if seed else -1]
    values: dict[str, Any] = {
        "int": 3,  # inside the 1..5 of the shipped task spec's priority rule
        "float": 2.5,
        "bool": True,
        "decimal": "1.5",
        "date": "2099-01-02",  # a future date: the task spec refuses due dates in the past
        "datetime": "2099-01-02T03:04:05+00:00",
        "uuid": str(uuid.uuid4()),
        "json": {"n": n, "list": [1, "two", None, True, 2.5]},
    }
    return values[kind]


def same(kind: str, sent: Any, got: Any) -> bool:
    """Whether the stored `got` is the `sent` value of a field of type `kind`."""
    if kind == "float":
        return isinstance(got, int | float) and not isinstance(got, bool) and got == sent
    if kind == "decimal":
        try:
            return got is not None and Decimal(str(got)) == Decimal(str(sent))
        except InvalidOperation:
            return False
    if kind == "datetime":
        return isinstance(got, str) and _instant(got) == _instant(sent)
    if kind == "uuid":
        return isinstance(got, str) and got.lower() == str(sent).lower()
    return bool(got == sent) and type(got) is type(sent)


def _instant(text: str) -> datetime | str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    # SQLite keeps no offset: a datetime read back without one is taken as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def problem_shape(response: httpx.Response) -> str | None:
    """What is wrong with an error answer as RFC 9457 problem details, or None."""
    content_type = response.headers.get("content-type", "")
    if not content_type.startswith("application/problem+json"):
        return f"Content-Type is {content_type!r}, not application/problem+json"
    try:
        body = response.json()
    except ValueError:
        return "the body is not JSON"
    if not isinstance(body, dict) or "detail" not in body:
        return f"no `detail` member: {response.text[:120]}"
    if "status" in body and body["status"] != response.status_code:
        return f"`status` is {body['status']!r} in a {response.status_code} answer"
    return None


def _splice(body: dict[str, Any], name: str, raw: bytes) -> bytes:
    """`body` as JSON with `name` set to the raw JSON text `raw` (which may be invalid JSON)."""
    rest = {k: v for k, v in body.items() if k != name}
    head = json.dumps(rest).encode()[:-1]
    return head + (b", " if rest else b"") + json.dumps(name).encode() + b": " + raw + b"}"


@dataclass
class Failures:
    """What went wrong, by kind, so that the report groups the findings."""

    found: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, message: str) -> None:
        self.found.setdefault(kind, []).append(message)

    def report(self, per_kind: int = 60) -> str:
        lines = []
        for kind, messages in sorted(self.found.items()):
            lines.append(f"== {kind}: {len(messages)}")
            lines += [f"  {m}" for m in messages[:per_kind]]
            if len(messages) > per_kind:
                lines.append(f"  ... and {len(messages) - per_kind} more")
        return "\n".join(lines)


class HostileRun:
    """Seeds one row of each resource for one user, then sends every probe and judges it."""

    def __init__(
        self,
        client: httpx.Client,
        log: ServerLog,
        resources: list[Resource],
        operations: list[Operation],
        token: dict[str, str],
    ) -> None:
        self.client = client
        self.log = log
        self.resources = resources
        self.operations = operations
        self.token = token
        self.failures = Failures()
        self.seeds: dict[str, dict[str, Any]] = {}
        self.seed_ids: dict[str, int] = {}
        self.rows: dict[str, list[dict[str, Any]] | str] = {}
        self.sent_count = 0
        self._n = 0

    # Setting up

    def create_operation(self, resource: Resource) -> Operation:
        return next(
            o
            for o in self.operations
            if o.resource is resource and o.method == "POST" and o.path == resource.collection
        )

    def valid_body(self, resource: Resource, seed: bool = False) -> dict[str, Any]:
        """A valid create body with every documented field, unique values fresh."""
        body_params = self.create_operation(resource).body or ()
        n = self._n
        self._n += 1
        return {p.name: valid_value(p, n, self.seed_ids, seed) for p in body_params}

    def seed(self) -> None:
        """One row of each resource, refs pointing at the parents' rows; checks each is stored."""
        for resource in self.resources:
            body = self.valid_body(resource, seed=True)
            response = self._call("POST", resource.collection, json=body)
            assert response.status_code == 201, (
                f"seeding {resource.name} with {body} answered {response.status_code}: "
                f"{response.text}\n{self.log.exceptions_since(0)}"
            )
            self.seeds[resource.name] = body
            self.seed_ids[resource.name] = response.json()["id"]
            self.rows[resource.name] = self.fetch_rows(resource)
            kinds = {p.name: p.kind for p in self.create_operation(resource).body or ()}
            self._check_stored(
                f"seeding {resource.name}",
                self._row(resource, self.seed_ids[resource.name]),
                {k: (kinds[k], v) for k, v in body.items()},
            )

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request of the test's own, as the caller; once more if the connection broke.

        A server that failed on the previous request may have closed the connection under it.
        """
        mark = self.log.mark()
        try:
            response = self.client.request(method, path, headers=self.token, **kwargs)
        except httpx.TransportError:
            response = self.client.request(method, path, headers=self.token, **kwargs)
        if response.status_code >= 500:
            # Let its traceback reach the log now, not under the next probe's name.
            self.log.exceptions_since(mark)
        return response

    def fetch_rows(self, resource: Resource) -> list[dict[str, Any]] | str:
        """The caller's rows of `resource` by id, or what went wrong listing them."""
        response = self._call("GET", resource.collection, params={"limit": MAX_ROWS})
        if response.status_code != 200:
            return f"GET {resource.collection} answered {response.status_code}"
        page = response.json()
        assert page["total"] <= MAX_ROWS, f"{resource.name}: more rows than one page shows"
        return sorted(page["items"], key=lambda row: int(row["id"]))

    def _row(self, resource: Resource, row_id: int) -> dict[str, Any] | None:
        rows = self.rows[resource.name]
        if isinstance(rows, str):
            return None
        return next((r for r in rows if r["id"] == row_id), None)

    # The probes of each operation

    def probes(self, operation: Operation) -> Iterator[Probe]:
        """Every hostile class of request that applies to `operation`."""
        path = self._concrete(operation)
        # A DELETE that succeeded would take the seed row the later probes need: probes about
        # something else aim at no row.
        target = self._concrete(operation, INT4 - 1) if operation.method == "DELETE" else path
        yield Probe(
            operation,
            "NUL and undecodable bytes in an unknown query parameter",
            f"{target}?x=%00%FF%ED%A0%80",
            content=self._valid_content(operation),
        )
        if operation.secured:
            yield from self._auth_probes(operation, target)
        if operation.path_params:
            yield from self._path_probes(operation)
        for param in operation.query:
            yield from self._query_probes(operation, path, param)
        if operation.body is not None and operation.resource is not None:
            yield from self._body_probes(operation, path, operation.resource)
        if operation.method == "DELETE" and operation.resource is not None:
            yield from self._restrict_probes(operation, operation.resource)

    def _concrete(self, operation: Operation, row_id: int | None = None) -> str:
        """The operation's path on the row `row_id`, by default the seeded row."""
        path = operation.path
        if operation.resource is not None:
            if row_id is None:
                row_id = self.seed_ids[operation.resource.name]
            for name in operation.path_params:
                path = path.replace(f"{{{name}}}", str(row_id))
        return path

    def _valid_content(self, operation: Operation) -> bytes | None:
        """A valid body (a new row, or no change), for probes about something else."""
        if operation.body is None:
            return None
        if operation.method == "POST" and operation.resource is not None:
            return json.dumps(self.valid_body(operation.resource)).encode()
        return b"{}"

    def _auth_probes(self, operation: Operation, path: str) -> Iterator[Probe]:
        forged = "Bearer " + ".".join(["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiJ4In0", "c2ln"])
        for label, headers in (("no token", {}), ("a forged token", {"Authorization": forged})):
            yield Probe(
                operation,
                label,
                path,
                content=self._valid_content(operation),
                expect="refuse",
                statuses=frozenset({401}),
                headers=headers,
            )

    def _path_probes(self, operation: Operation) -> Iterator[Probe]:
        for value in (*HOSTILE_INTS, INT4 - 1):
            path = self._concrete(operation, value)
            # No row has such an id: 404, or 422 for an id past the column's range.
            statuses = {404} if value == INT4 - 1 else {404, 422}
            yield Probe(
                operation,
                f"id {value}",
                path,
                content=b"{}" if operation.body is not None else None,
                expect="refuse",
                statuses=frozenset(statuses),
            )

    def _query_probes(self, operation: Operation, path: str, param: Param) -> Iterator[Probe]:
        name = param.name
        if param.kind in {"int", "ref"}:
            for value in HOSTILE_INTS:
                # Past int8 nothing can be compared with or skipped over: it must be refused.
                expect: Expect = "refuse" if abs(value) >= INT8 else "either"
                yield Probe(
                    operation,
                    f"?{name}={value}",
                    f"{path}?{name}={value}",
                    expect=expect,
                    statuses=INVALID if expect == "refuse" else frozenset(),
                )
        for label, raw in (("a NUL byte", "a%00b"), *((r, r) for r in UNDECODABLE_QUERY)):
            yield Probe(
                operation,
                f"?{name} = {label}",
                f"{path}?{name}={raw}",
                expect="refuse",
                statuses=INVALID,
            )

    def _body_probes(self, operation: Operation, path: str, resource: Resource) -> Iterator[Probe]:
        assert operation.body is not None
        is_create = operation.method == "POST"
        kinds = {p.name: p.kind for p in operation.body}

        def probe(
            label: str,
            param: Param,
            value: Any = None,
            raw: bytes | None = None,
            expect: Expect = "either",
        ) -> Probe:
            """A create with every field valid but `param`, or a change of `param` alone."""
            body = self.valid_body(resource) if is_create else {}
            if raw is None:
                body[param.name] = value
                content = json.dumps(body).encode()
            else:
                content = _splice(body, param.name, raw)
                try:
                    # What a lenient reader makes of it: NaN, inf, a lone surrogate.
                    body[param.name] = json.loads(raw)
                except ValueError:
                    body.pop(param.name, None)
            sent = {k: (kinds[k], v) for k, v in body.items()}
            return Probe(
                operation,
                label,
                path,
                content=content,
                sent=sent,
                touched=frozenset({*body, param.name}),
                expect=expect,
                statuses=INVALID if expect == "refuse" else frozenset(),
            )

        for param in operation.body:
            name, kind = param.name, param.kind
            yield probe(
                f"{name} = lone surrogate \\ud800", param, raw=SURROGATE_ESCAPE, expect="refuse"
            )
            if kind in {"str", "text"}:
                yield probe(f"{name} with a NUL byte", param, "a\x00b", expect="refuse")
                for raw in UNDECODABLE:
                    yield probe(f"{name} = raw bytes {raw!r}", param, raw=raw, expect="refuse")
                for length in LONG_STRINGS:
                    # Unique per probe, so that a unique column does not answer 409 instead.
                    value = f"{self._n}-".ljust(length, "x")
                    self._n += 1
                    yield probe(f"{name} = {length:,} characters", param, value)
                limit = param.schema.get("maxLength")
                if isinstance(limit, int) and limit <= EDGE_LENGTH_CAP:
                    yield probe(
                        f"{name} = {limit} four-byte characters (its maxLength)",
                        param,
                        WIDE_CHAR * limit,
                        expect="accept",
                    )
                elif kind == "str" and is_create:
                    self.failures.add(
                        "str field without a documented maxLength",
                        f"{operation.label}: {name} (schema {param.schema})",
                    )
            elif kind in {"int", "ref"}:
                for value in HOSTILE_INTS:
                    beyond = kind == "ref" or abs(value) >= INT8
                    yield probe(
                        f"{name} = {value}", param, value, expect="refuse" if beyond else "either"
                    )
                if kind == "int":
                    high = min(INT4 - 1, param.schema.get("maximum", INT4 - 1))
                    low = max(-INT4, param.schema.get("minimum", -INT4))
                    for value in {high, low}:
                        yield probe(f"{name} = {value} (int4 bound)", param, value, expect="accept")
            elif kind in {"float", "decimal"}:
                for raw in NON_FINITE:
                    yield probe(f"{name} = {raw.decode()}", param, raw=raw, expect="refuse")
                if kind == "float":
                    for value in FLOAT_EXTREMES:
                        yield probe(f"{name} = {value!r}", param, value, expect="accept")
                else:
                    for text in ("NaN", "Infinity", "-Infinity", "sNaN"):
                        yield probe(f'{name} = "{text}"', param, text, expect="refuse")
            elif kind == "datetime":
                for text in BAD_DATETIMES:
                    yield probe(f"{name} = {text}", param, text, expect="refuse")
                for text in EDGE_DATETIMES:
                    yield probe(f"{name} = {text} (in range in UTC)", param, text, expect="accept")
            elif kind == "json":
                yield probe(f"{name} with a NUL byte", param, {"k\x00": "v\x00"})
                for raw in (b'{"k": NaN}', b'{"k": 1e309}'):
                    yield probe(f"{name} = {raw.decode()}", param, raw=raw)
                yield probe(
                    f'{name} = {{"k": \\ud800}}', param, raw=b'{"k": "\\ud800"}', expect="refuse"
                )
        first = operation.body[0].name if operation.body else "x"
        for label, content in (
            ("malformed JSON", b'{"' + first.encode() + b'": '),
            ("a key that is a lone surrogate", b'{"\\ud800": 1}'),
            ("a body of undecodable bytes", b"\xff\xfe"),
            ("a JSON array body", b"[]"),
            ("a JSON string body", b'"text"'),
            ("a JSON number body", b"1"),
            ("a JSON null body", b"null"),
        ):
            yield Probe(
                operation, label, path, content=content, sent={}, expect="refuse", statuses=INVALID
            )
        if is_create and any(f.unique for f in resource.spec.fields):
            # The seed row's unique values again: a conflict, answered 409.
            yield Probe(
                operation,
                "a duplicate of an existing row's unique fields",
                path,
                content=json.dumps(self.seeds[resource.name]).encode(),
                sent={},
                expect="refuse",
                statuses=frozenset({409}),
            )

    def _restrict_probes(self, operation: Operation, resource: Resource) -> Iterator[Probe]:
        """Deleting a row that a seeded row of another resource still refs: 409, nothing gone."""
        for child in self.resources:
            for ref in child.spec.refs:
                if ref.ref == resource.name and ref.on_delete in {None, "restrict"}:
                    yield Probe(
                        operation,
                        f"delete a {resource.name} that a {child.name}.{ref.column} refs",
                        self._concrete(operation),
                        expect="refuse",
                        statuses=frozenset({409}),
                    )
                    return

    # Judging

    def run(self) -> Failures:
        """Seed, then send every probe of every operation; the failures found."""
        self.seed()
        for operation in self.operations:
            for probe in self.probes(operation):
                self.judge(probe)
            # A request on one resource must not change another's rows either.
            for resource in self.resources:
                now = self.fetch_rows(resource)
                if now != self.rows[resource.name]:
                    self.failures.add(
                        "rows changed by another resource's operation",
                        f"{operation.label}: the {resource.name} rows changed",
                    )
                    self.rows[resource.name] = now
        return self.failures

    def judge(self, probe: Probe) -> None:
        operation = probe.operation
        where = f"{operation.method} {probe.path.split('?')[0]} [{probe.label}]"
        if "?" in probe.path:
            where += f" ?{probe.path.split('?', 1)[1][:80]}"
        headers = {"Content-Type": "application/json"} if probe.content is not None else {}
        headers.update(self.token if probe.headers is None else probe.headers)
        mark = self.log.mark()
        self.sent_count += 1
        try:
            response = self.client.request(
                operation.method, probe.path, content=probe.content, headers=headers
            )
        except httpx.HTTPError as exc:
            server = "; ".join(sorted(set(self.log.exceptions_since(mark))))
            self.failures.add("no answer", f"{where}: {exc!r}; server: {server or 'no error'}")
            return
        status = response.status_code
        if status >= 500:
            server = "; ".join(sorted(set(self.log.exceptions_since(mark)))) or response.text[:200]
            self.failures.add("5xx", f"{where}: {status}; server: {server}")
        elif status >= 400:
            shape = problem_shape(response)
            if shape:
                self.failures.add(f"error body not problem details ({status})", f"{where}: {shape}")
            if probe.expect == "accept":
                self.failures.add("valid input refused", f"{where}: {status} {response.text[:300]}")
        elif probe.expect == "refuse":
            self.failures.add("hostile input accepted", f"{where}: {status} {response.text[:200]}")
        if probe.statuses and 400 <= status < 500 and status not in probe.statuses:
            self.failures.add(
                "unexpected status",
                f"{where}: {status}, expected {sorted(probe.statuses)}: {response.text[:200]}",
            )
        if operation.resource is not None and operation.method in WRITES:
            self._judge_data(probe, operation.resource, response, where)

    def _judge_data(
        self, probe: Probe, resource: Resource, response: httpx.Response, where: str
    ) -> None:
        before = self.rows[resource.name]
        after = self.fetch_rows(resource)
        accepted = 200 <= response.status_code < 300
        if isinstance(after, str) or isinstance(before, str):
            if after != before:
                self.failures.add("listing broken", f"{where}: then {after}")
            if accepted and probe.operation.method == "POST":
                # The row the listing cannot show must still go, or its unique values collide.
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    self._delete(resource, int(response.json()["id"]), where)
            self.rows[resource.name] = self.fetch_rows(resource)
            return
        if not accepted:
            if after != before:
                self.failures.add(
                    "refused but data changed",
                    f"{where}: answered {response.status_code}, {_diff(before, after)}",
                )
                for row_id in {r["id"] for r in after} - {r["id"] for r in before}:
                    self._delete(resource, row_id, where)
                self.rows[resource.name] = self.fetch_rows(resource)
            return
        method = probe.operation.method
        if method == "POST":
            new = [row for row in after if row["id"] not in {r["id"] for r in before}]
            if len(new) != 1 or len(after) != len(before) + 1:
                self.failures.add(
                    "accepted create did not add one row", f"{where}: {_diff(before, after)}"
                )
            for row in new:
                self._check_stored(where, row, probe.sent or {})
                self._delete(resource, row["id"], where)
            self.rows[resource.name] = self.fetch_rows(resource)
        elif method == "PATCH":
            row_id = self.seed_ids[resource.name]
            row = next((r for r in after if r["id"] == row_id), None)
            self._check_stored(where, row, probe.sent or {})
            old = next(r for r in before if r["id"] == row_id)
            untouched = set(old) - probe.touched - {"updated_at"}
            if row is not None and any(row[k] != old[k] for k in untouched):
                self.failures.add(
                    "accepted change touched other fields", f"{where}: {_diff([old], [row])}"
                )
            if [r for r in after if r["id"] != row_id] != [r for r in before if r["id"] != row_id]:
                self.failures.add(
                    "accepted change touched other rows", f"{where}: {_diff(before, after)}"
                )
            # Put the seed's values back, so that later probes start from the same row.
            seed = self.seeds[resource.name]
            restore = {k: seed[k] for k in probe.touched if k in seed}
            back = self._call("PATCH", probe.path, json=restore)
            if back.status_code != 200:
                self.failures.add("cleanup", f"{where}: restoring answered {back.status_code}")
            self.rows[resource.name] = self.fetch_rows(resource)
        else:
            self.rows[resource.name] = after

    def _delete(self, resource: Resource, row_id: int, where: str) -> None:
        deleted = self._call("DELETE", f"{resource.collection}/{row_id}")
        if deleted.status_code != 204:
            self.failures.add(
                "cleanup", f"{where}: deleting row {row_id} answered {deleted.status_code}"
            )

    def _check_stored(
        self, where: str, row: dict[str, Any] | None, sent: dict[str, tuple[str, Any]]
    ) -> None:
        if row is None:
            self.failures.add("accepted but not stored", f"{where}: the row is not listed")
            return
        for name, (kind, value) in sent.items():
            if not same(kind, value, row.get(name)):
                self.failures.add(
                    "stored differently than sent",
                    f"{where}: {name} sent {_short(value)}, stored {_short(row.get(name))}",
                )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text)} characters)"


def _diff(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> str:
    old = {r["id"]: r for r in before}
    new = {r["id"]: r for r in after}
    parts = []
    if added := sorted(new.keys() - old.keys()):
        parts.append(f"rows added {added}")
    if removed := sorted(old.keys() - new.keys()):
        parts.append(f"rows removed {removed}")
    for key in sorted(old.keys() & new.keys()):
        changed = {
            k: f"{_short(old[key].get(k))} -> {_short(new[key].get(k))}"
            for k in old[key].keys() | new[key].keys()
            if old[key].get(k) != new[key].get(k)
        }
        if changed:
            parts.append(f"row {key}: {changed}")
    return "; ".join(parts) or "no difference"
