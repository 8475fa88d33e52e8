"""Demo drafts: for every demo process with a ``comment`` phase a draft with two versions,
comments (also on the earlier version), and — where the comment phase has ended — a published
response table. Deterministic for one seed.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage.accounts.models import Role, User
from engage.extensions import db
from engage.ideas.models import Comment
from engage.site.demo import DemoBuilder, demo_step

from .models import CommentResponse, Draft, DraftParagraph, DraftStatus, DraftVersion, Outcome
from .text import map_keys, split_paragraphs

V1 = """# Ziele

{title}: Dieser Entwurf fasst zusammen, was Bürgerinnen und Bürger, Fachleute und die
beteiligten Unternehmen bisher eingebracht haben.

Die Stadt Bochum will bis 2030 messbare Verbesserungen erreichen und jährlich öffentlich
berichten, was umgesetzt wurde.

# Maßnahmen

Wir beginnen in den Stadtteilen, in denen der Bedarf am größten ist. Die Auswahl erfolgt nach
offenen Kriterien, die wir auf dieser Plattform veröffentlichen.

Alle Daten, die dabei entstehen, werden als offene Daten bereitgestellt, sofern keine
personenbezogenen Daten betroffen sind.

# Finanzierung

Die Maßnahmen werden aus Mitteln des Smart-City-Programms und aus Fördermitteln des Landes
finanziert."""

# Version 2: one paragraph added, one lightly edited, one rewritten.
V2 = """# Ziele

{title}: Dieser Entwurf fasst zusammen, was Bürgerinnen und Bürger, Fachleute und die
beteiligten Unternehmen bisher eingebracht haben.

Die Stadt Bochum will bis 2030 messbare Verbesserungen erreichen und jährlich in einem
öffentlichen Bericht darlegen, was umgesetzt wurde.

# Maßnahmen

Wir beginnen in den Stadtteilen, in denen der Bedarf am größten ist. Die Auswahl erfolgt nach
offenen Kriterien, die wir auf dieser Plattform veröffentlichen.

Auf Wunsch vieler Kommentare ergänzt: Ein Beirat aus Bürgerinnen und Bürgern begleitet die
Umsetzung und trifft sich zweimal im Jahr öffentlich.

Alle Daten, die dabei entstehen, werden als offene Daten bereitgestellt, sofern keine
personenbezogenen Daten betroffen sind.

# Finanzierung

