"""Demo moderation: reported and pending items (also a draft comment), one merge, assignments
(one overdue).

Registered as a step of :class:`engage.site.demo.DemoBuilder`. The demo has no ideas of its
own yet, so this step submits a handful of realistic ones through the ideas operations (in a
running, post-moderated process and, for the pending ones, a pre-moderated one), then
moderates them through the moderation operations, so the log shows real entries.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage.accounts.models import Role, User
from engage.core import clock
from engage.drafts import operations as draft_ops
from engage.extensions import db
from engage.ideas import operations as idea_ops
from engage.ideas.models import Comment
from engage.moderation import operations as ops
from engage.organisations.models import Organisation
from engage.processes import phases as actions
from engage.processes.models import Moderation, Process
from engage.site.demo import DemoBuilder, demo_step

IDEAS = [
    (
        "Mehr Fahrradbügel an der Mobilstation",
        "An der Mobilstation sind morgens alle Fahrradbügel belegt. Zwanzig zusätzliche, "
        "überdachte Bügel würden das Umsteigen auf Bus und Bahn erleichtern.",
    ),
    (
        "Fahrradständer an der Mobilstation ausbauen",
        "Es gibt viel zu wenige Fahrradständer an der Mobilstation. Bitte mehr Abstellplätze "
        "für Fahrräder schaffen, am besten überdacht.",
    ),
    (
        "Carsharing-Stellplätze per App reservieren",
        "Die Carsharing-Autos an der Mobilstation sollten sich vorab in der App reservieren "
        "lassen, damit man sich auf einen Wagen verlassen kann.",
    ),
    (
        "Günstige Kredite sofort online – jetzt klicken",
        "Sofortkredit ohne Schufa!!! Besuchen Sie unsere Seite für die besten Angebote.",
    ),
]
PENDING = [
    (
        "Sensoren melden volle Altglascontainer",
        "Füllstandssensoren an den Altglascontainern könnten dem USB melden, wann geleert "
        "werden muss. So quellen die Container am Wochenende nicht mehr über.",
    ),
    (
        "Mülltonnen mit Chip für gerechte Gebühren",
        "Ein Chip in der Tonne zählt die Leerungen. Wer weniger Müll macht, zahlt weniger.",
    ),
]


def _open_process(builder: DemoBuilder, moderation: str) -> Process | None:
    now = clock.now()
    for process in builder.report.processes:
        if process.moderation == moderation and process.allows(actions.SUBMIT_IDEA, now):
            return process
    return None


@demo_step(800, "moderation")  # after bundles (700): their decisions answer ideas
def moderation_demo(builder: DemoBuilder) -> None:
    """Ideas to moderate and the moderators' actions on them."""
    citizens = list(
        db.session.scalars(
            select(User).where(User.role == Role.CITIZEN.value).order_by(User.id).limit(8)
        )
    )
    moderator = db.session.scalar(select(User).where(User.email == builder.email("moderation")))
    post = _open_process(builder, Moderation.POST.value)
    if len(citizens) < 6 or moderator is None or post is None:
        return  # too small a demo (no citizens, no running participation)

    ideas = [
        idea_ops.submit_idea(citizens[i], post, title, body)
        for i, (title, body) in enumerate(IDEAS)
    ]
    bikes, duplicate, carsharing, spam = ideas
    # Supporters of the original only, of the duplicate only, and of both (counted once).
    for supporter, idea in [(4, bikes), (5, bikes), (5, duplicate), (2, duplicate)]:
        idea_ops.support_idea(citizens[supporter], idea)
    comment = idea_ops.add_comment(
        citizens[3], carsharing, "Das ist doch Unsinn, wer braucht denn so etwas, ihr Idioten."
    )
    # Reports below the hiding threshold: they wait in the queue.
    idea_ops.flag(citizens[4], spam, "spam")
    idea_ops.flag(citizens[5], spam, "other", "Werbung für Kredite, bitte entfernen.")
    idea_ops.flag(citizens[0], comment, "insulting")
    # A report on a comment on a draft paragraph: it waits in the same queue.
    draft_comment = db.session.scalar(
        select(Comment)
        .where(
            Comment.paragraph_id.is_not(None),
            Comment.hidden_dt.is_(None),
            Comment.deleted_dt.is_(None),
            Comment.author_id.not_in([c.id for c in citizens[:2]]),
        )
        .order_by(Comment.created_dt.desc(), Comment.id.desc())
        .limit(1)
    )
    if draft_comment is not None:
        draft_ops.flag_comment(
            citizens[1],
            draft_comment.paragraph.version.draft,
            draft_comment,
            "off_topic",
            "Hat mit diesem Absatz nichts zu tun.",
        )

    ops.merge_ideas(moderator, duplicate, bikes, "Gleiches Anliegen wie die ältere Idee.")

    today = ops.today()
    bogestra = db.session.scalar(select(Organisation).where(Organisation.slug == "bogestra"))
    owner = db.session.get(Organisation, post.organisation_id)
    if bogestra is not None:
        overdue = ops.assign_idea(moderator, carsharing, bogestra, today)
        # Assigned three weeks ago with a week to answer: the answer is overdue now.
        overdue.created_dt = clock.now() - timedelta(days=21)
        overdue.due_date = today - timedelta(days=14)
    ops.assign_idea(moderator, bikes, owner, today + timedelta(days=21))

    pre = _open_process(builder, Moderation.PRE.value)
    if pre is not None:
        for i, (title, body) in enumerate(PENDING):
            idea_ops.submit_idea(citizens[i + 1], pre, title, body)
    db.session.flush()
