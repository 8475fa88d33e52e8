"""Endpoints and their OpenAPI description from one declaration.

:func:`endpoint` registers a view on the ``api`` blueprint *and* records what the OpenAPI
document says about it; the wrapper it puts around the view does what the document promises:
it checks the caller (``auth``), loads ``query`` and ``body`` through their schemas (422 with
the fields at fault) and dumps the view's return value through ``response``.  Behaviour and
document therefore come from the same marshmallow schemas and cannot drift apart.

Example (in a module of :mod:`engage.api.endpoints`)::

    @endpoint("GET", "/ideas/<int:idea_id>", summary="One idea", tags=("ideas",),
              response=IdeaSchema, errors=(404,))
    def get_idea(idea_id: int):
        idea = ideas_queries.idea_for_api(idea_id) or not_found()
        return idea
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, Literal

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Response, current_app, jsonify
from marshmallow import Schema

from engage.api.auth import api_user, require_api_user
from engage.api.blueprint import bp
from engage.api.errors import not_found
from engage.api.inputs import load_body, load_query
from engage.api.schemas import MAX_ID, ErrorSchema
from engage.extensions import limiter

Auth = Literal["optional", "required", "none"]

TITLE = "engage API"
VERSION = "1.0.0"
DESCRIPTION = """\
The JSON API of *engage*, the participation platform of Bochum's Smart-City programme, for the
Smart-City app and partners.

* Reading public data needs no authentication. Writing needs a bearer token
  (`Authorization: Bearer …`) that a person creates in their account or gets from
  `POST /tokens` with e-mail and password. The session cookie of the web site is never used.
* Lists are `{"items": [...], "page": 1, "per_page": 20, "total": N}`.
* Times are ISO 8601 with offset (UTC, `+00:00`).
* Errors are `{"error": {"code": "...", "message": "...", "fields": {...}}}`; `message` and the
  messages in `fields` follow `Accept-Language` (German or English).
* Requests are rate-limited per token (or per address without one); over the limit: 429.

The data is published under the Datenlizenz Deutschland – Namensnennung – 2.0; the software is
licensed under the EUPL-1.2.
"""
LICENSE = {
    "name": "Datenlizenz Deutschland – Namensnennung – 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}

# Shared error responses: status → (component name, description).
ERROR_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request could not be read (e.g. malformed JSON)."),
    401: ("Unauthorized", "No valid bearer token (missing, unknown, expired or revoked)."),
    403: ("Forbidden", "The caller may not do this."),
    404: ("NotFound", "Nothing with this id (or not visible to the caller)."),
    409: ("Conflict", "Not possible in the current state (e.g. the phase is closed)."),
    413: ("TooLarge", "The request body is too large."),
    415: ("UnsupportedMediaType", "The body must be `application/json`."),
    422: ("Unprocessable", "Invalid fields or parameters; `fields` names them."),
    429: ("TooManyRequests", "Rate limit exceeded; try again later."),
}

_CONVERTERS = {
    "int": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "string": {"type": "string"},
    "default": {"type": "string"},
    "path": {"type": "string"},
}
_RULE_PARAM = re.compile(r"<(?:(?P<conv>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


@dataclass
class Operation:
    """What the document says about one endpoint (and what its wrapper enforces)."""

    method: str
    rule: str
    view: Callable
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    auth: Auth = "optional"
    query: type[Schema] | None = None
    body: type[Schema] | None = None
    response: type[Schema] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The OpenAPI path (relative to the server ``/api/v1``)."""
        return _RULE_PARAM.sub(lambda m: "{" + m.group("name") + "}", self.rule)

    def path_params(self) -> list[tuple[str, str]]:
        return [
            (m.group("name"), m.group("conv") or "default") for m in _RULE_PARAM.finditer(self.rule)
        ]


_operations: list[Operation] = []
_tags: dict[str, str] = {}


def operations() -> list[Operation]:
    return list(_operations)


def tag(name: str, description: str) -> None:
    """Describe a tag that groups endpoints in the document (call once per area)."""
    _tags[name] = description


