"""Bundles, decisions and projects: operations with their log entries, pages, permissions."""

from __future__ import annotations

import pytest
from bundle_fixtures import *  # noqa: F403
from sqlalchemy import select

from engage.bundles import operations as ops
from engage.bundles.models import Bundle, BundleStatus, Project, ProjectStatus
from engage.ideas import operations as idea_ops
from engage.moderation.models import ModerationLogEntry


def log_actions(target_type: str, target_id: int) -> list[str]:
    from engage.extensions import db

    return list(
        db.session.scalars(
            select(ModerationLogEntry.action)
            .where(
                ModerationLogEntry.target_type == target_type,
                ModerationLogEntry.target_id == target_id,
            )
            .order_by(ModerationLogEntry.id)
        )
    )


def test_build_order_submit_decide(
    session, make_idea, make_bundle, moderator, innovation, supporter
):
    a, b, c = make_idea("Radweg an der Herner Straße"), make_idea(), make_idea()
    idea_ops.support_idea(supporter, a)
    bundle = make_bundle([a, b, c])
    assert [i.idea_id for i in bundle.items] == [a.id, b.id, c.id]
    ops.move_item(moderator, bundle, bundle.items[2], "up")
    session.refresh(bundle)
    assert [i.idea_id for i in bundle.items] == [a.id, c.id, b.id]
    assert ops.move_item(moderator, bundle, bundle.items[0], "up") is False
    ops.remove_item(moderator, bundle, bundle.items[2])
    assert [i.idea_id for i in bundle.items] == [a.id, c.id]

    ops.submit_bundle(moderator, bundle)
    assert bundle.status == BundleStatus.SUBMITTED
    assert a.status == "bundled" and c.status == "bundled" and b.status == "published"
    assert a.history[-1].status == "bundled"
    with pytest.raises(ops.BundleError):
        ops.add_idea(moderator, bundle, b)  # read-only once submitted

    decision = ops.decide_bundle(innovation, bundle, outcome="project", rationale="Gute Sache.")
    assert bundle.status == BundleStatus.DECIDED and decision.decided_by_id == innovation.id
    assert a.status == "accepted" and a.history[-1].is_official_answer
    project = bundle.projects[0]
    assert project.status == ProjectStatus.PLANNED and project.theme_id == bundle.theme_id
    ops.add_project_update(innovation, project, text="Planung begonnen.", status="running")
    assert project.status == "running" and project.updates[0].status_from == "planned"

    assert log_actions("bundle", bundle.id) == [
        "bundle_create",
        "bundle_add_item",
        "bundle_add_item",
        "bundle_add_item",
        "bundle_move_item",
        "bundle_remove_item",
        "bundle_submit",
        "bundle_decide",
    ]
    assert log_actions("project", project.id) == ["project_create", "project_update"]


@pytest.mark.parametrize(
    ("outcome", "status"),
    [("rejected", "rejected"), ("merged", "accepted"), ("deferred", "bundled")],
)
def test_outcome_sets_idea_status(
    session, make_idea, make_bundle, moderator, innovation, outcome, status
):
    idea = make_idea()
    bundle = make_bundle([idea])
    ops.submit_bundle(moderator, bundle)
    ops.decide_bundle(innovation, bundle, outcome=outcome, rationale="Begründung.")
    assert idea.status == status
    assert "Begründung." in idea.history[-1].note
    assert bundle.projects == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "maybe", "rationale": "x"}, "outcome"),
        ({"outcome": "rejected", "rationale": "  "}, "rationale"),
        ({"outcome": "rejected", "rationale": "x" * 5001}, "rationale"),
    ],
)
def test_bad_decisions_change_nothing(
    session, make_idea, make_bundle, moderator, innovation, kwargs, field
):
    idea = make_idea()
    bundle = make_bundle([idea])
    ops.submit_bundle(moderator, bundle)
    with pytest.raises(ops.BundleError) as err:
        ops.decide_bundle(innovation, bundle, **kwargs)
    assert err.value.field == field
    assert bundle.status == "submitted" and bundle.decision is None and idea.status == "bundled"


def test_ideas_must_fit_theme_and_organisation(
    session, make_idea, make_bundle, make_process, moderator
):
    other_theme = make_process(theme="gesellschaft")
    other_org = make_process(organisation="stadtwerke")
    bundle = make_bundle()
    for target in (other_theme, other_org):
        idea = make_idea(target=target)
        with pytest.raises(ops.BundleError):
            ops.add_idea(moderator, bundle, idea)
    with pytest.raises(ops.BundleError):
        ops.submit_bundle(moderator, bundle)  # empty
    assert bundle.items == [] and bundle.status == "draft"


