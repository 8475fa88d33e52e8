"""The OpenAPI document: valid, complete (every route), built from the same schemas."""

from __future__ import annotations

import pytest
from api_helpers import API, DocumentChecker, openapi_nullable
from openapi_spec_validator import validate

ROUTES = {
    ("GET", "/themes"),
    ("GET", "/organisations"),
    ("GET", "/processes"),
    ("GET", "/processes/{process_id}"),
    ("POST", "/tokens"),
    ("GET", "/tokens"),
    ("DELETE", "/tokens/{token_id}"),
    ("GET", "/me"),
}


@pytest.fixture
def document(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_document_is_valid_openapi(document):
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema
    assert document["openapi"] == "3.1.0"
    info = document["info"]
    assert info["title"] == "engage API"
    assert info["version"]
    assert "Datenlizenz Deutschland" in info["license"]["name"]
    assert info["license"]["url"].startswith("https://")
    assert "Bearer" in info["description"]
    assert document["servers"] == [{"url": "/api/v1", "description": "This server"}]
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"],
    }


def test_document_lists_the_endpoints_of_this_task(document):
    documented = {
        (method.upper(), path) for path, ops in document["paths"].items() for method in ops
    }
    assert documented >= ROUTES


def test_every_api_route_is_documented_and_nothing_else(app, document):
    """A route without a description (or a description without a route) fails here."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi":
            continue
        path = rule.rule.removeprefix(API)
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", f"{{{name}}}").replace(f"<{name}>", f"{{{name}}}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((method, path, rule.endpoint.removeprefix("api.")))
    documented = {
        (method.upper(), path, op["operationId"])
        for path, ops in document["paths"].items()
        for method, op in ops.items()
    }
    assert routes == documented


def test_operations_document_their_errors_and_security(document):
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            responses = op["responses"]
            assert {"401", "429"} <= set(responses), (method, path)
            assert any(code.startswith("2") for code in responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if "requestBody" in op:
                assert {"400", "415", "422"} <= set(responses), (method, path)
                assert "application/json" in op["requestBody"]["content"]
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    assert response["$ref"].startswith("#/components/responses/")
    for response in document["components"]["responses"].values():
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


def test_security_per_endpoint(document):
    paths = document["paths"]
    assert paths["/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert paths["/tokens"]["get"]["security"] == [{"bearerAuth": []}]
    assert paths["/tokens"]["post"]["security"] == []
    assert paths["/themes"]["get"]["security"] == [{}, {"bearerAuth": []}]


def test_list_envelope_and_error_schema(document):
    schemas = document["components"]["schemas"]
    page = schemas["ProcessPage"]
    assert set(page["properties"]) == {"items", "page", "per_page", "total"}
    assert page["properties"]["items"]["items"] == {"$ref": "#/components/schemas/Process"}
    detail = schemas["ErrorDetail"]
    assert set(detail["required"]) == {"code", "message", "fields"}
    assert schemas["Error"]["required"] == ["error"]


def test_parameters_come_from_the_schemas(app, document):
    params = {p["name"]: p for p in document["paths"]["/processes"]["get"]["parameters"]}
    assert set(params) == {"page", "per_page", "theme", "organisation", "status", "lifecycle"}
    assert params["status"]["schema"]["enum"] == ["published", "archived"]
    assert params["per_page"]["schema"]["maximum"] == app.config["API_MAX_PER_PAGE"]
    assert params["page"]["schema"]["minimum"] == 1
    path_param = document["paths"]["/processes/{process_id}"]["get"]["parameters"][0]
    assert path_param["in"] == "path" and path_param["required"] is True
    assert path_param["schema"]["type"] == "integer"
    body = document["components"]["schemas"]["TokenRequest"]
    assert set(body["required"]) == {"email", "password"}
    assert body["additionalProperties"] is False


def test_process_shape_has_the_contract_fields(document):
    process = document["components"]["schemas"]["Process"]
    contract = {
        "id", "title", "summary", "theme", "organisation", "status", "moderation", "phases",
        "current_phase", "surveys", "drafts", "ideas_count", "url",
    }  # fmt: skip
    assert contract <= set(process["properties"])
    assert contract <= set(process["required"])
    assert {"id", "kind", "start", "end", "title"} <= set(
        document["components"]["schemas"]["Phase"]["properties"]
    )
    theme = document["components"]["schemas"]["Theme"]["properties"]
    assert {"id", "slug", "name", "description", "color", "position", "url"} <= set(theme)


def test_document_is_cached_and_public(client):
    first = client.get(f"{API}/openapi.json")
    second = client.get(f"{API}/openapi.json")
    assert first.get_data() == second.get_data()
    assert first.headers["Cache-Control"].startswith("public")


def test_checker_refuses_drift(document):
    """The checker used by every API test does fail on a wrong shape."""
    checker = DocumentChecker(document)
    schema = {"$ref": "#/components/schemas/Theme"}
    good = {
        "id": 1, "slug": "x", "name": "X", "description": "", "color": "#000000",
        "position": 1, "url": "http://localhost/themes/x",
    }  # fmt: skip
    checker.validate(schema, good)
    with pytest.raises(AssertionError):
        checker.validate(schema, {**good, "extra": 1})
    with pytest.raises(AssertionError):
        checker.validate(schema, {k: v for k, v in good.items() if k != "url"})
    with pytest.raises(AssertionError):
        checker.validate(schema, {**good, "id": "1"})
    process_phase = {"$ref": "#/components/schemas/Process"}
    with pytest.raises(AssertionError):
        checker.validate(process_phase, {"current_phase": {"id": "x"}})


def test_nullable_of_openapi_30_is_understood():
    schema = openapi_nullable({"type": "string", "nullable": True, "enum": ["a"]})
    checker = DocumentChecker({"components": {}})
    checker.validate(schema, None)
    checker.validate(schema, "a")
    with pytest.raises(AssertionError):
        checker.validate(schema, "b")
