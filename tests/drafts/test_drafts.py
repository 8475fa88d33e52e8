"""Drafts: versions, paragraph comments across versions, phase rules, the response table and
its exports."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from conftest import FROZEN_AT
from pypdf import PdfReader
from sqlalchemy import func, select

from engage.drafts import operations as ops
from engage.drafts import permissions as perms
from engage.drafts import queries, signals
from engage.drafts.models import CommentResponse, Draft
from engage.ideas.models import Comment
from engage.ideas.operations import IdeaError

DAY = timedelta(days=1)
EN = {"Accept-Language": "en"}
V1 = """# Ziele

Absatz eins über den Busverkehr.

Absatz zwei über Radwege in Bochum.

Absatz drei über Haltestellen und Barrierefreiheit."""
# Version 2 inserts a paragraph before the former third one.
V2 = """# Ziele

Absatz eins über den Busverkehr.

Absatz zwei über Radwege in Bochum.

Ein neuer Absatz über Carsharing am Hauptbahnhof.

Absatz drei über Haltestellen und Barrierefreiheit."""


def _phases(when: str):
    if when == "before":
        return [("comment", FROZEN_AT + DAY, FROZEN_AT + 10 * DAY)]
    if when == "during":
        return [("comment", FROZEN_AT - DAY, FROZEN_AT + 10 * DAY)]
    return [
        ("comment", FROZEN_AT - 10 * DAY, FROZEN_AT - DAY),
        ("evaluation", FROZEN_AT - DAY, FROZEN_AT + 30 * DAY),
    ]


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", organisations=("bogestra",))


@pytest.fixture
def make_draft(make_process, moderator, session, clock):
    def factory(when: str = "during", source: str = V1):
        process = make_process(phases=_phases(when))
        draft = ops.create_draft(moderator, process, "Nahverkehrsplan 2030", source)
        ops.publish_version(moderator, draft)
        session.flush()
        return draft

    return factory


def _para(draft, number, version=None):
    version = version or draft.current_version
    return next(p for p in queries.paragraphs_of(version) if p.number == number)


def _publish_v2(moderator, draft, source=V2):
    ops.save_version(moderator, draft, draft.title, source, "Carsharing ergänzt")
    return ops.publish_version(moderator, draft)


# --- versions and paragraphs ------------------------------------------------------------------


def test_paragraphs_are_numbered_and_headings_kept(make_draft):
    draft = make_draft()
    paragraphs = queries.paragraphs_of(draft.current_version)
    assert [(p.position, p.kind, p.number) for p in paragraphs] == [
        (1, "heading", None),
        (2, "paragraph", 1),
        (3, "paragraph", 2),
        (4, "paragraph", 3),
    ]
    assert paragraphs[0].text == "Ziele"


def test_comment_stays_on_its_version_and_the_mapping_note_appears(
    make_draft, make_user, moderator, client
):
    draft = make_draft()
    citizen = make_user()
    old_third = _para(draft, 3)
    comment = ops.add_comment(citizen, draft, old_third, "Bitte mehr Bänke an Haltestellen.")
    v2 = _publish_v2(moderator, draft)
    assert comment.paragraph_id == old_third.id  # stays attached to version 1, paragraph 3
    new_fourth = _para(draft, 4, v2)
    assert new_fourth.key == old_third.key and new_fourth.text == old_third.text
    assert _para(draft, 3, v2).key != old_third.key  # the inserted paragraph is new

    views = {v.paragraph.id: v for v in queries.paragraph_views(draft, v2)}
    assert views[new_fourth.id].comments == 0
    assert views[new_fourth.id].earlier.count == 1
    assert views[new_fourth.id].earlier.paragraph_id == old_third.id

    page = client.get(f"/drafts/{draft.id}", headers=EN).get_data(as_text=True)
    assert "1 comment on the earlier version of this paragraph" in page
    assert f"/drafts/{draft.id}/paragraphs/{old_third.id}" in page
    old_page = client.get(f"/drafts/{draft.id}/paragraphs/{old_third.id}", headers=EN).get_data(
        as_text=True
    )
    assert "Bitte mehr Bänke an Haltestellen." in old_page
    assert "earlier version of the draft" in old_page
    assert f"/drafts/{draft.id}/paragraphs/{new_fourth.id}" in old_page
    # no new comments on the old version
    with pytest.raises(IdeaError) as err:
        ops.add_comment(citizen, draft, old_third, "Noch ein Kommentar.")
    assert err.value.code == "old_version"


def test_changes_page_shows_added_paragraph_with_words_and_ins(make_draft, moderator, client):
    draft = make_draft()
    source = V2.replace("Radwege in Bochum", "sichere Radwege in Bochum")
    _publish_v2(moderator, draft, source)
    html = client.get(f"/drafts/{draft.id}/versions/2/changes", headers=EN).get_data(as_text=True)
    assert (
        "Added:" in html and "<ins>Ein neuer Absatz über Carsharing am Hauptbahnhof.</ins>" in html
    )
    assert "Changed:" in html and "sichere " in html
    assert "1 paragraph added" in html
    assert client.get(f"/drafts/{draft.id}/versions/1/changes", headers=EN).status_code == 404
    assert client.get(f"/drafts/{draft.id}/versions/9", headers=EN).status_code == 404


def test_moderator_writes_previews_and_publishes_through_the_pages(
    make_process, moderator, client, session
):
    process = make_process(phases=_phases("during"))
    client.login(moderator)
    resp = client.post_form(
        f"/processes/{process.id}/drafts/new",
        {"title": "Entwurf", "source": "   "},
        headers=EN,
    )
    assert resp.status_code == 422 and "at least one paragraph" in resp.get_data(as_text=True)
    assert session.scalar(select(func.count(Draft.id))) == 0
    resp = client.post_form(
        f"/processes/{process.id}/drafts/new", {"title": "Entwurf zum Radverkehr", "source": V1}
    )
    assert resp.status_code == 303
    draft = session.scalar(select(Draft))
    assert not draft.is_published
    assert "Preview of version 1" in client.get(f"/drafts/{draft.id}/preview", headers=EN).get_data(
        as_text=True
    )
    client.logout()
    assert (
        client.get(f"/drafts/{draft.id}", headers=EN).status_code == 404
    )  # unpublished: moderators only
    client.login(moderator)
    assert client.post_form(f"/drafts/{draft.id}/publish").status_code == 303
    session.refresh(draft)
    assert draft.is_published and draft.current_version.number == 1
    client.logout()
    page = client.get(f"/drafts/{draft.id}", headers=EN).get_data(as_text=True)
    assert "Paragraph 3" in page and "Absatz drei über Haltestellen" in page


@pytest.mark.parametrize(
    "role, orgs, allowed",
    [
        ("moderator", ("bogestra",), True),
        ("moderator", ("stadtwerke",), False),
        ("admin", (), True),
        ("citizen", (), False),
        ("innovation", (), False),
    ],
)
def test_only_moderators_of_the_org_publish_versions(make_draft, make_user, role, orgs, allowed):
    draft = make_draft()
    user = make_user(role, organisations=orgs)
    assert perms.can_publish_version(user, draft) is allowed
    if not allowed:
        with pytest.raises(IdeaError):
            ops.save_version(user, draft, draft.title, V2)


# --- comment phase rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, when, allowed",
    [
        ("citizen", "before", False),
        ("citizen", "during", True),
        ("citizen", "after", False),
        ("visitor", "during", False),
        ("unconfirmed", "during", False),
        ("moderator", "during", True),
        ("moderator", "after", False),
    ],
)
def test_commenting_follows_the_phase(make_draft, make_user, moderator, who, when, allowed):
    draft = make_draft(when)
    user = {
        "citizen": lambda: make_user(),
        "visitor": lambda: None,
        "unconfirmed": lambda: make_user(confirmed=False),
        "moderator": lambda: moderator,
    }[who]()
    assert perms.can_comment_paragraph(user, draft, _para(draft, 1)) is allowed


def test_heading_cannot_be_commented(make_draft, make_user):
    draft = make_draft()
    heading = queries.paragraphs_of(draft.current_version)[0]
    assert perms.comment_denial(make_user(), draft, heading).reason == "heading"


def test_comment_page_threads_reply_edit_window_delete_placeholder(
    make_draft, make_user, client, clock, session
):
    draft = make_draft()
    p = _para(draft, 2)
    author, other = make_user(), make_user()
    client.login(author)
    url = f"/drafts/{draft.id}/paragraphs/{p.id}"
    assert client.post_form(f"{url}/comments", {"body": ""}).status_code == 422
    assert client.post_form(f"{url}/comments", {"body": "x" * 2001}).status_code == 422
    assert session.scalar(select(func.count(Comment.id))) == 0
    assert client.post(f"{url}/comments", data={"body": "ohne token"}).status_code == 400
    resp = client.post_form(f"{url}/comments", {"body": "Mehr Radwege bitte."})
    assert resp.status_code == 303
    top = session.scalar(select(Comment).where(Comment.paragraph_id == p.id))
    client.logout()
    client.login(other)
    resp = client.post_form(
        f"{url}/comments", {"reply-parent_id": str(top.id), "reply-body": "Sehe ich auch so."}
    )
    assert resp.status_code == 303
    reply = session.scalar(select(Comment).where(Comment.parent_id == top.id))
    assert reply.depth == 1 and reply.paragraph_id == p.id and reply.idea_id is None
    # others cannot edit; the author can within 15 minutes
    assert (
        client.post_form(f"/drafts/comments/{top.id}/edit", {"edit-body": "Fremd"}).status_code
        == 403
    )
    client.logout()
    client.login(author)
    assert (
        client.post_form(
            f"/drafts/comments/{top.id}/edit", {"edit-body": "Mehr sichere Radwege."}
        ).status_code
        == 303
    )
    assert top.body == "Mehr sichere Radwege." and top.edited_dt is not None
    clock.advance(timedelta(minutes=16))
    assert (
        client.post_form(f"/drafts/comments/{top.id}/edit", {"edit-body": "Zu spät"}).status_code
        == 409
    )
    assert top.body == "Mehr sichere Radwege."
    assert client.post_form(f"/drafts/comments/{top.id}/delete").status_code == 303
    html = client.get(url, headers=EN).get_data(as_text=True)
    assert "This comment was deleted." in html and "Sehe ich auch so." in html
    assert "Mehr sichere Radwege." not in html
    assert client.get(f"/drafts/{draft.id}/paragraphs/999999", headers=EN).status_code == 404
    assert client.post_form("/drafts/comments/999999/delete").status_code == 404


def test_flags_hide_a_paragraph_comment(make_draft, make_user, app):
    draft = make_draft()
    author = make_user()
    comment = ops.add_comment(author, draft, _para(draft, 1), "Werbung für meinen Laden!")
    hidden = []
    signals.comment_hidden.connect(lambda s, **kw: hidden.append(kw["comment"]), weak=False)
    threshold = app.config.get("FLAG_HIDE_THRESHOLD", 3)
    for _ in range(threshold):
        ops.flag_comment(make_user(), draft, comment, "spam")
    assert comment.is_hidden and hidden and hidden[-1] is comment
    with pytest.raises(IdeaError):
        ops.flag_comment(author, draft, comment, "spam")


def test_paragraph_comments_do_not_leak_into_idea_pages(make_draft, make_user, client):
    draft = make_draft()
    comment = ops.add_comment(make_user(), draft, _para(draft, 1), "Nur für den Entwurf.")
    client.login(make_user())
    assert client.post_form(f"/ideas/comments/{comment.id}/delete").status_code == 404


def test_draft_page_query_count_does_not_grow(
    make_draft, make_user, moderator, client, count_queries, session
):
    draft = make_draft()
    citizen = make_user()
    ops.add_comment(citizen, draft, _para(draft, 1), "Erster.")
    _publish_v2(moderator, draft)
    session.flush()
    with count_queries() as small:
        assert client.get(f"/drafts/{draft.id}", headers=EN).status_code == 200
    for n in range(1, 5):
        for _ in range(3):
            ops.add_comment(make_user(), draft, _para(draft, n), "Noch einer.")
    _publish_v2(moderator, draft, V2 + "\n\nWeiterer Absatz.\n\nUnd noch einer.")
    session.flush()
    with count_queries() as large:
        assert client.get(f"/drafts/{draft.id}", headers=EN).status_code == 200
    assert large.count == small.count


# --- the response table -----------------------------------------------------------------------


@pytest.fixture
def answered(make_draft, make_user, moderator, clock):
    """A draft whose comment phase ended, with three comments (one with a formula)."""
    draft = make_draft("during")
    c1 = ops.add_comment(make_user(), draft, _para(draft, 1), "Busse öfter fahren lassen.")
    c2 = ops.add_comment(make_user(), draft, _para(draft, 2), '=HYPERLINK("http://x")')
    c3 = ops.add_comment(make_user(), draft, _para(draft, 2), "Radweg an der Herner Straße.")
    clock.set(FROZEN_AT + 11 * DAY)
    return draft, [c1, c2, c3]


@pytest.mark.parametrize(
    "when, role, orgs, allowed",
    [
        ("before", "moderator", ("bogestra",), False),
        ("during", "moderator", ("bogestra",), False),
        ("after", "moderator", ("bogestra",), True),
        ("after", "moderator", ("stadtwerke",), False),
        ("after", "citizen", (), False),
        ("after", "admin", (), True),
    ],
)
def test_only_the_orgs_moderators_respond_after_the_phase(
    make_draft, make_user, when, role, orgs, allowed
):
    draft = make_draft(when)
    assert perms.can_respond(make_user(role, organisations=orgs), draft) is allowed


def test_response_table_publish_filters_and_signal(answered, moderator, client, session, make_user):
    draft, (c1, c2, c3) = answered
    client.login(moderator)
    url = f"/drafts/{draft.id}/responses"
    resp = client.post_form(f"{url}/{c1.id}", {"outcome": "bogus", "rationale": ""})
    assert resp.status_code == 422 and session.scalar(select(func.count(CommentResponse.id))) == 0
    assert (
        client.post_form(
            f"{url}/{c1.id}", {"outcome": "adopted", "rationale": "Takt wird verdichtet."}
        ).status_code
        == 303
    )
    assert (
        client.post_form(
            f"{url}/{c2.id}", {"outcome": "out_of_scope", "rationale": "Kein Bezug."}
        ).status_code
        == 303
    )
    # not complete yet: publishing is refused and nothing changes
    client.post_form(f"{url}/publish")
    assert draft.response_table_published_dt is None
    ops.record_response(moderator, draft, c3, "partly_adopted", "Teilweise geplant.")
    told = []
    signals.comment_response_published.connect(
        lambda s, **kw: told.append((kw["comment"].id, kw["response"].outcome)), weak=False
    )
    assert client.post_form(f"{url}/publish").status_code == 303
    assert draft.response_table_published_dt is not None
    assert sorted(told) == sorted(
        [(c1.id, "adopted"), (c2.id, "out_of_scope"), (c3.id, "partly_adopted")]
    )
    client.logout()
    html = client.get(url, headers=EN).get_data(as_text=True)
    assert "Takt wird verdichtet." in html and "Teilweise geplant." in html
    html = client.get(f"{url}?outcome=adopted", headers=EN).get_data(as_text=True)
    assert "Takt wird verdichtet." in html and "Teilweise geplant." not in html
    p2 = _para(draft, 2)
    html = client.get(f"{url}?paragraph={p2.id}", headers=EN).get_data(as_text=True)
    assert "Radweg an der Herner Straße." in html and "Busse öfter" not in html
    assert client.get(f"{url}?outcome=nonsense&paragraph=abc", headers=EN).status_code == 200
    # citizens cannot record responses
    client.login(make_user())
    assert (
        client.post_form(f"{url}/{c1.id}", {"outcome": "not_adopted", "rationale": "x"}).status_code
        == 403
    )
    assert queries.response_for(c1).outcome == "adopted"


def test_unpublished_table_is_for_moderators_only(answered, client, make_user):
    draft, _comments = answered
    assert client.get(f"/drafts/{draft.id}/responses", headers=EN).status_code in (302, 401)
    client.login(make_user())
    assert client.get(f"/drafts/{draft.id}/responses", headers=EN).status_code == 403
    assert client.get(f"/drafts/{draft.id}/responses.csv", headers=EN).status_code == 403


def test_exports_read_back_and_neutralise_formulas(answered, moderator, client):
    draft, (c1, c2, c3) = answered
    for c, outcome in ((c1, "adopted"), (c2, "not_adopted"), (c3, "out_of_scope")):
        ops.record_response(moderator, draft, c, outcome, f"=SUM(A1) Grund {c.id}")
    ops.publish_responses(moderator, draft)
    url = f"/drafts/{draft.id}/responses"

    resp = client.get(f"{url}.csv", headers=EN)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert rows[0][0] == "Version" and len(rows) == 4
    bodies = [r[5] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in bodies
    assert all(r[8].startswith("'=SUM") for r in rows[1:])

    resp = client.get(f"{url}.xlsx?outcome=adopted", headers=EN)
    sheet = openpyxl.load_workbook(io.BytesIO(resp.get_data())).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2 and values[1][5] == "Busse öfter fahren lassen."
    assert sheet.cell(row=2, column=9).data_type == "s"  # a string, never a formula

    resp = client.get(f"{url}.pdf", headers=EN)
    assert resp.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(resp.get_data())).pages)
    assert "Busse öfter fahren lassen." in text and "Radweg an der Herner Straße." in text
    assert "Adopted" in text and "Nahverkehrsplan 2030" in text


def test_process_page_lists_the_draft(make_draft, client):
    draft = make_draft()
    html = client.get(f"/processes/{draft.process_id}", headers=EN).get_data(as_text=True)
    assert f"/drafts/{draft.id}" in html and "Nahverkehrsplan 2030" in html


def test_api_process_lists_published_draft_ids(make_draft, make_process, moderator, client):
    draft = make_draft()
    hidden = ops.create_draft(moderator, draft.process, "Noch nicht veröffentlicht", V1)
    body = client.get(f"/api/v1/processes/{draft.process_id}").get_json()
    assert body["drafts"] == [draft.id] and hidden.id not in body["drafts"]


def test_visitor_is_asked_to_sign_in_and_sees_no_form(make_draft, client):
    draft = make_draft()
    html = client.get(f"/drafts/{draft.id}/paragraphs/{_para(draft, 1).id}", headers=EN)
    text = html.get_data(as_text=True)
    assert "Please sign in to take part." in text and 'id="comment-form"' not in text
    closed = make_draft("after")
    text = client.get(f"/drafts/{closed.id}/paragraphs/{_para(closed, 1).id}", headers=EN)
    assert "This phase has ended." in text.get_data(as_text=True)


def test_commenters_are_told_how_their_comment_was_handled(answered, moderator, session):
    from engage.notifications.models import Notification

    draft, comments = answered
    for comment in comments:
        ops.record_response(moderator, draft, comment, "not_adopted", "Nicht finanzierbar.")
    ops.publish_responses(moderator, draft)
    session.commit()
    authors = {comment.author_id for comment in comments}
    told = session.scalars(
        select(Notification).where(Notification.kind == "comment_response")
    ).all()
    assert {n.user_id for n in told} == authors
    assert all(n.params["outcome"] == "not_adopted" for n in told)
    assert all(n.link.endswith(f"/drafts/{draft.id}/responses") for n in told)
