"""Idea lists, search and counts: only public ideas, filters, sorts, constant query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from idea_fixtures import *  # noqa: F403
from idea_fixtures import FROZEN_AT
from sqlalchemy import select

from engage.ideas import operations as ops
from engage.ideas import queries
from engage.ideas.models import Idea, IdeaStatus


def titles(page) -> list[str]:
    return [i.title for i in page.items]


@pytest.fixture
def hidden_kinds(session, make_idea, author, make_process, make_user):
    """One idea of every kind the public must not see, and one public idea."""
    pre = make_process(moderation="pre")
    pending = make_idea("Wartende Idee zum Radweg", process=pre)
    hidden = make_idea("Versteckte Idee zum Radweg")
    hidden.change_status(IdeaStatus.HIDDEN)
    withdrawn = make_idea("Zurückgezogene Idee zum Radweg")
    ops.withdraw_idea(author, withdrawn)
    public = make_idea("Öffentliche Idee zum Radweg")
    merged = make_idea("Doppelte Idee zum Radweg")
    merged.merged_into_id = public.id
    draft = make_process(status="draft")
    in_draft = Idea(process=draft, title="Idee in einem Entwurf zum Radweg", body_source="x")
    session.add(in_draft)
    session.flush()
    return {"pending": pending, "public": public, "pre": pre}


def test_lists_search_and_counts_show_only_public_ideas(session, hidden_kinds, process):
    public = hidden_kinds["public"]
    assert titles(queries.list_ideas()) == [public.title]
    assert titles(queries.list_ideas(q="Radweg")) == [public.title]
    assert queries.list_ideas(process=hidden_kinds["pre"]).total == 0
    counts = queries.count_public_ideas([process.id, hidden_kinds["pre"].id])
    assert counts == {process.id: 1, hidden_kinds["pre"].id: 0}
    assert [i.title for i in queries.latest_ideas()] == [public.title]
    assert queries.similar_ideas_for("Radweg", "", hidden_kinds["pre"]) == []
    assert [i.id for i in queries.similar_ideas_for("Radweg bauen", "", process)] == [public.id]


def test_filters(session, make_idea, make_process, clock):
    other_theme = make_process(theme="infrastruktur")
    a = make_idea("Radweg an der Wattenscheider Straße", district="wattenscheid", tags="rad")
    b = make_idea("Sitzbänke im Stadtpark aufstellen", district="mitte", tags="park, rad")
    c = make_idea("Glasfaser für alle Schulen in Bochum", process=other_theme, tags="schule")
    b.change_status(IdeaStatus.UNDER_REVIEW)
    session.flush()
    assert titles(queries.list_ideas(district="wattenscheid")) == [a.title]
    assert titles(queries.list_ideas(status="under_review")) == [b.title]
    assert queries.list_ideas(status="pending").total == 0  # never, not even on request
    assert set(titles(queries.list_ideas(tag="RAD"))) == {a.title, b.title}
    assert titles(queries.list_ideas(theme=other_theme.theme_id)) == [c.title]
    assert titles(queries.list_ideas(process=other_theme, q="Glasfaser")) == [c.title]
    assert queries.list_ideas(process=other_theme, q="Stadtpark").total == 0
    assert queries.tags_in_use() == ["rad", "park", "schule"]


def test_sorts(session, make_idea, make_user, clock):
    ideas = []
    for n in range(4):
        ideas.append(make_idea(f"Idee Nummer {n} für den Stadtpark"))
        clock.advance(timedelta(minutes=1))
    people = [make_user() for _ in range(3)]
    for person in people:
        ops.support_idea(person, ideas[1])
    ops.support_idea(people[0], ideas[2])
    ops.add_comment(people[0], ideas[0], "Ja")
    newest = [i.title for i in reversed(ideas)]
    assert titles(queries.list_ideas()) == newest
    assert titles(queries.list_ideas(sort="supports"))[:2] == [ideas[1].title, ideas[2].title]
    assert titles(queries.list_ideas(sort="comments"))[0] == ideas[0].title
    assert titles(queries.list_ideas(sort="nonsense")) == newest


def test_random_order_is_stable_per_seed_and_differs_between_seeds(session, make_idea):
    for n in range(30):
        make_idea(f"Zufällige Idee Nummer {n:02d}")
    first = titles(queries.list_ideas(sort="random", seed=12345, per_page=30))
    again = titles(queries.list_ideas(sort="random", seed=12345, per_page=30))
    other = titles(queries.list_ideas(sort="random", seed=987654321987, per_page=30))
    assert first == again and len(first) == 30
    assert first != other and sorted(first) == sorted(other)
    # Pages of one seed do not overlap.
    page1 = titles(queries.list_ideas(sort="random", seed=5, per_page=10, page=1))
    page2 = titles(queries.list_ideas(sort="random", seed=5, per_page=10, page=2))
    assert not set(page1) & set(page2)
    seed = queries.new_random_seed()
    assert titles(queries.list_ideas(sort="random", seed=seed, per_page=30)) != []


def test_page_size_is_bounded(session, make_idea):
    for n in range(3):
        make_idea(f"Begrenzte Idee Nummer {n}")
    page = queries.list_ideas(per_page=10_000, max_per_page=2)
    assert page.per_page == 2 and len(page.items) == 2 and page.total == 3 and page.pages == 2
    assert queries.list_ideas(page=99).items == []


# --- search -------------------------------------------------------------------------------------


def test_search_finds_words_in_title_and_body(session, make_idea):
    make_idea("Mehr Bäume in der Innenstadt", body="Schatten für heiße Sommer.")
    make_idea("Radweg an der Herner Straße", body="Sicher zur Arbeit.")
    assert titles(queries.list_ideas(q="Bäume")) == ["Mehr Bäume in der Innenstadt"]
    assert titles(queries.list_ideas(q="Schatten")) == ["Mehr Bäume in der Innenstadt"]
    assert titles(queries.list_ideas(q="herner")) == ["Radweg an der Herner Straße"]
    assert queries.list_ideas(q="Schwimmbad").total == 0
    assert queries.list_ideas(q="   ").total == 2  # no words: no filter


@pytest.mark.parametrize("query", ["Radwege", "Radweg", "radwegen"])
def test_search_finds_german_inflections(session, make_idea, query):
    make_idea("Sicherer Radweg zur Ruhr-Universität", body="Die Strecke ist gefährlich.")
    assert titles(queries.list_ideas(q=query)) == ["Sicherer Radweg zur Ruhr-Universität"]


def test_postgresql_uses_german_stemming_in_both_directions(app, session, make_idea):
    if app.backend != "postgresql":
        pytest.skip("German text search configuration is PostgreSQL's")
    make_idea("Neue Radwege für Langendreer", body="Mehr Platz für Fahrräder.")
    assert titles(queries.list_ideas(q="Radweg")) == ["Neue Radwege für Langendreer"]
    assert titles(queries.list_ideas(q="Fahrrad")) == ["Neue Radwege für Langendreer"]


@pytest.mark.parametrize(
    "query", ['"', 'Rad" OR "x', "NEAR(a b)", "title:Rad", "*", "-", "a AND", "(", "^Rad", "\x00"]
)
def test_search_syntax_cannot_break_the_query(session, make_idea, query):
    make_idea("Radweg an der Herner Straße")
    page = queries.list_ideas(q=query)
    assert page.total in (0, 1)


def test_search_follows_edits(session, make_idea, author):
    idea = make_idea("Trinkbrunnen am Rathaus", body="Wasser für alle.")
    ops.edit_idea(author, idea, "Sitzbänke am Rathaus", "Ausruhen.")
    session.flush()
    assert queries.list_ideas(q="Trinkbrunnen").total == 0
    assert titles(queries.list_ideas(q="Sitzbänke")) == ["Sitzbänke am Rathaus"]


def test_postgresql_search_uses_the_gin_index(app, session, make_idea):
    if app.backend != "postgresql":
        pytest.skip("PostgreSQL plan")
    from sqlalchemy import text

    make_idea("Radweg an der Herner Straße")
    session.execute(text("SET LOCAL enable_seqscan = off"))
    stmt = queries.filter_ideas(select(Idea.id), q="Radwege")
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = "\n".join(session.execute(text(f"EXPLAIN {compiled}")).scalars())
    assert "ix_ideas_fulltext" in plan


# --- comments -----------------------------------------------------------------------------------


def test_comment_threads_are_paginated_by_top_level(session, idea, citizen, author):
    roots = [ops.add_comment(citizen, idea, f"Beitrag {n}") for n in range(3)]
    reply = ops.add_comment(author, idea, "Antwort", parent=roots[0])
    deep = ops.add_comment(citizen, idea, "Antwort auf Antwort", parent=reply)
    page, threads = queries.comment_threads(idea, page=1, per_page=2)
    assert page.total == 3 and page.pages == 2
    assert [t.comment.id for t in threads] == [roots[0].id, roots[1].id]
    assert threads[0].replies[0].comment.id == reply.id
    assert threads[0].replies[0].replies[0].comment.id == deep.id
    page, threads = queries.comment_threads(idea, page=2, per_page=2)
    assert [t.comment.id for t in threads] == [roots[2].id] and threads[0].replies == []


def test_supported_ids(session, make_idea, citizen):
    a, b = make_idea("Erste Idee für Bochum"), make_idea("Zweite Idee für Bochum")
    ops.support_idea(citizen, b)
    assert queries.supported_ids(citizen, [a.id, b.id]) == {b.id}
    assert queries.supported_ids(None, [a.id, b.id]) == set()


def test_list_query_count_does_not_grow(session, make_idea, make_user, count_queries):
    def run():
        with count_queries() as counter:
            page = queries.list_ideas(sort="supports")
            for idea in page.items:  # what a card shows
                _ = (idea.author.public_name, [t.name for t in idea.tags], idea.process.title)
                _ = idea.process.theme.slug
        return counter.count, page.total

    for n in range(3):
        make_idea(f"Idee Nummer {n} mit Schlagwort", tags=f"tag{n}, gemeinsam")
    small, total = run()
    assert total == 3
    for n in range(3, 30):
        make_idea(f"Idee Nummer {n} mit Schlagwort", tags=f"tag{n}", user=make_user())
    large, total = run()
    assert total == 30
    assert small == large <= 6


def test_times_are_aware(session, idea):
    session.expire_all()
    loaded = session.get(Idea, idea.id)
    assert loaded.created_dt == FROZEN_AT and loaded.created_dt.tzinfo is not None
