"""The world the citizen's browser tests walk through (import the ``world`` fixture by name):
participations in their phases with an idea to find as similar, a survey, a draft open for
comments, and an idea whose bundle the Innovation Unit turned into a project."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from browser_helpers import create_account

from engage.extensions import db

DAY = timedelta(days=1)
PASSWORD = "Sonnenblume-am-Kemnader-See"
__all__ = ["world"]
DRAFT = """# Ziele

Der Busverkehr soll im Takt von zehn Minuten fahren.

Radwege verbinden alle Stadtbezirke mit der Innenstadt.

Haltestellen werden barrierefrei umgebaut."""


@pytest.fixture
def world(live_server):
    """(Per test: reports and supports of one journey must not change the next one's world.)
    Participations in their phases: ideas (with an idea to find as similar), a survey, a draft
    open for comments, and an idea whose bundle the Innovation Unit turned into a project."""
    from engage.accounts.models import User
    from engage.bundles import operations as bundle_ops
    from engage.core import clock
    from engage.drafts import operations as draft_ops
    from engage.ideas.operations import add_comment, submit_idea
    from engage.organisations.models import Organisation
    from engage.processes.models import Phase, Process
    from engage.surveys import operations as survey_ops
    from engage.themes.models import Theme

    tag = uuid.uuid4().hex[:6]
    moderator = create_account(live_server, "moderator", organisations=("bogestra",))
    innovation = create_account(live_server, "innovation")
    author = create_account(live_server, name="Autorin aus Linden")
    app = live_server.app
    with app.test_request_context(headers={"Accept-Language": "de"}):
        now = clock.now()
        theme = db.session.query(Theme).filter_by(slug="mobilitaet-umwelt").one()
        bogestra = db.session.query(Organisation).filter_by(slug="bogestra").one()

        def process(title: str, kind: str) -> Process:
            p = Process(
                title=title,
                slug=f"{kind}-{tag}",
                summary=f"{title}: Beteiligung für die Browsertests.",
                theme=theme,
                organisation=bogestra,
                status="published",
                moderation="post",
            )
            p.phases.append(Phase(kind=kind, start_dt=now - 3 * DAY, end_dt=now + 30 * DAY))
            db.session.add(p)
            db.session.flush()
            return p

        mod = db.session.get(User, moderator.id)
        iu = db.session.get(User, innovation.id)
        writer = db.session.get(User, author.id)
        ideas = process("Radverkehr in Bochum", "ideas")
        similar = submit_idea(
            writer,
            ideas,
            "Mehr Fahrradständer am Hauptbahnhof",
            "Am Hauptbahnhof fehlen sichere Abstellplätze für Fahrräder.",
        )
        add_comment(writer, similar, "Am Nordausgang besonders.")
        decided = submit_idea(
            writer, ideas, "Radweg an der Universitätsstraße", "Ein geschützter Radweg bis zur Uni."
        )
        bundle = bundle_ops.create_bundle(
            mod,
            title="Sichere Radwege zur Universität",
            theme=theme,
            organisation=bogestra,
            summary="Ideen für sichere Radwege.",
            recommendation="**Umsetzen**",
        )
        bundle_ops.add_idea(mod, bundle, decided)
        bundle_ops.submit_bundle(mod, bundle)
        bundle_ops.decide_bundle(
            iu, bundle, outcome="project", rationale="Der Radweg wird 2027 gebaut."
        )
        project = bundle.projects[0]

        survey_process = process("Busnetz 2030", "survey")
        data = survey_ops.validate_survey_input(
            "Befragung zum Busnetz", "Ihre Meinung zählt.", False
        )
        survey = survey_ops.create_survey(None, survey_process, data)
        for spec in (
            {"kind": "single", "text": "Wie kommen Sie zur Arbeit?", "required": True,
             "choices": ["Bus", "Rad", "Auto"]},
            {"kind": "multiple", "text": "Was fehlt an Ihrer Haltestelle?", "required": True,
             "choices": ["Dach", "Bank", "Licht"]},
            {"kind": "scale", "text": "Wie zufrieden sind Sie?", "required": True,
             "scale_min_label": "gar nicht", "scale_max_label": "sehr"},
            {"kind": "short_text", "text": "Welche Haltestelle nutzen Sie?", "required": True},
        ):  # fmt: skip
            survey_ops.add_question(None, survey, survey_ops.validate_question_input(**spec))
        survey_ops.publish_survey(None, survey)

        draft_process = process("Nahverkehrsplan", "comment")
        draft = draft_ops.create_draft(mod, draft_process, "Nahverkehrsplan 2030", DRAFT)
        draft_ops.publish_version(mod, draft)
        db.session.commit()
        world = {
            "ideas": ideas.id,
            "similar": similar.id,
            "decided": decided.id,
            "bundle": bundle.id,
            "project": project.id,
            "survey_process": survey_process.id,
            "survey": survey.id,
            "draft": draft.id,
            "draft_process": draft_process.id,
        }
        db.session.remove()
    return world
