"""The idea pages: lists, the form, the idea page with supports, comments and flags."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from idea_fixtures import *  # noqa: F403
from idea_fixtures import DAY, WINDOWS
from sqlalchemy import func, select

from engage.ideas import operations as ops
from engage.ideas.models import Comment, Flag, Idea, IdeaStatus, Support

TITLE = "Mehr Fahrradbügel am Hauptbahnhof"
EN = {"Accept-Language": "en"}


def html(response) -> str:
    return response.get_data(as_text=True)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def state(session) -> tuple[int, ...]:
    return tuple(count(session, m) for m in (Idea, Support, Comment, Flag))


def field_error(page: str, field_id: str) -> str | None:
    """The error message shown at a field (tied to it by id), or None."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">([^<]*)</p>', page)
    return match.group(1) if match else None


# --- lists --------------------------------------------------------------------------------------


def test_list_shows_public_ideas_with_counts_and_filters(
    client, session, make_idea, make_process, process, citizen, author
):
    a = make_idea("Radweg an der Wattenscheider Straße", district="wattenscheid", tags="rad")
    make_idea("Sitzbänke im Stadtpark aufstellen", district="mitte")
    ops.support_idea(citizen, a)
    pending = make_idea("Wartende Idee im Vorab-Verfahren", process=make_process(moderation="pre"))
    response = client.get(f"/processes/{process.id}/ideas", headers=EN)
    page = html(response)
    assert response.status_code == 200
    assert "Radweg an der Wattenscheider Straße" in page and "Sitzbänke im Stadtpark" in page
    assert "1 support" in page and "2 ideas found." in page
    assert pending.title not in page
    page = html(client.get(f"/processes/{process.id}/ideas?district=mitte", headers=EN))
    assert "Sitzbänke" in page and "Wattenscheider" not in page
    page = html(client.get(f"/processes/{process.id}/ideas?q=Radweg&tag=rad", headers=EN))
    assert "Wattenscheider" in page and "Sitzbänke" not in page


@pytest.mark.parametrize(
    "query",
    [
        "?district=nowhere&status=pending&sort=evil&page=-3&per_page=abc",
        "?q=%22&tag=%00",
        "?page=999999999999",
        "?status=hidden",
    ],
)
def test_list_tolerates_bad_query_strings(client, idea, process, query):
    response = client.get(f"/processes/{process.id}/ideas{query}", headers=EN)
    assert response.status_code == 200


def test_list_of_unknown_or_draft_process_is_404(client, make_process):
    assert client.get("/processes/999999/ideas").status_code == 404
    draft = make_process(status="draft")
    assert client.get(f"/processes/{draft.id}/ideas").status_code == 404


def test_random_order_is_stable_for_one_visitor(client, make_idea, process):
    for n in range(12):
        make_idea(f"Zufällige Idee Nummer {n:02d} hier")
    url = f"/processes/{process.id}/ideas?sort=random&per_page=12"
    first = re.findall(r"Zufällige Idee Nummer \d+", html(client.get(url)))
    again = re.findall(r"Zufällige Idee Nummer \d+", html(client.get(url)))
    assert first == again and len(first) == 12


# --- the form -----------------------------------------------------------------------------------

GOOD = {"title": TITLE, "body": "Am Bahnhof fehlen Abstellplätze.", "district": "mitte"}


