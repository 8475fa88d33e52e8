"""Helpers for the API tests: a client that checks every answer against the OpenAPI document.

:class:`ApiClient` finds the documented operation of each request (through Flask's URL map:
the endpoint name is the operationId), takes the response schema the document gives for the
status code and validates the JSON body with ``jsonschema`` (draft 2020-12, as OpenAPI 3.1),
resolving the document's ``#/components/...`` references.  An undocumented status, a missing
or extra field or a wrong type fails the test, so the document cannot drift from the server.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from werkzeug.exceptions import MethodNotAllowed, NotFound

API = "/api/v1"


def openapi_nullable(schema: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema (``anyOf`` with null), recursively.

    The document is 3.1 (plain JSON Schema, no ``nullable``); this keeps the checker right if
    it is ever generated as 3.0 again.
    """
    if isinstance(schema, list):
        return [openapi_nullable(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: openapi_nullable(value) for key, value in schema.items()}
    if schema.pop("nullable", False):
        if "enum" in schema and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


class DocumentChecker:
    """Validates payloads against one OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.components = openapi_nullable(copy.deepcopy(document.get("components", {})))

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            parts = node["$ref"].removeprefix("#/").split("/")
            target: Any = self.document
            for part in parts:
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def operation(self, path: str, method: str) -> dict[str, Any]:
        return self.document["paths"][path][method.lower()]

    def response_schema(self, operation: dict[str, Any] | None, status: int) -> dict | None:
        """The documented schema for ``status`` (AssertionError when it is not documented)."""
        if operation is None:  # no route: the app's JSON error handler answers
            return {"$ref": "#/components/schemas/Error"}
        responses = operation["responses"]
        assert str(status) in responses, (
            f"status {status} is not documented for {operation['operationId']}: {sorted(responses)}"
        )
        response = self._resolve(responses[str(status)])
        content = response.get("content")
        if content is None:
            return None
        return content["application/json"]["schema"]

    def validate(self, schema: dict[str, Any], payload: Any) -> None:
        root = {**openapi_nullable(copy.deepcopy(schema)), "components": self.components}
        validator = Draft202012Validator(root, format_checker=FormatChecker())
        errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.path))
        assert not errors, "response does not match the document:\n" + "\n".join(
            f"  at {'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors
        )


class ApiClient:
    """Requests against /api/v1 whose answers are validated against the served document."""

    def __init__(self, client, document: dict[str, Any]) -> None:
        self.client = client
        self.checker = DocumentChecker(document)
        self.checked: list[tuple[str, str, int]] = []

    def _operation(self, url: str, method: str) -> dict[str, Any] | None:
        path = url.split("?", 1)[0]
        adapter = self.client.application.url_map.bind("localhost")
        try:
            endpoint, _args = adapter.match(path, method=method)
        except (NotFound, MethodNotAllowed):
            return None
        if not endpoint.startswith("api.") or endpoint == "api.openapi":
            return None
        name = endpoint.removeprefix("api.")
        for methods in self.checker.document["paths"].values():
            for op in methods.values():
                if op["operationId"] == name:
                    return op
        raise AssertionError(f"endpoint {endpoint} is not in the OpenAPI document")

    def request(
        self,
        method: str,
        url: str,
        *,
        token: str | None = None,
        lang: str | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        url = url if url.startswith(API) else API + url
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if lang is not None:
            headers["Accept-Language"] = lang
        if json_body is not None:
            kwargs["data"] = json.dumps(json_body)
            kwargs.setdefault("content_type", "application/json")
        response = self.client.open(url, method=method, headers=headers, **kwargs)
        self.check(method, url, response)
        return response

    def check(self, method: str, url: str, response) -> None:
        operation = self._operation(url, method)
        schema = self.checker.response_schema(operation, response.status_code)
        if method == "HEAD":
            return
        if schema is None:
            assert response.get_data() == b"", "a documented empty response has a body"
            return
        assert response.mimetype == "application/json", response.mimetype
        self.checker.validate(schema, response.get_json())
        self.checked.append((method, url, response.status_code))

    def get(self, url: str, **kwargs: Any):
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any):
        return self.request("POST", url, **kwargs)

    def delete(self, url: str, **kwargs: Any):
        return self.request("DELETE", url, **kwargs)


def error_of(response) -> dict[str, Any]:
    """The ``error`` object of an error response (and that it has the documented shape)."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert body["error"]["message"], body
    return body["error"]
