"""Reading a request's JSON body and query string through a schema: 415, 400 or 422, never 500."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, ValidationError, fields
from werkzeug.exceptions import BadRequest

from engage.api.errors import APIError, bad_json, validation_failed


def _instance(schema: type[Schema] | Schema) -> Schema:
    return schema() if isinstance(schema, type) else schema


def json_body() -> Any:
    """The parsed JSON body: 415 unless it is declared JSON, 400 unless it parses."""
    if not request.is_json:
        raise APIError(415)
    try:
        return request.get_json()
    except BadRequest:  # malformed JSON, not UTF-8/16/32
        bad_json()
    except RecursionError:  # absurdly deep nesting ([[[[...]]]])
        bad_json()


def load_body(schema: type[Schema] | Schema) -> dict[str, Any]:
    """The body validated by ``schema`` (422 with the fields at fault)."""
    data = json_body()
    try:
        return _instance(schema).load(data)
    except ValidationError as err:
        validation_failed(err)


def query_data(schema: Schema) -> dict[str, Any]:
    """The query string as a dict for ``schema``: lists for list fields, empty values absent."""
    data: dict[str, Any] = {}
    for name, field in schema.fields.items():
        if field.dump_only:
            continue
        key = field.data_key or name
        if isinstance(field, fields.List):
            values = [v for v in request.args.getlist(key) if v != ""]
            if values:
                data[key] = values
        else:
            value = request.args.get(key)
            if value is not None and value != "":
                data[key] = value
    return data


def load_query(schema: type[Schema] | Schema) -> dict[str, Any]:
    """The query string validated by ``schema`` (422 naming the parameter at fault)."""
    instance = _instance(schema)
    try:
        return instance.load(query_data(instance))
    except ValidationError as err:
        validation_failed(err)
