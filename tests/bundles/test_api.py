"""GET /bundles, /bundles/{id}, /projects: validated against the OpenAPI document."""

from __future__ import annotations

import pytest
from api_helpers import API, ApiClient
from bundle_fixtures import *  # noqa: F403

from engage.bundles import operations as ops
from engage.ideas import operations as idea_ops


@pytest.fixture
def api(client):
    return ApiClient(client, client.get(f"{API}/openapi.json").get_json())


def test_bundles_and_projects(
    api, session, make_idea, make_bundle, moderator, innovation, supporter
):
    idea = make_idea("Radweg an der Herner Straße", district="mitte")
    idea_ops.support_idea(supporter, idea)
    draft = make_bundle([make_idea()], title="Noch ein Entwurf")
    bundle = make_bundle([idea])
    ops.submit_bundle(moderator, bundle)
    session.flush()
    body = api.get("/bundles").get_json()
    assert [b["id"] for b in body["items"]] == [bundle.id]
    assert body["items"][0]["decision"] is None
    assert api.get(f"/bundles/{draft.id}").status_code == 404
    assert api.get("/bundles/999999").status_code == 404
    assert api.get("/bundles?status=bogus").status_code == 422

    ops.decide_bundle(innovation, bundle, outcome="project", rationale="Wird gebaut.")
    ops.add_project_update(innovation, bundle.projects[0], text="Baustart.", status="running")
    session.flush()
    one = api.get(f"/bundles/{bundle.id}").get_json()
    assert one["decision"]["outcome"] == "project"
    assert one["decision"]["rationale"] == "Wird gebaut."
    assert one["items"][0]["supports_count"] == 1 and one["items"][0]["district"] == "mitte"
    assert one["supports_count"] == 1
    assert api.get("/bundles?status=decided").get_json()["total"] == 1
    projects = api.get("/projects").get_json()
    assert projects["total"] == 1
    project = projects["items"][0]
    assert project["status"] == "running" and project["bundle_ids"] == [bundle.id]
    assert project["updates"][0]["text"] == "Baustart."
    assert api.get("/projects?status=done").get_json()["total"] == 0
    assert api.get("/projects?per_page=1000").status_code == 422
