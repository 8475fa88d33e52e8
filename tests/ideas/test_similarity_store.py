"""The similar-idea index in the database: kept current by the ideas' operations, exact
counters, the same ranking as the in-memory reference, suggestions for pages, the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from idea_fixtures import *  # noqa: F403
from sqlalchemy import func, select

from engage.extensions import db
from engage.ideas import operations
from engage.ideas.models import Idea, IdeaStatus
from engage.ideas.similarity import SUGGESTION_THRESHOLD, SimilarityIndex
from engage.ideas.similarity_store import (
    DOCUMENTS,
    NORM_DRIFT,
    SimilarityIdea,
    SimilarityPosting,
    SimilarityTerm,
    index_idea,
    refresh_norms,
    reindex_all,
    remove_idea,
    suggest,
    suggest_ideas,
)
from engage.moderation import operations as moderation

DEV_SET = Path(
    os.environ.get(
        "ENGAGE_SIMILAR_IDEAS_DATA",
        Path(__file__).resolve().parents[3] / "shared/data/similar-ideas-dev.json",
    )
)

# Ideas about other things, so that document frequencies mean something.
BACKGROUND = [
    ("Mehr Sitzbänke im Stadtpark", "Im Stadtpark fehlen Bänke zum Ausruhen."),
    ("Öffentliche Toiletten am Hauptbahnhof", "Es gibt kaum saubere Toiletten am Bahnhof."),
    ("Kostenloses WLAN in der Innenstadt", "Freies Internet für alle in der City."),
    ("Mehr Mülleimer in der Fußgängerzone", "Überall liegt Verpackungsmüll herum."),
    ("Tempo 30 vor allen Grundschulen", "Autos fahren vor Schulen viel zu schnell."),
    ("Trinkbrunnen auf öffentlichen Plätzen", "Im Sommer braucht man Wasser unterwegs."),
]
BIKES = ("Mehr Fahrradbügel am Hauptbahnhof", "Am Bahnhof fehlen sichere Abstellplätze für Räder.")
LIBRARY = ("Stadtbücherei sonntags öffnen", "Die Bibliothek sollte auch am Sonntag offen sein.")


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", organisations=("bogestra",))


@pytest.fixture
def background(make_idea):
    return [make_idea(title, body=body) for title, body in BACKGROUND]


def ids(text: str, body: str = "", **kw) -> list[int]:
    """Ideas suggested for a text (above the threshold unless one is given)."""
    return [i for i, _ in suggest(text, body, **kw)]


def counters_are_exact() -> None:
    """Every term's counter equals its postings; the empty term counts the indexed ideas."""
    counted = dict(
        db.session.execute(
            select(SimilarityPosting.term_id, func.count()).group_by(SimilarityPosting.term_id)
        ).all()
    )
    for term_id, term, df in db.session.execute(
        select(SimilarityTerm.id, SimilarityTerm.term, SimilarityTerm.df)
    ):
        if term == DOCUMENTS:
            assert df == db.session.scalar(select(func.count(SimilarityIdea.idea_id)))
        else:
            assert df == counted.get(term_id, 0), term


def norms_are_fresh() -> None:
    """Every norm was computed at a collection size within NORM_DRIFT of the current one."""
    n = db.session.scalar(select(SimilarityTerm.df).where(SimilarityTerm.term == DOCUMENTS))
    for (norm_n,) in db.session.execute(select(SimilarityIdea.norm_n)):
        assert n / (1 + NORM_DRIFT) <= norm_n <= n * (1 + NORM_DRIFT)


def indexed_ids() -> set[int]:
    return set(db.session.scalars(select(SimilarityIdea.idea_id)))


# --- the index follows the ideas ------------------------------------------------------------


def test_a_submitted_idea_is_suggested_at_once(background, make_idea):
    bikes = make_idea(BIKES[0], body=BIKES[1])
    hits = suggest("Fahrradständer am Bahnhof", "Wo soll man sein Rad abstellen?")
    assert hits[0][0] == bikes.id
    assert SUGGESTION_THRESHOLD <= hits[0][1] <= 1.0
    assert indexed_ids() == {i.id for i in [*background, bikes]}
    counters_are_exact()


def test_pending_ideas_are_never_suggested_until_approved(
    background, make_idea, make_process, moderator
):
    pre = make_process(moderation="pre")
    bikes = make_idea(BIKES[0], body=BIKES[1], process=pre)
    assert bikes.status == IdeaStatus.PENDING
    assert bikes.id not in ids(*BIKES, threshold=0.0)
    assert bikes.id not in indexed_ids()
    moderation.approve_idea(moderator, bikes)
    assert ids(*BIKES)[0] == bikes.id
    counters_are_exact()


