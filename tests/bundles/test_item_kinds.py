"""Bundles take a survey's results and comments on draft paragraphs besides ideas: the rules,
the editor without JavaScript, the public page, the API and the decision's notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_helpers import API, ApiClient
from bundle_fixtures import *  # noqa: F403
from conftest import FROZEN_AT
from sqlalchemy import select

from engage.bundles import operations as ops
from engage.bundles.models import BundleItem
from engage.drafts import operations as draft_ops
from engage.drafts import queries as draft_queries
from engage.moderation.models import ModerationLogEntry
from engage.notifications.models import Notification
from engage.notifications.texts import render
from engage.organisations.models import Organisation
from engage.surveys import operations as survey_ops
from engage.surveys.operations import AnswerInput
from engage.themes.models import Theme

DAY = timedelta(days=1)
EN = {"Accept-Language": "en"}


@pytest.fixture
def survey(session, make_process, make_user):
    process = make_process(
        title="Befragung Radverkehr", phases=[("survey", FROZEN_AT - DAY, FROZEN_AT + 9 * DAY)]
    )
    data = survey_ops.validate_survey_input("Wie fahren Sie Rad?", "Kurz.", False)
    survey = survey_ops.create_survey(None, process, data)
    question = survey_ops.add_question(
        None,
        survey,
        survey_ops.validate_question_input(
            kind="single", text="Wie oft?", required=True, choices=["Oft", "Selten"]
        ),
    )
    survey_ops.publish_survey(None, survey)
    session.flush()
    for _n in range(3):
        survey_ops.submit_response(
            survey, make_user(), {question.id: AnswerInput(choice_ids=[question.choices[0].id])}
        )
    session.flush()
    return survey


@pytest.fixture
def draft(session, make_process, moderator):
    process = make_process(phases=[("comment", FROZEN_AT - DAY, FROZEN_AT + 9 * DAY)])
    draft = draft_ops.create_draft(
        moderator, process, "Radverkehrsplan", "# Ziele\n\nMehr Radwege.\n\nSichere Kreuzungen."
    )
    draft_ops.publish_version(moderator, draft)
    session.flush()
    return draft


@pytest.fixture
def comment(session, draft, make_user):
    paragraph = next(p for p in draft_queries.paragraphs_of(draft.current_version) if p.number == 2)
    writer = make_user(name="Clara Kommentar", email="clara@example.org")
    comment = draft_ops.add_comment(writer, draft, paragraph, "Bitte Ampeln für Räder.")
    session.flush()
    return comment


def _log(session, action):
    return list(
        session.scalars(
            select(ModerationLogEntry)
            .where(ModerationLogEntry.action == action)
            .order_by(ModerationLogEntry.id)
        )
    )


def test_add_survey_and_comment_with_their_rules(
    session, make_bundle, moderator, other_moderator, survey, comment, make_process
):
    bundle = make_bundle()
    item = ops.add_survey(moderator, bundle, survey)
    assert (item.kind, item.survey_id, item.idea_id, item.position) == (
        "survey",
        survey.id,
        None,
        1,
    )
    item = ops.add_draft_comment(moderator, bundle, comment)
    assert (item.kind, item.comment_id, item.position) == ("draft_comment", comment.id, 2)
    logged = _log(session, "bundle_add_item")
    assert [e.details for e in logged] == [
        {"kind": "survey", "survey_id": survey.id},
        {"kind": "draft_comment", "comment_id": comment.id},
    ]

    with pytest.raises(ops.BundleError) as err:
        ops.add_survey(moderator, bundle, survey)
    assert err.value.key == "survey_duplicate"
    with pytest.raises(ops.BundleError) as err:
        ops.add_draft_comment(moderator, bundle, comment)
    assert err.value.key == "comment_duplicate"

    stadtwerke = session.scalar(select(Organisation).where(Organisation.slug == "stadtwerke"))
    other = make_bundle(user=other_moderator, organisation=stadtwerke)
    with pytest.raises(ops.BundleError) as err:  # not their organisation's survey
        ops.add_survey(other_moderator, other, survey)
    assert err.value.key == "survey"
    with pytest.raises(ops.BundleError) as err:
        ops.add_draft_comment(other_moderator, other, comment)
    assert err.value.key == "comment"

    bike = make_bundle(title="Anderes Thema")
    bike.theme_id = session.scalar(
        select(Theme.id).where(Theme.id != survey.process.theme_id).limit(1)
    )
    with pytest.raises(ops.BundleError):  # another theme
        ops.add_survey(moderator, bike, survey)

    comment.hidden_dt = FROZEN_AT
    fresh = make_bundle(title="Noch ein Bündel")
    with pytest.raises(ops.BundleError) as err:  # hidden comments are not added
        ops.add_draft_comment(moderator, fresh, comment)
    assert err.value.key == "comment"
    assert session.scalar(select(BundleItem).where(BundleItem.bundle_id == fresh.id)) is None


def test_editor_adds_moves_removes_without_javascript(
    client, session, make_bundle, make_idea, moderator, survey, comment, anon
):
    idea = make_idea("Fahrradstraße in Ehrenfeld")
    bundle = make_bundle([idea])
    client.login(moderator)
    page = client.get(f"/bundles/{bundle.id}", headers=EN).get_data(as_text=True)
    assert "Add survey results" in page and "Wie fahren Sie Rad?" in page
    assert "Bitte Ampeln für Räder." in page  # offered as a draft comment

    r = client.post_form(
        f"/bundles/{bundle.id}/items", {"kind": "survey", "survey_id": str(survey.id)}
    )
    assert r.status_code == 303
    r = client.post_form(
        f"/bundles/{bundle.id}/items", {"kind": "draft_comment", "comment_id": str(comment.id)}
    )
    assert r.status_code == 303
    r = client.post_form(f"/bundles/{bundle.id}/items", {"kind": "survey", "survey_id": "x"})
    assert r.status_code == 303
    assert [i.kind for i in bundle.items] == ["idea", "survey", "draft_comment"]

    search = client.get(f"/bundles/{bundle.id}?cq=Ampeln", headers=EN).get_data(as_text=True)
    assert f'name="comment_id" value="{comment.id}"' not in search  # in the bundle already

    last = bundle.items[-1]
    assert (
        client.post_form(
            f"/bundles/{bundle.id}/items/{last.id}/move", {"direction": "up"}
        ).status_code
        == 303
    )
    session.refresh(bundle)
    assert [i.kind for i in bundle.items] == ["idea", "draft_comment", "survey"]

    page = client.get(f"/bundles/{bundle.id}", headers=EN).get_data(as_text=True)
    assert "Results of the survey “Wie fahren Sie Rad?”" in page
    assert "3 responses" in page
    assert "Comment on paragraph 2 of the draft “Radverkehrsplan”" in page
    assert f"/surveys/{survey.id}/results" in page
    assert f"#comment-{comment.id}" in page

    ops.submit_bundle(moderator, bundle)
    session.flush()
    public = anon.get(f"/bundles/{bundle.id}", headers=EN).get_data(as_text=True)
    assert "Bitte Ampeln für Räder." in public and "3 responses" in public
    comment.hidden_dt = FROZEN_AT  # hidden later by moderation: its text leaves the page
    session.flush()
    public = anon.get(f"/bundles/{bundle.id}", headers=EN).get_data(as_text=True)
    assert "Bitte Ampeln für Räder." not in public
    assert "This comment is no longer shown." in public


def test_api_lists_items_with_their_kind(client, session, make_bundle, moderator, survey, comment):
    api = ApiClient(client, client.get(f"{API}/openapi.json").get_json())
    bundle = make_bundle()
    ops.add_survey(moderator, bundle, survey)
    ops.add_draft_comment(moderator, bundle, comment)
    ops.submit_bundle(moderator, bundle)
    session.flush()
    items = api.get(f"/bundles/{bundle.id}").get_json()["items"]
    assert [(i["kind"], i["position"]) for i in items] == [("survey", 1), ("draft_comment", 2)]
    survey_item, comment_item = items
    assert survey_item["survey_id"] == survey.id and survey_item["responses_count"] == 3
    assert survey_item["title"] == "Wie fahren Sie Rad?" and survey_item["idea_id"] is None
    assert survey_item["url"].endswith(f"/surveys/{survey.id}/results")
    assert comment_item["comment_id"] == comment.id
    assert comment_item["text"] == "Bitte Ampeln für Räder."
    assert comment_item["paragraph_number"] == 2 and comment_item["title"] == "Radverkehrsplan"
    assert comment_item["url"].endswith(f"#comment-{comment.id}")
    assert api.get("/bundles").get_json()["items"][0]["items"] == items


def test_decision_reaches_draft_commenters(
    session, make_bundle, make_idea, moderator, innovation, author, comment
):
    bundle = make_bundle([make_idea()])
    ops.add_draft_comment(moderator, bundle, comment)
    ops.submit_bundle(moderator, bundle)
    ops.decide_bundle(innovation, bundle, outcome="deferred", rationale="Später.")
    session.flush()
    told = {
        n.user_id: n
        for n in session.scalars(select(Notification).where(Notification.kind == "bundle_decision"))
    }
    assert set(told) == {author.id, comment.author_id}
    mine = told[comment.author_id]
    assert mine.params["role"] == "commenter" and mine.params["idea_title"] == "Radverkehrsplan"
    head = render(mine).title
    assert head == "Decision on your comment on the draft “Radverkehrsplan”: Deferred"
