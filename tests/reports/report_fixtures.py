"""A small, hand-counted world for the report tests (``from report_fixtures import *``).

Two participations: P1 (theme mobilitaet-umwelt, organisation bogestra) and P2 (theme
infrastruktur, organisation stadtwerke).  People: a (district mitte, consented), b (nord,
consented), c (mitte but no consent: unknown), d (no district).  The clock stands at Monday
2026-05-04 10:00 UTC.  Weeks (Bochum): W1 starts 2026-04-20, W2 2026-04-27.  Idea i2 is
submitted on Sunday 2026-04-26 22:30 UTC, which is already Monday 00:30 in Bochum (W2).

=====  ====  ======  ======================  ===============  ========================
item   P     who     when (UTC)              status           other
=====  ====  ======  ======================  ===============  ========================
i1     P1    a       2026-04-21 10:00        published        2 supports, bundle B1
i2     P1    b       2026-04-26 22:30        implemented
i3     P1    c       2026-04-28 09:00        hidden           flag f1 (open); log +4 h
i4     P2    d       2026-04-29 09:00        pending          log +2 h
i5     P2    a       2026-03-02 09:00        accepted         1 support; flag f3
s1     i1    b       2026-04-22 10:00
s2     i1    c       2026-04-28 10:00
s3     i5    d       2026-04-23 10:00
c1     i1    b       2026-04-22 11:00        visible
c2     i2    a       2026-04-29 08:00        hidden           flag f2 (upheld); log +8 h
c3     i4    d       2026-04-29 10:00        deleted
c4     P2¶   b       2026-04-30 12:00        draft comment
r1     P1    a       2026-04-21 12:00        survey response
r2     P1    –       2026-04-28 12:00        anonymous response
=====  ====  ======  ======================  ===============  ========================

Assignments: i1 → bogestra due 04-30 (overdue), i4 → stadtwerke due 05-01 (overdue),
i5 → stadtwerke due 05-10 (not yet), i2 → stadtwerke due 04-01 but answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from engage.bundles.models import Bundle, BundleItem
from engage.drafts.models import Draft, DraftParagraph, DraftVersion
from engage.ideas.models import Comment, Flag, Idea, Support
from engage.moderation.models import Assignment, ModerationLogEntry
from engage.organisations.models import Organisation
from engage.surveys.models import Response, Survey

__all__ = ["World", "at", "world"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class World:
    p1: object
    p2: object
    a: object
    b: object
    c: object
    d: object
    moderator: object
    ideas: dict
    bundle: Bundle
    bogestra: Organisation
    stadtwerke: Organisation


@pytest.fixture
def world(session, clock, make_user, make_process):
    consent = at("2026-01-01T00:00")
    a = make_user(name="Anna Aalto", email="anna@example.org", district="mitte")
    a.profile_consent_dt = consent
    b = make_user(name="Bernd Bauer", email="bernd@example.org", district="nord")
    b.profile_consent_dt = consent
    c = make_user(name="Clara Conrad", email="clara@example.org", district="mitte")
    d = make_user(name="Dieter Dorn", email="dieter@example.org")
    moderator = make_user("moderator", organisations=("bogestra",), email="mod@example.org")
    p1 = make_process(title="Radverkehr in Bochum", organisation="bogestra")
    p2 = make_process(title="Glasfaser für alle", theme="infrastruktur", organisation="stadtwerke")
    bogestra = p1.organisation
    stadtwerke = p2.organisation

    def idea(name, process, author, created, status, supports=0, published=True, **kw):
        row = Idea(
            process=process,
            author=author,
            title=f"Idee {name} für Bochum",
            status=status,
            supports_count=supports,
            created_dt=at(created),
            published_dt=at(created) if published else None,
            **kw,
        )
        session.add(row)
        return row

    ideas = {
        "i1": idea("i1", p1, a, "2026-04-21T10:00", "published", 2, district="mitte"),
        "i2": idea("i2", p1, b, "2026-04-26T22:30", "implemented"),
        "i3": idea("i3", p1, c, "2026-04-28T09:00", "hidden", status_before_hidden="published"),
        "i4": idea("i4", p2, d, "2026-04-29T09:00", "pending", published=False),
        "i5": idea("i5", p2, a, "2026-03-02T09:00", "accepted", 1),
    }
    session.flush()
    i = ideas
    session.add_all(
        [
            Support(idea_id=i["i1"].id, user_id=b.id, created_dt=at("2026-04-22T10:00")),
            Support(idea_id=i["i1"].id, user_id=c.id, created_dt=at("2026-04-28T10:00")),
            Support(idea_id=i["i5"].id, user_id=d.id, created_dt=at("2026-04-23T10:00")),
        ]
    )
    c1 = Comment(idea_id=i["i1"].id, author=b, body="Gute Idee", created_dt=at("2026-04-22T11:00"))
    c2 = Comment(
        idea_id=i["i2"].id,
        author=a,
        body="Versteckt",
        created_dt=at("2026-04-29T08:00"),
        hidden_dt=at("2026-04-29T16:00"),
    )
    c3 = Comment(
        idea_id=i["i4"].id,
        author=d,
        body="Gelöscht",
        created_dt=at("2026-04-29T10:00"),
        deleted_dt=at("2026-04-29T11:00"),
    )
    draft = Draft(process_id=p2.id, title="Satzung", status="published")
    session.add_all([c1, c2, c3, draft])
    session.flush()
    version = DraftVersion(draft_id=draft.id, number=1, source="Absatz eins.")
    session.add(version)
    session.flush()
    paragraph = DraftParagraph(version_id=version.id, position=1, number=1, text="Absatz", key="k1")
    session.add(paragraph)
    session.flush()
    c4 = Comment(
        paragraph_id=paragraph.id, author=b, body="Zum Absatz", created_dt=at("2026-04-30T12:00")
    )
    survey = Survey(process_id=p1.id, title="Umfrage zum Radverkehr", status="published")
    session.add_all([c4, survey])
    session.flush()
    session.add_all(
        [
            Response(survey_id=survey.id, user_id=a.id, created_dt=at("2026-04-21T12:00")),
            Response(
                survey_id=survey.id, anonymous_key="x" * 64, created_dt=at("2026-04-28T12:00")
            ),
            Flag(
                target_type="idea",
                target_id=i["i3"].id,
                user_id=a.id,
                reason="spam",
                status="open",
                created_dt=at("2026-04-28T10:00"),
            ),
            Flag(
                target_type="comment",
                target_id=c2.id,
                user_id=b.id,
                reason="insulting",
                status="upheld",
                created_dt=at("2026-04-29T12:00"),
            ),
            Flag(
                target_type="idea",
                target_id=i["i5"].id,
                user_id=b.id,
                reason="off_topic",
                status="dismissed",
                created_dt=at("2026-04-23T12:00"),
            ),
            ModerationLogEntry(
                actor_id=moderator.id,
                action="hide",
                target_type="idea",
                target_id=i["i3"].id,
                created_dt=at("2026-04-28T13:00"),
            ),
            ModerationLogEntry(
                actor_id=moderator.id,
                action="hide",
                target_type="idea",
                target_id=i["i3"].id,
                created_dt=at("2026-04-30T13:00"),
            ),
            ModerationLogEntry(
                actor_id=moderator.id,
                action="hide",
                target_type="comment",
                target_id=c2.id,
                created_dt=at("2026-04-29T16:00"),
            ),
            ModerationLogEntry(
                actor_id=moderator.id,
                action="assign",
                target_type="idea",
                target_id=i["i4"].id,
                created_dt=at("2026-04-29T11:00"),
            ),
            ModerationLogEntry(  # the system: not a moderator's action
                actor_id=None,
                action="hide",
                target_type="idea",
                target_id=i["i1"].id,
                created_dt=at("2026-04-21T11:00"),
            ),
            Assignment(idea_id=i["i1"].id, organisation_id=bogestra.id, due_date=date(2026, 4, 30)),
            Assignment(
                idea_id=i["i4"].id, organisation_id=stadtwerke.id, due_date=date(2026, 5, 1)
            ),
            Assignment(
                idea_id=i["i5"].id, organisation_id=stadtwerke.id, due_date=date(2026, 5, 10)
            ),
            Assignment(
                idea_id=i["i2"].id,
                organisation_id=stadtwerke.id,
                due_date=date(2026, 4, 1),
                answered_dt=at("2026-03-30T10:00"),
            ),
        ]
    )
    bundle = Bundle(
        theme_id=p1.theme_id,
        organisation_id=bogestra.id,
        title="Mehr Platz für Räder",
        summary="Ideen rund ums Rad.",
        recommendation_source="Umsetzen",
        recommendation="<p>Umsetzen</p>",
        status="submitted",
        submitted_dt=at("2026-04-30T10:00"),
    )
    session.add(bundle)
    session.flush()
    session.add(BundleItem(bundle_id=bundle.id, position=0, kind="idea", idea_id=i["i1"].id))
    session.flush()
    return World(p1, p2, a, b, c, d, moderator, ideas, bundle, bogestra, stadtwerke)
