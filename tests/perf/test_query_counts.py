"""The public pages of the load benchmark run a fixed, small number of SQL queries.

Each page is fetched with 10 ideas (5 comments on the discussed idea) and again after the
process has grown to 1,000 ideas (50 comments): the query count must not change. The rows are
written in bulk, as the demo does, to keep the test fast.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from engage.accounts.models import Role, User
from engage.ideas import operations as ops
from engage.ideas.models import Comment, Idea, Support

EN = {"Accept-Language": "en"}
MAX_QUERIES = 16  # per page, signed out


def _grow(session, process, users: list[int], ideas: int, comments_on: Idea, comments: int):
    """Bring the process to ``ideas`` public ideas with supports, and the idea to ``comments``."""
    now = comments_on.created_dt
    have = session.scalar(select(func.count(Idea.id)).where(Idea.process_id == process.id))
    rows = [
        {
            "process_id": process.id,
            "author_id": users[n % len(users)],
            "title": f"Idee Nummer {n} für Bochum",
            "body_source": "Mehr Fahrradbügel und Bänke.",
            "body": "<p>Mehr Fahrradbügel und Bänke.</p>",
            "status": "published",
            "supports_count": 0,
            "comments_count": 0,
            "created_dt": now - timedelta(minutes=n),
            "updated_dt": now - timedelta(minutes=n),
            "published_dt": now - timedelta(minutes=n),
        }
        for n in range(have, ideas)
    ]
    if rows:
        session.execute(insert(Idea), rows)
    have_comments = comments_on.comments_count
    if comments > have_comments:
        session.execute(
            insert(Comment),
            [
                {
                    "idea_id": comments_on.id,
                    "author_id": users[n % len(users)],
                    "body": f"Beitrag {n}",
                    "created_dt": now + timedelta(seconds=n),
                }
                for n in range(have_comments, comments)
            ],
        )
        comments_on.comments_count = comments
    session.flush()


@pytest.fixture
def scene(session, make_process, make_user, clock):
    process = make_process()
    people = [make_user(name=f"Person {n}") for n in range(8)]
    ids = [u.id for u in people]
    idea = ops.submit_idea(people[0], process, "Mehr Fahrradbügel am Hauptbahnhof", "Bitte.")
    session.flush()
    for person in people[1:4]:
        ops.support_idea(person, idea)
    _grow(session, process, ids, 10, idea, 5)
    session.flush()
    return process, idea, ids


def _pages(process, idea) -> list[str]:
    return [
        "/",
        f"/processes/{process.id}/ideas",
        f"/processes/{process.id}/ideas?sort=supports",
        f"/processes/{process.id}/ideas?q=Fahrrad",
        f"/ideas/{idea.id}",
        "/api/v1/ideas",
        f"/api/v1/ideas?process={process.id}&sort=supports",
    ]


def _counts(client, count_queries, pages: list[str]) -> dict[str, int]:
    counts = {}
    for path in pages:
        client.get(path, headers=EN)  # a first request may load reference data once
        with count_queries() as counter:
            response = client.get(path, headers=EN)
        assert response.status_code == 200, path
        counts[path] = counter.count
    return counts


def test_public_pages_run_the_same_few_queries_with_10_and_1000_ideas(
    client, session, scene, count_queries
):
    process, idea, users = scene
    pages = _pages(process, idea)
    small = _counts(client, count_queries, pages)
    assert session.scalar(select(func.count(Idea.id)).where(Idea.process_id == process.id)) == 10

    _grow(session, process, users, 1000, idea, 50)
    assert session.scalar(select(func.count(Idea.id)).where(Idea.process_id == process.id)) == 1000
    page = client.get(f"/ideas/{idea.id}", headers=EN).get_data(as_text=True)
    assert "Beitrag 49" in page or "Beitrag 0" in page  # the comments are on the page
    large = _counts(client, count_queries, pages)

    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large


def test_signed_in_idea_list_runs_the_same_queries_with_more_supports(
    client, session, scene, make_user, count_queries
):
    process, idea, users = scene
    reader = session.get(User, users[5])
    assert reader.role == Role.CITIZEN.value
    client.login(reader)
    path = f"/processes/{process.id}/ideas?sort=supports"
    small = _counts(client, count_queries, [path])
    _grow(session, process, users, 1000, idea, 50)
    others = session.scalars(select(Idea).where(Idea.process_id == process.id).limit(40)).all()
    session.execute(
        insert(Support),
        [{"idea_id": i.id, "user_id": reader.id, "created_dt": i.created_dt} for i in others],
    )
    session.flush()
    large = _counts(client, count_queries, [path])
    assert large == small and large[path] <= MAX_QUERIES + 2