# --- permissions (pages) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "view", "edit"),
    [
        ("owner", "draft", 200, 200),
        ("other_moderator", "draft", 404, 404),
        ("innovation", "draft", 404, 404),
        ("citizen", "draft", 404, 404),
        ("visitor", "draft", 404, 404),
        ("admin", "draft", 200, 200),
        ("visitor", "submitted", 200, 302),
        ("citizen", "submitted", 200, 403),
        ("owner", "submitted", 200, 403),
        ("visitor", "decided", 200, 302),
    ],
)
def test_bundle_page_permissions(
    client,
    make_user,
    make_idea,
    make_bundle,
    moderator,
    other_moderator,
    innovation,
    who,
    status,
    view,
    edit,
):
    bundle = make_bundle([make_idea()])
    if status != "draft":
        ops.submit_bundle(moderator, bundle)
    if status == "decided":
        ops.decide_bundle(innovation, bundle, outcome="rejected", rationale="Zu teuer.")
    users = {
        "owner": moderator,
        "other_moderator": other_moderator,
        "innovation": innovation,
        "citizen": make_user(),
        "admin": make_user("admin"),
    }
    if who in users:
        client.login(users[who])
    assert client.get(f"/bundles/{bundle.id}").status_code == view
    assert client.get(f"/bundles/{bundle.id}/edit").status_code == edit


@pytest.mark.parametrize(
    ("role", "build", "inbox"),
    [
        ("citizen", 403, 403),
        ("moderator", 200, 403),
        ("innovation", 403, 200),
        ("admin", 200, 200),
    ],
)
def test_role_table(client, make_user, role, build, inbox):
    client.login(make_user(role, organisations=("bogestra",) if role == "moderator" else ()))
    assert client.get("/bundles/new").status_code == build
    assert client.get("/bundles/manage").status_code == build
    assert client.get("/innovation/").status_code == inbox


def test_innovation_cannot_build_and_moderator_cannot_decide(
    client, make_idea, make_bundle, moderator, innovation
):
    bundle = make_bundle([make_idea()])
    client.login(innovation)
    assert client.post_form(f"/bundles/{bundle.id}/submit").status_code == 404  # draft invisible
    ops.submit_bundle(moderator, bundle)
    client.login(moderator)
    response = client.post_form(
        f"/bundles/{bundle.id}/decide", {"outcome": "rejected", "rationale": "x"}
    )
    assert response.status_code == 403
    assert bundle.status == "submitted"


# --- web flow -------------------------------------------------------------------------------------


def test_web_flow(client, session, make_idea, moderator, innovation, process, anon):
    idea = make_idea("Fahrradständer am Rathaus")
    client.login(moderator)
    response = client.post_form(
        "/bundles/new",
        {
            "title": "Fahrradparken",
            "theme_id": str(process.theme_id),
            "organisation_id": str(process.organisation_id),
            "summary": "Mehr Stellplätze.",
            "recommendation": "Bitte *umsetzen*",
        },
    )
    assert response.status_code == 303
    bundle = session.scalars(select(Bundle).where(Bundle.title == "Fahrradparken")).one()
    assert "<em>umsetzen</em>" in bundle.recommendation
    page = client.get(f"/bundles/{bundle.id}").get_data(as_text=True)
    assert "Fahrradständer am Rathaus" in page  # offered as a candidate
    assert (
        client.post_form(f"/bundles/{bundle.id}/items", {"idea_id": str(idea.id)}).status_code
        == 303
    )
    assert client.post_form(f"/bundles/{bundle.id}/items", {"idea_id": "abc"}).status_code == 303
    assert len(bundle.items) == 1
    assert client.post(f"/bundles/{bundle.id}/submit").status_code == 400  # no CSRF token
    assert bundle.status == "draft"
    assert client.post_form(f"/bundles/{bundle.id}/submit").status_code == 303
    assert bundle.status == "submitted"

    client.login(innovation)
    assert "Fahrradparken" in client.get("/innovation/").get_data(as_text=True)
    response = client.post_form(
        f"/bundles/{bundle.id}/decide", {"outcome": "project", "rationale": ""}
    )
    assert response.status_code == 200 and bundle.status == "submitted"
    response = client.post_form(
        f"/bundles/{bundle.id}/decide", {"outcome": "project", "rationale": "Wird gemacht."}
    )
    assert response.status_code == 303
    project = session.scalars(select(Project)).one()
    assert response.headers["Location"].endswith(f"/projects/{project.id}")

    page = anon.get(f"/bundles/{bundle.id}").get_data(as_text=True)
    assert "Wird gemacht." in page and "Fahrradständer am Rathaus" in page
    page = anon.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"/bundles/{bundle.id}" in page and f"/ideas/{idea.id}" in page
    assert "Fahrradparken" in anon.get("/").get_data(as_text=True)
    assert "Fahrradparken" in anon.get("/projects/").get_data(as_text=True)
    html = anon.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Accepted" in html or "Angenommen" in html or idea.status == "accepted"


def test_project_update_form(client, make_idea, make_bundle, moderator, innovation):
    bundle = make_bundle([make_idea()])
    ops.submit_bundle(moderator, bundle)
    ops.decide_bundle(innovation, bundle, outcome="project", rationale="Ja.")
    project = bundle.projects[0]
    client.login(innovation)
    response = client.post_form(f"/projects/{project.id}/updates", {"text": "", "status": "done"})
    assert response.status_code == 200 and project.status == "planned"
    response = client.post_form(
        f"/projects/{project.id}/updates", {"text": "Fertig!", "status": "done"}
    )
    assert response.status_code == 303 and project.status == "done"
    client.login(moderator)
    assert client.post_form(f"/projects/{project.id}/updates", {"text": "x"}).status_code == 403