Die Kosten tragen das Smart-City-Programm, Fördermittel des Landes und die beteiligten
Partner gemeinsam; die Aufteilung wird jährlich veröffentlicht."""

COMMENTS = [
    "Bitte konkrete Zwischenziele für 2027 nennen, sonst lässt sich der Fortschritt kaum prüfen.",
    "Wattenscheid wird bei solchen Vorhaben oft vergessen. Bitte ausdrücklich einbeziehen.",
    "Wer legt die Kriterien fest? Das sollte vorher öffentlich diskutiert werden.",
    "Offene Daten finde ich sehr gut. Bitte auch in maschinenlesbaren Formaten.",
    "Wie hoch ist das Budget? Ohne Zahlen ist das schwer einzuschätzen.",
    "Ein jährlicher Bericht reicht nicht, lieber ein laufend aktualisiertes Dashboard.",
    "Bitte auch ältere Menschen ohne Internet beteiligen, z. B. über die Stadtteilbüros.",
]
REPLIES = [
    "Dem schließe ich mich an.",
    "Sehe ich anders: Erst einmal anfangen, dann nachbessern.",
]
RATIONALES = {
    Outcome.ADOPTED: "Wir haben den Hinweis in Version 2 aufgenommen.",
    Outcome.PARTLY_ADOPTED: "Teilweise berücksichtigt; Details regelt der Umsetzungsplan.",
    Outcome.NOT_ADOPTED: "Nicht übernommen, weil die Mittel dafür nicht ausreichen.",
    Outcome.OUT_OF_SCOPE: "Betrifft nicht diesen Entwurf; wir haben es weitergeleitet.",
}


def _paragraphs(version: DraftVersion, source: str, previous: list[DraftParagraph]) -> None:
    mapped = map_keys(
        [(p.key, p.kind, p.text) for p in previous],
        split_paragraphs(source),
        lambda j: f"v{version.number}p{j + 1}",
    )
    number = 0
    for position, (block, key, _pred) in enumerate(mapped, start=1):
        number += block.kind == "paragraph"
        version.paragraphs.append(
            DraftParagraph(
                position=position,
                number=number if block.kind == "paragraph" else None,
                kind=block.kind,
                text=block.text,
                key=key,
            )
        )


@demo_step(400, "drafts")
def drafts(builder: DemoBuilder) -> None:
    """A draft per process with a comment phase; comments and, after the phase, responses."""
    rng = builder.rng("drafts")
    citizens = list(
        db.session.scalars(
            select(User.id).where(User.role == Role.CITIZEN.value).order_by(User.id).limit(200)
        )
    )
    moderators = {
        m.organisation_id: u.id
        for u in builder.report.accounts
        if u.role == Role.MODERATOR.value
        for m in u.memberships
    }
    now = builder.base
    for process in builder.report.processes:
        phase = next((p for p in process.phases if p.kind == "comment"), None)
        if phase is None:
            continue
        author = moderators.get(process.organisation_id)
        start, end = phase.start_dt, phase.end_dt
        draft = Draft(
            process_id=process.id,
            title=f"Entwurf: {process.title}",
            status=DraftStatus.PUBLISHED.value,
            created_by_id=author,
            created_dt=start - timedelta(days=3),
        )
        db.session.add(draft)
        db.session.flush()
        v1 = DraftVersion(
            draft_id=draft.id,
            number=1,
            source=V1.format(title=process.title),
            published_dt=start,
            created_by_id=author,
            created_dt=start - timedelta(days=3),
        )
        _paragraphs(v1, v1.source, [])
        db.session.add(v1)
        db.session.flush()
        current = v1
        middle = start + (min(end, now) - start) / 2
        running_or_done = start < now
        if running_or_done and middle - start > timedelta(days=1):
            v2 = DraftVersion(
                draft_id=draft.id,
                number=2,
                source=V2.format(title=process.title),
                change_note="Beirat ergänzt, Bericht und Finanzierung nach den Kommentaren "
                "präzisiert.",
                published_dt=middle,
                created_by_id=author,
                created_dt=middle - timedelta(hours=2),
            )
            _paragraphs(v2, v2.source, list(v1.paragraphs))
            db.session.add(v2)
            db.session.flush()
            current = v2
        draft.current_version_id = current.id
        if not running_or_done or not citizens:
            continue
        comments: list[Comment] = []
        for version in {v1.id: v1, current.id: current}.values():
            until = middle if version is v1 and current is not v1 else min(end, now)
            since = version.published_dt
            targets = [p for p in version.paragraphs if p.kind == "paragraph"]
            for _ in range(rng.randint(6, 12)):
                when = since + (until - since) * rng.random()
                top = Comment(
                    paragraph_id=rng.choice(targets).id,
                    depth=0,
                    author_id=rng.choice(citizens),
                    body=rng.choice(COMMENTS),
                    created_dt=when,
                )
                db.session.add(top)
                comments.append(top)
        db.session.flush()
        for parent in rng.sample(comments, k=min(4, len(comments))):
            db.session.add(
                Comment(
                    paragraph_id=parent.paragraph_id,
                    parent_id=parent.id,
                    depth=1,
                    author_id=rng.choice(citizens),
                    body=rng.choice(REPLIES),
                    created_dt=parent.created_dt + timedelta(hours=rng.randint(1, 30)),
                )
            )
        db.session.flush()
        if end <= now:  # the phase is over: every comment answered, the table published
            answered = end + timedelta(days=5)
            all_comments = db.session.scalars(
                select(Comment)
                .join(DraftParagraph, DraftParagraph.id == Comment.paragraph_id)
                .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
                .where(DraftVersion.draft_id == draft.id)
            ).all()
            for comment in all_comments:
                outcome = rng.choice(list(Outcome))
                db.session.add(
                    CommentResponse(
                        comment_id=comment.id,
                        outcome=outcome.value,
                        rationale=RATIONALES[outcome],
                        responded_by_id=author,
                        responded_dt=answered,
                    )
                )
            draft.response_table_published_dt = answered
        db.session.flush()