def test_an_edit_replaces_the_indexed_text(background, make_idea, author):
    idea = make_idea(*LIBRARY[:1], body=LIBRARY[1])
    old_df = db.session.scalar(select(SimilarityTerm.df).where(SimilarityTerm.term == "bibliothek"))
    operations.edit_idea(author, idea, "Hundewiese im Westpark", "Ein eingezäunter Auslauf.")
    assert idea.id not in ids(*LIBRARY, threshold=0.0)
    assert ids("Hundewiese im Westpark", "Auslauf für Hunde")[0] == idea.id
    new_df = db.session.scalar(select(SimilarityTerm.df).where(SimilarityTerm.term == "bibliothek"))
    assert new_df == old_df - 1
    counters_are_exact()


def test_an_unchanged_text_is_not_indexed_again(background, moderator):
    idea = background[0]
    before = db.session.scalar(
        select(SimilarityIdea.indexed_dt).where(SimilarityIdea.idea_id == idea.id)
    )
    moderation.answer_idea(moderator, idea, "under_review", "Wir prüfen das.")
    assert idea.status == IdeaStatus.UNDER_REVIEW
    assert index_idea(idea) is False
    assert idea.id in indexed_ids()
    assert before == db.session.scalar(
        select(SimilarityIdea.indexed_dt).where(SimilarityIdea.idea_id == idea.id)
    )


def test_withdrawn_ideas_leave_the_index(background, make_idea, author):
    idea = make_idea(BIKES[0], body=BIKES[1])
    operations.withdraw_idea(author, idea)
    assert idea.id not in ids(*BIKES, threshold=0.0)
    assert idea.id not in indexed_ids()
    counters_are_exact()


def test_ideas_hidden_by_flags_leave_and_come_back_when_restored(
    background, make_idea, make_user, moderator
):
    idea = make_idea(BIKES[0], body=BIKES[1])
    for _ in range(3):  # the default threshold hides it
        operations.flag(make_user(), idea, "spam")
    assert idea.status == IdeaStatus.HIDDEN
    assert idea.id not in ids(*BIKES, threshold=0.0)
    moderation.restore(moderator, idea, "Kein Spam.")
    assert ids(*BIKES)[0] == idea.id
    counters_are_exact()


def test_ideas_hidden_by_a_moderator_leave_the_index(background, make_idea, moderator):
    idea = make_idea(BIKES[0], body=BIKES[1])
    moderation.hide(moderator, idea, "Beleidigend.")
    assert idea.id not in indexed_ids()
    assert idea.id not in ids(*BIKES, threshold=0.0)
    counters_are_exact()


def test_merged_duplicates_leave_the_index(background, make_idea, moderator):
    original = make_idea(BIKES[0], body=BIKES[1])
    duplicate = make_idea("Fahrradbügel am Hauptbahnhof", body="Bitte mehr Abstellplätze.")
    assert set(ids(*BIKES)[:2]) == {original.id, duplicate.id}
    moderation.merge_ideas(moderator, duplicate, original, "Dieselbe Idee.")
    assert duplicate.id not in indexed_ids()
    assert ids(*BIKES, threshold=0.0)[0] == original.id
    assert duplicate.id not in ids(*BIKES, threshold=0.0)
    counters_are_exact()


def test_changes_that_bypass_the_signals_are_never_suggested(background, make_idea, session):
    """Suggestions check the ideas themselves: merged, hidden or in a draft process."""
    merged = make_idea(BIKES[0], body=BIKES[1])
    hidden = make_idea("Mehr Fahrradbügel am Bahnhof", body="Abstellplätze für Räder fehlen.")
    drafted = make_idea("Fahrradbügel am Hauptbahnhof", body="Sichere Abstellplätze für Räder.")
    merged.merged_into_id = background[0].id
    hidden.status = IdeaStatus.HIDDEN
    drafted.process.status = "draft"  # its whole process went back to draft
    session.flush()
    assert {merged.id, hidden.id, drafted.id} <= indexed_ids()
    assert not {merged.id, hidden.id, drafted.id} & set(ids(*BIKES, threshold=0.0))


def test_norms_follow_the_growing_collection(make_idea):
    """The first ideas' norms were computed among few ideas; later changes refresh them."""
    first = make_idea(*LIBRARY[:1], body=LIBRARY[1])
    at_first = db.session.get(SimilarityIdea, first.id).norm2
    for title, body in BACKGROUND * 2:
        make_idea(title, body=body)
    norms_are_fresh()
    row = db.session.get(SimilarityIdea, first.id)
    db.session.refresh(row)
    assert row.norm_n > 1
    assert row.norm2 != at_first
    stale_before = row.norm2
    assert refresh_norms(stale_only=True) == 0  # nothing stale left
    assert refresh_norms() == 13
    db.session.refresh(row)
    assert row.norm2 == pytest.approx(stale_before, rel=0.2)


def test_remove_and_index_directly(background):
    idea = background[2]
    assert remove_idea(idea.id) is True
    assert remove_idea(idea.id) is False
    assert idea.id not in ids(*BACKGROUND[2], threshold=0.0)
    assert index_idea(idea) is True
    assert ids(*BACKGROUND[2])[0] == idea.id
    counters_are_exact()