def endpoint(
    method: str,
    rule: str,
    *,
    summary: str,
    description: str = "",
    tags: Iterable[str] = (),
    auth: Auth = "optional",
    query: type[Schema] | None = None,
    body: type[Schema] | None = None,
    response: type[Schema] | None = None,
    status: int = 200,
    errors: Iterable[int] = (),
    limit: str | None = None,
    limit_key: Callable[[], str] | None = None,
    **extra: Any,
) -> Callable:
    """Register an API endpoint and its description in the OpenAPI document.

    ``auth``: ``optional`` (public; a valid token adds the caller), ``required`` (401 without
    a valid token), ``none`` (credentials in the body, e.g. token creation).  The view gets
    ``query=`` and ``body=`` (validated dicts) when those schemas are given, and returns either
    an object that ``response`` dumps (with ``status``), ``None`` for 204, or a Flask response.
    ``limit`` names a config key with an extra rate limit for this endpoint (per address unless
    ``limit_key``), on top of the API-wide one.  ``extra`` goes into the operation verbatim.
    """
    method = method.upper()

    def decorator(view: Callable) -> Callable:
        operation = Operation(
            method=method,
            rule=rule,
            view=view,
            summary=summary,
            description=description,
            tags=tuple(tags),
            auth=auth,
            query=query,
            body=body,
            response=response,
            status=status,
            errors=tuple(errors),
            extra=extra,
        )
        if any(op.view.__name__ == view.__name__ for op in _operations):
            raise ValueError(f"API endpoint name {view.__name__!r} is used twice")
        int_params = [name for name, conv in operation.path_params() if conv == "int"]
        response_schema = response() if response is not None else None

        target = view
        if limit is not None:
            config_key = limit
            target = limiter.limit(
                lambda: current_app.config[config_key],
                key_func=limit_key,
                override_defaults=False,  # the API-wide limit applies as well
            )(view)

        @wraps(view)
        def wrapper(**kwargs: Any):
            for name in int_params:
                if not 1 <= kwargs[name] <= MAX_ID:
                    not_found()
            if auth == "required":
                require_api_user()
            elif auth == "optional":
                api_user()
            if query is not None:
                kwargs["query"] = load_query(query)
            if body is not None:
                kwargs["body"] = load_body(body)
            result = target(**kwargs)
            if isinstance(result, Response | tuple):
                return result
            if result is None and response_schema is None:
                return Response(status=204)
            if response_schema is None:
                return jsonify(result), status
            return jsonify(response_schema.dump(result)), status

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=wrapper, methods=[method])
        _operations.append(operation)
        return wrapper

    return decorator


# --- the document ------------------------------------------------------------------------------


def _schema_name(schema: type[Schema] | Schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__.removesuffix("Schema")


def _json(schema: Any) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation_dict(op: Operation) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "operationId": op.view.__name__,
        "summary": op.summary,
        "tags": list(op.tags),
    }
    if op.description:
        doc["description"] = op.description
    parameters: list[dict[str, Any]] = [
        {
            "in": "path",
            "name": name,
            "required": True,
            "schema": dict(_CONVERTERS.get(conv, _CONVERTERS["default"])),
        }
        for name, conv in op.path_params()
    ]
    if op.query is not None:
        parameters.append({"in": "query", "schema": op.query})
    if parameters:
        doc["parameters"] = parameters
    if op.body is not None:
        doc["requestBody"] = {"required": True, "content": _json(op.body)}

    responses: dict[str, Any] = {}
    if op.response is not None:
        responses[str(op.status)] = {"description": op.summary, "content": _json(op.response)}
    elif op.status == 204 or op.response is None:
        responses["204"] = {"description": op.summary}
    # 401 everywhere: a presented token that is not valid is refused on every endpoint.
    statuses = set(op.errors) | {401, 429}
    if op.path_params():
        statuses.add(404)
    if op.query is not None or op.body is not None:
        statuses.add(422)
    if op.body is not None:
        statuses |= {400, 413, 415}
    for code in sorted(statuses):
        responses[str(code)] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[code][0]}"}
    doc["responses"] = responses

    if op.auth == "required":
        doc["security"] = [{"bearerAuth": []}]
    elif op.auth == "optional":
        doc["security"] = [{}, {"bearerAuth": []}]
    else:
        doc["security"] = []
    doc.update(op.extra)
    return doc


def build_spec() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every registered endpoint."""
    spec = APISpec(
        title=TITLE,
        version=VERSION,
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
        info={"description": DESCRIPTION, "license": LICENSE},
        servers=[{"url": bp.url_prefix, "description": "This server"}],
    )
    spec.components.security_scheme(
        "bearerAuth",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (`eng_…`) from `POST /tokens` or the account page.",
        },
    )
    spec.components.schema("Error", schema=ErrorSchema)
    for _status, (name, text) in sorted(ERROR_RESPONSES.items()):
        spec.components.response(name, {"description": text, "content": _json("Error")})
    used_tags = {t for op in _operations for t in op.tags}
    for name in sorted(used_tags):
        spec.tag({"name": name, "description": _tags.get(name, "")})
    for op in _operations:
        spec.path(path=op.path, operations={op.method.lower(): _operation_dict(op)})
    document = spec.to_dict()
    # An optional query parameter sent empty (``?page=``, as an HTML form sends an unused field)
    # counts as absent (engage.api.inputs.query_data); say so in the document.
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return document


def openapi_document() -> dict[str, Any]:
    """The document, built once per application (the endpoints are fixed at start-up)."""
    cache = current_app.extensions.setdefault("engage.api", {})
    if "openapi" not in cache:
        cache["openapi"] = build_spec()
    return cache["openapi"]
