"""Moderation pages: who sees what, the actions as forms, the log, clusters, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from moderation_fixtures import *  # noqa: F403

from engage.ideas import operations as idea_ops
from engage.ideas.models import IdeaStatus
from engage.moderation import operations as ops


@pytest.fixture
def people(make_user, moderator, other_moderator):
    return {
        "moderator": moderator,
        "other_moderator": other_moderator,
        "admin": make_user("admin"),
        "innovation": make_user("innovation"),
        "citizen": make_user(),
    }


@pytest.mark.parametrize(
    ("who", "queue", "item"),
    [
        ("moderator", 200, 200),
        ("admin", 200, 200),
        ("other_moderator", 200, 403),
        ("innovation", 403, 403),
        ("citizen", 403, 403),
        ("visitor", 302, 302),
    ],
)
def test_who_may_open_the_queue_and_an_item(client, people, make_idea, who, queue, item):
    idea = make_idea("Bushaltestelle mit Wartehalle am Markt")
    if who != "visitor":
        client.login(people[who])
    assert client.get("/moderation/").status_code == queue
    assert client.get(f"/moderation/ideas/{idea.id}").status_code == item
    assert client.get("/moderation/log").status_code == queue


@pytest.mark.parametrize("who", ["other_moderator", "innovation", "citizen"])
def test_others_cannot_act_on_the_web(client, people, make_idea, log_entries, who):
    idea = make_idea()
    client.login(people[who])
    r = client.post_form(f"/moderation/ideas/{idea.id}/hide", {"reason": "Spam"})
    assert r.status_code == 403
    r = client.post_form(
        "/moderation/bulk", {"items": f"idea:{idea.id}", "action": "hide", "reason": "Spam"}
    )
    assert r.status_code == 403
    assert idea.status == IdeaStatus.PUBLISHED and log_entries() == []


def test_queue_shows_only_own_organisations(
    client, moderator, make_idea, make_process, other_process
):
    pre_own = make_process(moderation="pre")
    pre_other = make_process(moderation="pre", organisation="stadtwerke")
    make_idea("Eigene wartende Idee zur Buslinie", process=pre_own)
    make_idea("Fremde wartende Idee zum Stromtarif", process=pre_other)
    client.login(moderator)
    page = client.get("/moderation/?tab=pending").get_data(as_text=True)
    assert "Eigene wartende Idee zur Buslinie" in page
    assert "Fremde wartende Idee zum Stromtarif" not in page
    # The process filter cannot reach another organisation's process.
    page = client.get(f"/moderation/?tab=pending&participation={pre_other.id}").get_data(
        as_text=True
    )
    assert "Fremde wartende Idee" not in page


def test_flagged_tab_groups_reasons(client, moderator, make_idea, citizens):
    idea = make_idea("Kredite ohne Schufa sofort hier")
    a, b = citizens(2)
    idea_ops.flag(a, idea, "spam")
    idea_ops.flag(b, idea, "other", "Reine Werbung für Kredite")
    client.login(moderator)
    page = client.get("/moderation/?tab=flagged").get_data(as_text=True)
    assert "Kredite ohne Schufa sofort hier" in page
    assert "2 open reports" in page and "Spam or advertising (1)" in page
    assert "Reine Werbung für Kredite" in page


def test_hide_without_reason_is_refused_at_the_field(client, moderator, make_idea, log_entries):
    idea = make_idea()
    client.login(moderator)
    r = client.post_form(f"/moderation/ideas/{idea.id}/hide", {"reason": "  "})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="reason-error"' in html and "Please give a reason" in html
    assert idea.status == IdeaStatus.PUBLISHED and log_entries() == []
    # Missing CSRF token: 400, nothing changes.
    assert (
        client.post(f"/moderation/ideas/{idea.id}/hide", data={"reason": "Spam"}).status_code == 400
    )
    assert idea.status == IdeaStatus.PUBLISHED
    r = client.post_form(f"/moderation/ideas/{idea.id}/hide", {"reason": "Werbung"})
    assert r.status_code == 303
    assert idea.status == IdeaStatus.HIDDEN and log_entries("hide")[0].reason == "Werbung"


def test_web_actions(client, session, moderator, make_idea, make_process, log_entries):
    pre = make_process(moderation="pre")
    pending = make_idea(process=pre)
    client.login(moderator)
    assert client.post_form(f"/moderation/ideas/{pending.id}/approve").status_code == 303
    assert pending.status == IdeaStatus.PUBLISHED
    r = client.post_form(
        f"/moderation/ideas/{pending.id}/answer",
        {"status": "under_review", "answer": "Wir prüfen."},
    )
    assert r.status_code == 303 and pending.status == IdeaStatus.UNDER_REVIEW
    r = client.post_form(
        f"/moderation/ideas/{pending.id}/assign",
        {"organisation": str(pre.organisation_id), "due_date": "2020-01-01"},
    )
    assert r.status_code == 422 and "cannot be in the past" in r.get_data(as_text=True)
    r = client.post_form(
        f"/moderation/ideas/{pending.id}/assign",
        {"organisation": str(pre.organisation_id), "due_date": "2026-06-01"},
    )
    assert r.status_code == 303
    other = make_idea()
    r = client.post_form(f"/moderation/ideas/{other.id}/merge", {"target": "999999"})
    assert r.status_code == 422 and "no idea with this number" in r.get_data(as_text=True)
    r = client.post_form(f"/moderation/ideas/{other.id}/merge", {"target": str(other.id)})
    assert r.status_code == 422 and "into itself" in r.get_data(as_text=True)
    r = client.post_form(f"/moderation/ideas/{other.id}/merge", {"target": str(pending.id)})
    assert r.status_code == 303 and other.merged_into_id == pending.id
    assert [e.action for e in log_entries()] == ["approve", "status", "assign", "merge"]
    page = client.get(f"/ideas/{other.id}").get_data(as_text=True)
    assert "merged into another idea" in page


def test_bulk_hide_on_the_web(client, moderator, make_idea, citizens, log_entries):
    ideas = [make_idea(f"Sofortkredit Angebot Nummer {i}") for i in range(3)]
    keep = make_idea("Eine ernsthafte Idee zum Radverkehr")
    [c] = citizens(1)
    comment = idea_ops.add_comment(c, keep, "Kredite hier klicken!")
    client.login(moderator)
    items = [f"idea:{i.id}" for i in ideas] + [f"comment:{comment.id}"]
    r = client.post_form(
        "/moderation/bulk", {"items": items, "action": "hide", "reason": "", "tab": "newest"}
    )
    assert r.status_code == 422 and 'id="reason-error"' in r.get_data(as_text=True)
    assert log_entries() == []
    r = client.post_form(
        "/moderation/bulk", {"items": ["idea:abc"], "action": "hide", "reason": "x"}
    )
    assert r.status_code == 422
    r = client.post_form(
        "/moderation/bulk", {"items": ["idea:999999"], "action": "hide", "reason": "x"}
    )
    assert r.status_code == 404
    r = client.post_form(
        "/moderation/bulk",
        {"items": items, "action": "hide", "reason": "Spam-Welle", "tab": "newest"},
    )
    assert r.status_code == 303 and "tab=newest" in r.headers["Location"]
    assert all(i.status == IdeaStatus.HIDDEN for i in ideas) and comment.is_hidden
    assert keep.status == IdeaStatus.PUBLISHED
    assert len(log_entries("hide")) == 4


def test_comment_page_actions(client, moderator, other_moderator, make_idea, citizens, log_entries):
    idea = make_idea()
    a, b = citizens(2)
    comment = idea_ops.add_comment(a, idea, "Beleidigender Unsinn")
    idea_ops.flag(b, comment, "insulting")
    client.login(other_moderator)
    assert client.get(f"/moderation/comments/{comment.id}").status_code == 403
    client.login(moderator)
    assert client.get("/moderation/comments/999999").status_code == 404
    assert "Insulting" in client.get(f"/moderation/comments/{comment.id}").get_data(as_text=True)
    r = client.post_form(
        f"/moderation/comments/{comment.id}/flags/uphold", {"uphold-reason": "Beleidigung"}
    )
    assert r.status_code == 303 and comment.is_hidden
    assert [e.action for e in log_entries()] == ["hide", "uphold_flags"]


def test_log_page_scope_and_filters(
    client, moderator, other_moderator, make_user, make_idea, other_process
):
    mine = make_idea("Eigene Idee für den Busverkehr")
    foreign = make_idea("Fremde Idee für die Stadtwerke", process=other_process)
    ops.hide(moderator, mine, "Grund A eigener Bereich")
    ops.hide(other_moderator, foreign, "Grund B fremder Bereich")
    ops.restore(moderator, mine, "Grund C wieder da")
    client.login(moderator)
    page = client.get("/moderation/log").get_data(as_text=True)
    assert "Grund A eigener Bereich" in page and "Grund C wieder da" in page
    assert "Grund B fremder Bereich" not in page
    page = client.get("/moderation/log?action=hide").get_data(as_text=True)
    assert "Grund A" in page and "Grund C" not in page
    page = client.get(f"/moderation/log?target_type=idea&target_id={foreign.id}").get_data(
        as_text=True
    )
    assert "Grund B" not in page
    page = client.get("/moderation/log?actor=Otto").get_data(as_text=True)
    assert "Grund" not in page  # Otto's entries concern another organisation
    page = client.get("/moderation/log?actor=Mona").get_data(as_text=True)
    assert "Grund A" in page and "Grund C" in page
    page = client.get("/moderation/log?since=2026-05-05").get_data(as_text=True)
    assert "Grund A" not in page
    assert client.get("/moderation/log?since=kaputt&target_id=x&page=-3").status_code == 200
    client.login(make_user("admin"))
    page = client.get("/moderation/log").get_data(as_text=True)
    assert "Grund A" in page and "Grund B" in page


def test_idea_page_lists_likely_duplicates(client, moderator, make_idea):
    idea = make_idea(
        "Mehr Fahrradbügel am Hauptbahnhof Bochum", body="Fahrradbügel fehlen am Hauptbahnhof."
    )
    dup = make_idea(
        "Fahrradbügel am Hauptbahnhof Bochum ergänzen", body="Am Hauptbahnhof fehlen Fahrradbügel."
    )
    make_idea("Grillplatz im Stadtpark einrichten", body="Ein öffentlicher Grillplatz wäre schön.")
    client.login(moderator)
    page = client.get(f"/moderation/ideas/{idea.id}").get_data(as_text=True)
    section = page.split("Likely duplicates")[1].split("Merge this idea")[0]
    assert dup.title in section and "Grillplatz" not in section


def test_clusters_page(client, moderator, make_idea):
    a = make_idea(
        "Mehr Fahrradbügel am Hauptbahnhof Bochum", body="Fahrradbügel fehlen am Hauptbahnhof."
    )
    b = make_idea(
        "Fahrradbügel am Hauptbahnhof Bochum ergänzen", body="Am Hauptbahnhof fehlen Fahrradbügel."
    )
    c = make_idea(
        "Grillplatz im Stadtpark einrichten", body="Ein öffentlicher Grillplatz wäre schön."
    )
    client.login(moderator)
    r = client.get("/moderation/themes/mobilitaet-umwelt/clusters")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    group = html.split("Group 1")[1]
    assert a.title in group and b.title in group and c.title not in group
    assert client.get("/moderation/themes/nope/clusters").status_code == 404


@pytest.mark.parametrize("tab", ["pending", "flagged", "newest", "overdue"])
def test_queue_query_count_is_fixed(
    client, clock, moderator, make_process, make_idea, citizens, count_queries, tab
):
    pre = make_process(moderation="pre")
    flaggers = citizens(2)

    def add(n):
        for _ in range(n):
            make_idea(process=pre)
            idea = make_idea()
            idea_ops.flag(flaggers[0], idea, "spam")
            idea_ops.add_comment(flaggers[1], idea, "Ein Kommentar")
            ops.assign_idea(moderator, idea, idea.process.organisation, ops.today())

    client.login(moderator)
    add(2)
    clock.advance(timedelta(days=3))
    with count_queries() as few:
        assert client.get(f"/moderation/?tab={tab}").status_code == 200
    add(6)
    clock.advance(timedelta(days=3))
    with count_queries() as many:
        html = client.get(f"/moderation/?tab={tab}").get_data(as_text=True)
    assert many.count == few.count
    assert "8 items" in html or tab == "newest"
