"""Demo bundles in every status, decisions of every kind, and projects with progress updates;
bundles take survey results and draft comments of their theme besides ideas."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage.accounts.models import User
from engage.bundles import operations as ops
from engage.bundles import queries
from engage.core import clock
from engage.extensions import db
from engage.ideas.models import PUBLIC_STATUSES, Idea
from engage.processes.models import Process
from engage.site.demo import DemoBuilder, demo_step

# (bundle title, what happens to it): draft, submitted, or decided with an outcome.
PLANS = [
    ("decided", "project", "Sicher und bequem mit dem Rad durch Bochum"),
    ("decided", "rejected", "Vorschläge zur Innenstadt"),
    ("decided", "deferred", "Digitale Angebote im Quartier"),
    ("submitted", None, "Ideen für lebendige Stadtteile"),
    ("draft", None, "Sammlung für die nächste Sitzung"),
]
RATIONALES = {
    "project": "Die Vorschläge ergänzen sich und passen zum Smart-City-Konzept. Wir starten "
    "ein gemeinsames Projekt mit den beteiligten Partnern.",
    "rejected": "Die Vorschläge lassen sich rechtlich oder finanziell derzeit nicht umsetzen. "
    "Wir danken für die Beteiligung.",
    "deferred": "Wir prüfen die Vorschläge zusammen mit dem Haushalt des nächsten Jahres.",
}
UPDATES = [
    ("Die Planung hat begonnen; ein erstes Abstimmungsgespräch mit den Partnern fand statt.", None),
    ("Die Umsetzung läuft: die ersten Maßnahmen werden in Mitte und Ost gebaut.", "running"),
]


@demo_step(700, "bundles")
def bundles_demo(builder: DemoBuilder) -> None:
    """Bundles built by the all-organisations moderator, decided by the Innovation Unit."""
    moderator = db.session.scalar(select(User).where(User.email == builder.email("moderation")))
    innovation = db.session.scalar(select(User).where(User.email == builder.email("innovation")))
    if moderator is None or innovation is None:
        return
    by_theme: dict[int, list[Idea]] = {}
    rows = db.session.execute(
        select(Idea, Process.theme_id)
        .join(Process, Idea.process_id == Process.id)
        .where(Idea.status.in_([s.value for s in PUBLIC_STATUSES]), Idea.merged_into_id.is_(None))
        .order_by(Idea.supports_count.desc(), Idea.id)
        .limit(2000)
    )
    for idea, theme_id in rows:
        by_theme.setdefault(theme_id, []).append(idea)
    themes = sorted(by_theme, key=lambda t: -len(by_theme[t]))
    if not themes:
        return
    real_now = clock.now()
    used: set[int] = set()
    for index, (state, outcome, title) in enumerate(PLANS):
        theme_id = themes[index % len(themes)]
        ideas = [i for i in by_theme[theme_id] if i.id not in used][:4]
        if not ideas:
            continue
        used.update(i.id for i in ideas)
        process = db.session.get(Process, ideas[0].process_id)
        bundle = ops.create_bundle(
            moderator,
            title=title,
            theme=process.theme,
            organisation=process.organisation,
            summary="Mehrere Ideen mit demselben Anliegen, von der Moderation zusammengefasst.",
            recommendation="Die Moderation empfiehlt, die Vorschläge **gemeinsam** zu prüfen.",
        )
        for idea in ideas:
            if idea.process.organisation_id == bundle.organisation_id:
                ops.add_idea(moderator, bundle, idea)
        # Survey results and draft comments of the theme, where there are any.
        for survey in queries.candidate_surveys(moderator, bundle, limit=1):
            ops.add_survey(moderator, bundle, survey)
        for comment in queries.candidate_draft_comments(moderator, bundle, limit=2):
            ops.add_draft_comment(moderator, bundle, comment)
        if state == "draft" or not bundle.items:
            continue
        ops.submit_bundle(moderator, bundle)
        bundle.submitted_dt = real_now - timedelta(days=30 - index)
        if state == "decided":
            ops.decide_bundle(innovation, bundle, outcome=outcome, rationale=RATIONALES[outcome])
            bundle.decided_dt = real_now - timedelta(days=14 - index)
            for project in bundle.projects:
                for text, status in UPDATES:
                    ops.add_project_update(innovation, project, text=text, status=status)
    db.session.flush()