# --- suggestions ----------------------------------------------------------------------------


def test_suggestions_by_process_limit_and_exclusion(background, make_idea, make_process):
    other = make_process()
    here = make_idea(BIKES[0], body=BIKES[1])
    there = make_idea("Fahrradbügel am Hauptbahnhof", body="Sichere Abstellplätze.", process=other)
    assert set(ids(*BIKES)[:2]) == {here.id, there.id}
    assert ids(*BIKES, process_id=other.id) == [there.id]
    assert ids(*BIKES, process_id=here.process_id)[0] == here.id
    assert there.id not in ids(*BIKES, process_id=here.process_id, threshold=0.0)
    assert ids(*BIKES, exclude_ids=[here.id])[0] == there.id
    assert len(suggest(*BIKES, limit=1, threshold=0.0)) == 1
    assert suggest(*BIKES, limit=0) == []
    hits = suggest("Fahrradbügel", threshold=0.0, limit=20)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert all(0.0 < s <= 1.0 for _, s in hits)


@pytest.mark.parametrize("text", ["", "und oder aber die der das", "   ", "<p></p>"])
def test_texts_without_content_suggest_nothing(background, text):
    assert suggest(text, threshold=0.0) == []


def test_an_empty_index_suggests_nothing(session):
    assert suggest(*BIKES, threshold=0.0) == []


def test_typos_in_the_query_are_tolerated(background, make_idea):
    library = make_idea(LIBRARY[0], body=LIBRARY[1])
    assert ids("Stadtbüchrei sonntgs öffnen", threshold=0.0)[0] == library.id


def test_suggest_ideas_loads_public_ideas_with_their_relations(
    background, make_idea, count_queries
):
    bikes = make_idea(BIKES[0], body=BIKES[1])
    make_idea("Fahrradbügel am Hauptbahnhof", body="Sichere Abstellplätze.", tags=["rad"])
    process_id = bikes.process_id
    db.session.expire_all()
    with count_queries() as counted:
        found = suggest_ideas(*BIKES, process=process_id, limit=3)
        names = [(i.author.display_name, i.process.theme.slug, i.tags) for i, _ in found]
    assert len(found) >= 2
    assert found[0][0].id == bikes.id
    assert all(isinstance(idea, Idea) and idea.is_public for idea, _ in found)
    assert names[0][0] == "Erika Mustermann"
    # terms, pre-selection, scores; ideas, authors, tags, processes, themes
    assert counted.count == 8
    assert suggest_ideas(*BIKES, exclude=[bikes], limit=3)[0][0].id != bikes.id


# --- the same ranking as the in-memory reference ---------------------------------------------


def test_the_database_ranks_exactly_like_the_in_memory_engine(process, author, make_user):
    """Every dev-set idea as a query against all others: same ideas, same scores."""
    dev = json.loads(DEV_SET.read_text(encoding="utf-8"))["ideas"]
    memory = SimilarityIndex()
    by_key = {}
    for item in dev:
        idea = operations.submit_idea(author, process, item["title"], item["body"])
        by_key[item["id"]] = idea.id
        memory.add(idea.id, item["title"], item["body"])
    db.session.flush()
    counters_are_exact()
    norms_are_fresh()
    assert refresh_norms() == len(dev)  # now computed with the idf of this very moment
    for item in dev:
        own = by_key[item["id"]]
        expected = memory.query(item["title"], item["body"], limit=10, exclude=[own], threshold=0)
        got = suggest(item["title"], item["body"], limit=10, exclude_ids=[own], threshold=0)
        assert [i for i, _ in got] == [i for i, _ in expected], item["id"]
        assert [s for _, s in got] == pytest.approx([s for _, s in expected], abs=2e-4)


def test_reindex_all_rebuilds_the_same_index(background, make_idea, author):
    bikes = make_idea(BIKES[0], body=BIKES[1])
    operations.edit_idea(author, background[1], "Saubere Toiletten im Bahnhof", "Bitte putzen.")
    operations.withdraw_idea(author, background[3])
    before = suggest(*BIKES, threshold=0.0, limit=10)
    assert reindex_all() == len(background)  # 6 - 1 withdrawn + the bikes
    assert indexed_ids() == {i.id for i in background if i.is_public} | {bikes.id}
    assert suggest(*BIKES, threshold=0.0, limit=10) == before
    counters_are_exact()


def test_the_cli_rebuilds_the_index(app, background, session):
    db.session.execute(SimilarityPosting.__table__.delete())
    db.session.execute(SimilarityIdea.__table__.delete())
    db.session.execute(SimilarityTerm.__table__.delete())
    result = app.test_cli_runner().invoke(args=["ideas", "reindex-similarity"])
    assert result.exit_code == 0, result.output
    assert f"Indexed {len(background)} public ideas" in result.output
    assert indexed_ids() == {i.id for i in background}
    counters_are_exact()
