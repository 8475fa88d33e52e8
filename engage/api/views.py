"""JSON API v1: the blueprint with every endpoint module, and the OpenAPI document."""

from __future__ import annotations

from flask import jsonify

from engage.api.blueprint import bp
from engage.api.endpoints import load_all
from engage.api.spec import openapi_document

__all__ = ["bp"]

load_all()


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document describing every endpoint of this API."""
    return jsonify(openapi_document())