def test_submit_an_idea(client, session, citizen, process):
    client.login(citizen)
    response = client.post_form(
        f"/processes/{process.id}/ideas/new",
        {**GOOD, "tags": "Rad, Bahnhof", "action": "submit"},
        headers=EN,
    )
    assert response.status_code == 303
    idea = session.scalars(select(Idea)).one()
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}")
    assert (idea.title, idea.district, idea.author_id) == (TITLE, "mitte", citizen.id)
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert "Your idea has been published." in page and citizen.display_name in page


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "x" * 9}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"title": "Eine Idee mit\x00NUL-Byte"}, "title"),
        ({"body": "x" * 5001}, "body"),
        ({"body": ""}, "body"),
        ({"body": "Beschreibung mit \x00 NUL"}, "body"),
        ({"district": "dortmund"}, "district"),
        ({"tags": "a, b1, c2, d3, e4, f5"}, "tags"),
        ({"tags": "x" * 31}, "tags"),
        ({"lat": "52.52", "lon": "13.40"}, "lat"),
        ({"lat": "51.48", "lon": "8.0"}, "lon"),
        ({"lat": "51.48", "lon": ""}, "lon"),
        ({"lat": "nördlich", "lon": "7.2"}, "lat"),
    ],
)
def test_bad_input_is_answered_at_its_field_and_kept(
    client, session, citizen, process, changes, field
):
    client.login(citizen)
    before = state(session)
    data = {**GOOD, **changes, "action": "submit"}
    response = client.post_form(f"/processes/{process.id}/ideas/new", data, headers=EN)
    page = html(response)
    assert response.status_code == 422
    assert field_error(page, field), page
    assert 'aria-invalid="true"' in page and "Please correct the following:" in page
    assert 'value="Am Bahnhof' not in page  # the body is a textarea …
    assert "Am Bahnhof fehlen Abstellplätze." in page or field == "body"  # … and kept
    if field != "title":
        assert f'value="{TITLE}"' in page  # what was typed stays
    assert state(session) == before


def test_missing_csrf_token_is_400_and_changes_nothing(client, session, citizen, idea, process):
    client.login(citizen)
    before = state(session)
    for url, data in [
        (f"/processes/{process.id}/ideas/new", GOOD),
        (f"/ideas/{idea.id}/support", {}),
        (f"/ideas/{idea.id}/comments", {"body": "Hallo"}),
        (f"/ideas/{idea.id}/flag", {"flag-idea-reason": "spam"}),
        (f"/ideas/{idea.id}/withdraw", {}),
    ]:
        assert client.post(url, data=data).status_code == 400, url
    assert state(session) == before


def test_form_outside_the_phase_shows_the_dates_instead(client, citizen, make_process, clock):
    start, end = WINDOWS["before"]
    process = make_process(phases=[("ideas", start, end)])
    client.login(citizen)
    response = client.get(f"/processes/{process.id}/ideas/new", headers=EN)
    page = html(response)
    assert "This phase has not started yet." in page
    assert start.isoformat() in page and 'name="title"' not in page
    response = client.post_form(f"/processes/{process.id}/ideas/new", GOOD)
    assert response.status_code == 403


def test_visitors_are_asked_to_sign_in(client, process):
    page = html(client.get(f"/processes/{process.id}/ideas/new", headers=EN))
    assert "Please sign in to take part." in page and 'name="title"' not in page


def test_check_for_similar_ideas_then_support_instead(client, session, make_idea, citizen, process):
    existing = make_idea("Fahrradbügel am Hauptbahnhof fehlen")
    make_idea("Sitzbänke im Stadtpark aufstellen")
    client.login(citizen)
    before = state(session)
    response = client.post_form(
        f"/processes/{process.id}/ideas/new", {**GOOD, "action": "check"}, headers=EN
    )
    page = html(response)
    assert response.status_code == 200 and state(session) == before
    assert "Similar ideas" in page and existing.title in page and "Sitzbänke" not in page
    assert "Support this idea instead" in page and f'value="{TITLE}"' in page
    assert f'action="/ideas/{existing.id}/support"' in page
    response = client.post_form(f"/ideas/{existing.id}/support")
    assert response.status_code == 303
    assert existing.supports_count == 1


# --- phase rules on the web ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "citizen", "moderator"])
@pytest.mark.parametrize("when", ["before", "during", "after"])
@pytest.mark.parametrize("action", ["submit", "support", "comment", "flag"])
def test_phase_rules_on_the_web(
    client, session, make_user, make_process, clock, role, when, action
):
    process = make_process(phases=[("ideas", *WINDOWS[when])])
    idea = Idea(process=process, author=make_user(), title=TITLE, body_source="x", body="x")
    session.add(idea)
    session.flush()
    if role != "visitor":
        person = make_user(role, organisations=("stadtwerke",) if role == "moderator" else ())
        client.login(person)
    requests = {
        "submit": (f"/processes/{process.id}/ideas/new", {**GOOD, "action": "submit"}),
        "support": (f"/ideas/{idea.id}/support", {}),
        "comment": (f"/ideas/{idea.id}/comments", {"body": "Gute Idee"}),
        "flag": (f"/ideas/{idea.id}/flag", {"flag-idea-reason": "spam"}),
    }
    url, data = requests[action]
    before = state(session)
    response = client.post_form(url, data)
    allowed = role != "visitor" and (when == "during" or action == "flag")
    if allowed:
        assert response.status_code == 303
        assert state(session) != before
    else:
        assert state(session) == before
        if role == "visitor" and action != "submit":
            assert "/login" in response.headers.get("Location", "")
        else:
            assert response.status_code in (303, 403, 409)


# --- the idea page ------------------------------------------------------------------------------


def test_idea_page_shows_text_history_and_official_answer(client, session, idea, make_user):
    moderator = make_user("moderator", organisations=("bogestra",))
    idea.change_status(
        IdeaStatus.UNDER_REVIEW, actor=moderator, note="Wir prüfen das bis Juni.", official=True
    )
    session.flush()
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert TITLE in page and "Erika Mustermann" in page
    assert "Am Bahnhof fehlen Abstellplätze." in page
    assert "Under review" in page and "Wir prüfen das bis Juni." in page
    assert "Official answer of BOGESTRA" in page or "Official answer of" in page
    assert "Sign in to support this idea." in page


def test_unknown_idea_is_404(client):
    assert client.get("/ideas/999999").status_code == 404
    assert client.get("/ideas/abc").status_code == 404


@pytest.mark.parametrize(
    "viewer, visible",
    [
        ("visitor", False),
        ("citizen", False),
        ("author", True),
        ("own_moderator", True),
        ("foreign_moderator", False),
    ],
)
def test_pending_idea_only_for_author_and_moderators(
    client, session, make_user, make_process, author, clock, viewer, visible
):
    process = make_process(moderation="pre")
    with client.application.test_request_context():
        idea = ops.submit_idea(author, process, "Wartende Idee für Bochum", "Text")
    people = {
        "citizen": make_user(),
        "author": author,
        "own_moderator": make_user("moderator", organisations=("bogestra",)),
        "foreign_moderator": make_user("moderator", organisations=("stadtwerke",)),
    }
    if viewer != "visitor":
        client.login(people[viewer])
    response = client.get(f"/ideas/{idea.id}", headers=EN)
    assert response.status_code == (200 if visible else 404)
    if visible:
        assert "waiting for a moderator's approval" in html(response)
    listing = html(client.get(f"/processes/{process.id}/ideas?q=Wartende", headers=EN))
    assert "Wartende Idee" not in listing and "0 ideas found." in listing


def test_support_and_withdraw_on_the_page(client, session, idea, citizen):
    client.login(citizen)
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert "Support this idea" in page and "0 people support this idea." in page
    for _ in range(2):
        assert client.post_form(f"/ideas/{idea.id}/support").status_code == 303
    assert idea.supports_count == 1 and count(session, Support) == 1
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert "1 person supports this idea." in page and "Withdraw my support" in page
    assert client.post_form(f"/ideas/{idea.id}/support/withdraw").status_code == 303
    assert idea.supports_count == 0 and count(session, Support) == 0


def test_author_gets_no_support_button(client, idea, author):
    client.login(author)
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert "Support this idea</button>" not in page
    assert "You cannot support your own idea." in page
    client.post_form(f"/ideas/{idea.id}/support")
    assert idea.supports_count == 0


def test_comment_reply_and_nesting_limit(client, session, idea, citizen, author):
    client.login(citizen)
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Finde ich gut."})
    assert response.status_code == 303
    top = session.scalars(select(Comment)).one()
    assert response.headers["Location"].endswith(f"#comment-{top.id}")
    page = html(client.get(f"/ideas/{idea.id}?reply_to={top.id}", headers=EN))
    assert 'id="reply"' in page and f'name="reply-parent_id" type="hidden" value="{top.id}"' in page
    r1 = client.post_form(
        f"/ideas/{idea.id}/comments", {"reply-parent_id": top.id, "reply-body": "Ich auch"}
    )
    assert r1.status_code == 303
    reply = session.scalars(select(Comment).where(Comment.depth == 1)).one()
    client.post_form(
        f"/ideas/{idea.id}/comments", {"reply-parent_id": reply.id, "reply-body": "Tiefer"}
    )
    deepest = session.scalars(select(Comment).where(Comment.depth == 2)).one()
    page = html(client.get(f"/ideas/{idea.id}?reply_to={deepest.id}", headers=EN))
    assert 'id="reply"' not in page  # no reply form below the third level
    before = state(session)
    response = client.post_form(
        f"/ideas/{idea.id}/comments",
        {"reply-parent_id": deepest.id, "reply-body": "Zu tief"},
        headers=EN,
    )
    assert response.status_code == 422 and state(session) == before
    assert "at most three levels deep" in html(response)
    assert idea.comments_count == 3
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert "Finde ich gut." in page and "Ich auch" in page and "Tiefer" in page


@pytest.mark.parametrize("parent", ["abc", "999999", "-1"])
def test_reply_to_unknown_comment_is_404(client, session, idea, citizen, parent):
    client.login(citizen)
    before = state(session)
    response = client.post_form(
        f"/ideas/{idea.id}/comments", {"reply-parent_id": parent, "reply-body": "x"}
    )
    assert response.status_code == 404 and state(session) == before


def test_bad_comment_is_answered_at_the_field(client, session, idea, citizen):
    client.login(citizen)
    before = state(session)
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "x" * 2001}, headers=EN)
    assert response.status_code == 422 and field_error(html(response), "body")
    assert state(session) == before


def test_comment_edit_window_and_delete_placeholder(client, session, idea, citizen, clock):
    client.login(citizen)
    client.post_form(f"/ideas/{idea.id}/comments", {"body": "Erste Fassung"})
    comment = session.scalars(select(Comment)).one()
    page = html(client.get(f"/ideas/{idea.id}?edit_comment={comment.id}", headers=EN))
    assert 'name="edit-body"' in page
    clock.advance(timedelta(minutes=10))
    response = client.post_form(
        f"/ideas/comments/{comment.id}/edit", {"edit-body": "Zweite Fassung"}
    )
    assert response.status_code == 303 and comment.body == "Zweite Fassung"
    clock.advance(timedelta(minutes=5))
    page = html(client.get(f"/ideas/{idea.id}?edit_comment={comment.id}", headers=EN))
    assert 'name="edit-body"' not in page and ">Change</a>" not in page
    response = client.post_form(f"/ideas/comments/{comment.id}/edit", {"edit-body": "Dritte"})
    assert response.status_code == 409 and comment.body == "Zweite Fassung"
    assert client.post_form(f"/ideas/comments/{comment.id}/delete").status_code == 303
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert "This comment was deleted." in page and "Zweite Fassung" not in page
    assert idea.comments_count == 0


def test_others_cannot_edit_or_delete_a_comment(client, session, idea, citizen, make_user):
    with client.application.test_request_context():
        comment = ops.add_comment(citizen, idea, "Meins")
    client.login(make_user())
    assert (
        client.post_form(f"/ideas/comments/{comment.id}/edit", {"edit-body": "Fremd"}).status_code
        == 403
    )
    assert client.post_form(f"/ideas/comments/{comment.id}/delete").status_code == 403
    assert comment.body == "Meins" and not comment.is_deleted
    assert client.post_form("/ideas/comments/999999/delete").status_code == 404


def test_comment_threads_are_paginated(client, session, idea, citizen):
    with client.application.test_request_context():
        for n in range(25):
            ops.add_comment(citizen, idea, f"Beitrag Nummer {n:02d}")
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert "Beitrag Nummer 19" in page and "Beitrag Nummer 20" not in page
    assert "cpage=2" in page
    page = html(client.get(f"/ideas/{idea.id}?cpage=2", headers=EN))
    assert "Beitrag Nummer 24" in page and "Beitrag Nummer 00" not in page


def test_flag_form_and_threshold(client, session, idea, make_user, citizen):
    client.login(citizen)
    page = html(client.get(f"/ideas/{idea.id}", headers=EN))
    assert 'type="radio"' in page and "Report this idea" in page
    response = client.post_form(f"/ideas/{idea.id}/flag", {"flag-idea-reason": "other"}, headers=EN)
    assert response.status_code == 422 and field_error(html(response), "flag-idea-text")
    assert count(session, Flag) == 0
    response = client.post_form(f"/ideas/{idea.id}/flag", {"flag-idea-reason": "spam"})
    assert response.status_code == 303 and count(session, Flag) == 1
    for person in (make_user(), make_user()):
        client.login(person)
        client.post_form(f"/ideas/{idea.id}/flag", {"flag-idea-reason": "insulting"})
    assert idea.status == "hidden"
    client.logout()
    assert client.get(f"/ideas/{idea.id}").status_code == 404


def test_flag_a_comment(client, session, idea, citizen, make_user):
    with client.application.test_request_context():
        comment = ops.add_comment(citizen, idea, "Kauft bei uns")
    client.login(make_user())
    page = html(client.get(f"/ideas/{idea.id}?flag_comment={comment.id}", headers=EN))
    assert 'id="flag-comment"' in page
    response = client.post_form(
        f"/ideas/comments/{comment.id}/flag", {"flag-comment-reason": "spam"}
    )
    assert response.status_code == 303
    flag = session.scalars(select(Flag)).one()
    assert (flag.target_type, flag.target_id) == ("comment", comment.id)


def test_edit_and_withdraw_an_idea(client, session, idea, author, citizen):
    client.login(citizen)
    assert client.get(f"/ideas/{idea.id}/edit").status_code == 403
    client.login(author)
    page = html(client.get(f"/ideas/{idea.id}/edit", headers=EN))
    assert "Am Bahnhof fehlen Abstellplätze." in page and f'value="{TITLE}"' in page
    response = client.post_form(
        f"/ideas/{idea.id}/edit",
        {"title": "Mehr Fahrradbügel am Bahnhof Langendreer", "body": "Neu", "action": "submit"},
    )
    assert response.status_code == 303 and idea.title == "Mehr Fahrradbügel am Bahnhof Langendreer"
    response = client.post_form(f"/ideas/{idea.id}/edit", {"title": "kurz", "body": "Neu"})
    assert response.status_code == 422 and idea.title.endswith("Langendreer")
    assert "Withdraw idea" in html(client.get(f"/ideas/{idea.id}/withdraw", headers=EN))
    assert client.post_form(f"/ideas/{idea.id}/withdraw").status_code == 303
    assert idea.status == "withdrawn"
    client.logout()
    response = client.get(f"/ideas/{idea.id}", headers=EN)
    assert response.status_code == 410 and "withdrawn" in html(response)


def test_edit_after_the_phase_is_refused(client, idea, author, clock):
    clock.advance(30 * DAY)
    client.login(author)
    response = client.get(f"/ideas/{idea.id}/edit", headers=EN)
    assert response.status_code == 409 and "This phase has ended." in html(response)


# --- queries per page ---------------------------------------------------------------------------


def _fill(session, make_user, process, n_ideas, n_comments):
    from flask import current_app

    with current_app.test_request_context():
        people = [make_user() for _ in range(3)]
        ideas = [
            ops.submit_idea(
                people[i % 3], process, f"Idee Nummer {i} für Bochum", "Text", tags=f"t{i}"
            )
            for i in range(n_ideas)
        ]
        for i in range(n_comments):
            parent = ops.add_comment(people[i % 3], ideas[0], f"Kommentar {i}")
            ops.add_comment(people[(i + 1) % 3], ideas[0], "Antwort", parent=parent)
        ops.support_idea(people[1], ideas[0])
    return ideas[0]


def test_list_and_idea_page_queries_do_not_grow(
    client, session, make_user, make_process, citizen, count_queries, clock
):
    small = make_process()
    large = make_process()
    first_small = _fill(session, make_user, small, 3, 3)
    first_large = _fill(session, make_user, large, 30, 30)
    client.login(citizen)
    client.get("/")  # the session and the language are settled

    def queries_of(url):
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        return counter.count

    for sort in ("newest", "random", "supports"):
        assert queries_of(f"/processes/{small.id}/ideas?sort={sort}") == queries_of(
            f"/processes/{large.id}/ideas?sort={sort}"
        )
    assert queries_of(f"/ideas/{first_small.id}") == queries_of(f"/ideas/{first_large.id}")
