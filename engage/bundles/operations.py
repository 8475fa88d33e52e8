"""Write-side use cases of bundles, decisions and projects: validate, change, flush, log.

Every action appends to the moderation log (:func:`engage.moderation.log.log_action`) and
never commits; the view commits once.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage.accounts.models import User
from engage.bundles import permissions as perms
from engage.bundles import signals
from engage.bundles.models import (
    RATIONALE_MAX,
    RECOMMENDATION_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    TITLE_MIN,
    UPDATE_MAX,
    Bundle,
    BundleItem,
    BundleStatus,
    Decision,
    ItemKind,
    Outcome,
    Project,
    ProjectStatus,
    ProjectUpdate,
)
from engage.core import clock
from engage.core.text import normalize_line, normalize_text, render_markdown
from engage.extensions import db
from engage.ideas import signals as idea_signals
from engage.ideas.models import Idea, IdeaStatus
from engage.moderation.log import log_action
from engage.organisations.models import Organisation
from engage.themes.models import Theme

MAX_ITEMS = 200

MESSAGES = {
    "not_allowed": _l("You may not do this."),
    "title": _l(
        "The title must have between %(min)d and %(max)d characters.",
        min=TITLE_MIN,
        max=TITLE_MAX,
    ),
    "summary": _l("The summary may have at most %(max)d characters.", max=SUMMARY_MAX),
    "recommendation": _l(
        "The recommendation may have at most %(max)d characters.", max=RECOMMENDATION_MAX
    ),
    "theme": _l("Please choose one of the themes."),
    "organisation": _l("Please choose one of your organisations."),
    "idea": _l(
        "This idea cannot be added: it must be public, belong to the bundle's theme and to a "
        "process of your organisations."
    ),
    "duplicate": _l("This idea is in the bundle already."),
    "survey": _l(
        "These survey results cannot be added: the survey must be published, belong to the "
        "bundle's theme and to a process of your organisations."
    ),
    "survey_duplicate": _l("The results of this survey are in the bundle already."),
    "comment": _l(
        "This comment cannot be added: it must be a shown comment on a published draft of the "
        "bundle's theme in a process of your organisations."
    ),
    "comment_duplicate": _l("This comment is in the bundle already."),
    "too_many": _l("A bundle can hold at most %(max)d items.", max=MAX_ITEMS),
    "empty": _l("Please add at least one item before submitting the bundle."),
    "not_draft": _l("This bundle has been submitted and can no longer be changed."),
    "not_submitted": _l("Only submitted bundles can be decided."),
    "outcome": _l("Please choose an outcome."),
    "rationale": _l(
        "Please give the reasons for the decision (at most %(max)d characters).",
        max=RATIONALE_MAX,
    ),
    "project": _l("Please choose a project of the same theme, or none."),
    "status": _l("Please choose one of the statuses."),
    "update": _l("Please describe the progress (at most %(max)d characters).", max=UPDATE_MAX),
    "description": _l("The description may have at most %(max)d characters.", max=10000),
}


class BundleError(ValueError):
    """A use case refused its input; ``field`` names the input at fault."""

    def __init__(self, key: str, field: str | None = None, status: int = 422) -> None:
        super().__init__(key)
        self.key = key
        self.message = MESSAGES[key]
        self.field = field
        self.status = status

    def __str__(self) -> str:
        return str(self.message)


def _require(allowed: bool) -> None:
    if not allowed:
        raise BundleError("not_allowed", status=403)


def _text(value: Any, maximum: int, key: str, field: str, *, minimum: int = 0) -> str:
    text = normalize_text(value if isinstance(value, str) else "").strip()
    if "\x00" in text or not minimum <= len(text) <= maximum:
        raise BundleError(key, field)
    return text


def _line(value: Any, key: str, field: str) -> str:
    text = normalize_line(value if isinstance(value, str) else "").strip()
    if "\x00" in text or not TITLE_MIN <= len(text) <= TITLE_MAX:
        raise BundleError(key, field)
    return text


# --- bundles ----------------------------------------------------------------------------------


def create_bundle(
    user: User,
    *,
    title: str,
    theme: Theme | None,
    organisation: Organisation | None,
    summary: str = "",
    recommendation: str = "",
) -> Bundle:
    """A moderator starts a draft bundle for one theme, owned by one of their organisations."""
    _require(perms.can_build_bundles(user))
    title = _line(title, "title", "title")
    if theme is None:
        raise BundleError("theme", "theme_id")
    if organisation is None or not perms.can_moderate_organisation(user, organisation.id):
        raise BundleError("organisation", "organisation_id")
    summary = _text(summary, SUMMARY_MAX, "summary", "summary")
    recommendation = _text(recommendation, RECOMMENDATION_MAX, "recommendation", "recommendation")
    now = clock.now()
    bundle = Bundle(
        title=title,
        theme_id=theme.id,
        organisation_id=organisation.id,
        summary=summary,
        recommendation_source=recommendation,
        recommendation=render_markdown(recommendation, rich=True),
        created_by_id=user.id,
        created_dt=now,
        updated_dt=now,
    )
    db.session.add(bundle)
    db.session.flush()
    log_action(user, "bundle_create", "bundle", bundle.id, organisation_id=organisation.id)
    return bundle


def edit_bundle(
    user: User, bundle: Bundle, *, title: str, summary: str = "", recommendation: str = ""
) -> Bundle:
    """Change the texts of a draft bundle."""
    _require(perms.can_edit_bundle(user, bundle))
    bundle.title = _line(title, "title", "title")
    bundle.summary = _text(summary, SUMMARY_MAX, "summary", "summary")
    source = _text(recommendation, RECOMMENDATION_MAX, "recommendation", "recommendation")
    bundle.recommendation_source = source
    bundle.recommendation = render_markdown(source, rich=True)
    bundle.updated_dt = clock.now()
    db.session.flush()
    log_action(user, "bundle_edit", "bundle", bundle.id, organisation_id=bundle.organisation_id)
    return bundle


def _append(user: User, bundle: Bundle, item: BundleItem, field: str) -> BundleItem:
    if len(bundle.items) >= MAX_ITEMS:
        raise BundleError("too_many", field, status=409)
    item.position = max((i.position for i in bundle.items), default=0) + 1
    item.created_dt = clock.now()
    bundle.items.append(item)
    bundle.updated_dt = clock.now()
    db.session.flush()
    log_action(
        user,
        "bundle_add_item",
        "bundle",
        bundle.id,
        organisation_id=bundle.organisation_id,
        **_item_details(item),
    )
    return item


def _item_details(item: BundleItem) -> dict[str, Any]:
    """What the log records about an item: its kind's target id."""
    if item.kind == ItemKind.SURVEY:
        return {"kind": item.kind, "survey_id": item.survey_id}
    if item.kind == ItemKind.DRAFT_COMMENT:
        return {"kind": item.kind, "comment_id": item.comment_id}
    return {"idea_id": item.idea_id}


def add_idea(user: User, bundle: Bundle, idea: Idea | None) -> BundleItem:
    """Append a public idea of the bundle's theme (from a process the user moderates)."""
    _require(perms.can_edit_bundle(user, bundle))
    if idea is None or not perms.can_add_idea(user, bundle, idea):
        raise BundleError("idea", "idea_id")
    if any(item.idea_id == idea.id for item in bundle.items):
        raise BundleError("duplicate", "idea_id", status=409)
    return _append(user, bundle, BundleItem(kind=ItemKind.IDEA.value, idea=idea), "idea_id")


def add_survey(user: User, bundle: Bundle, survey: Any) -> BundleItem:
    """Append the results of a published survey of the bundle's theme."""
    _require(perms.can_edit_bundle(user, bundle))
    if survey is None or not perms.can_add_survey(user, bundle, survey):
        raise BundleError("survey", "survey_id")
    if any(item.survey_id == survey.id for item in bundle.items):
        raise BundleError("survey_duplicate", "survey_id", status=409)
    item = BundleItem(kind=ItemKind.SURVEY.value, survey=survey)
    return _append(user, bundle, item, "survey_id")


def add_draft_comment(user: User, bundle: Bundle, comment: Any) -> BundleItem:
    """Append a shown comment on a paragraph of a published draft of the bundle's theme."""
    _require(perms.can_edit_bundle(user, bundle))
    if comment is None or not perms.can_add_draft_comment(user, bundle, comment):
        raise BundleError("comment", "comment_id")
    if any(item.comment_id == comment.id for item in bundle.items):
        raise BundleError("comment_duplicate", "comment_id", status=409)
    item = BundleItem(kind=ItemKind.DRAFT_COMMENT.value, comment=comment)
    return _append(user, bundle, item, "comment_id")


def remove_item(user: User, bundle: Bundle, item: BundleItem) -> None:
    """Take an item out of a draft bundle."""
    _require(perms.can_edit_bundle(user, bundle) and item.bundle_id == bundle.id)
    bundle.items.remove(item)
    _renumber(bundle)
    db.session.flush()
    log_action(
        user,
        "bundle_remove_item",
        "bundle",
        bundle.id,
        organisation_id=bundle.organisation_id,
        **_item_details(item),
    )


def _renumber(bundle: Bundle) -> None:
    for position, item in enumerate(bundle.items, start=1):
        item.position = position


def move_item(user: User, bundle: Bundle, item: BundleItem, direction: str) -> bool:
    """Move an item one place up or down; ``False`` when it is at that end already."""
    _require(perms.can_edit_bundle(user, bundle) and item.bundle_id == bundle.id)
    if direction not in {"up", "down"}:
        raise BundleError("not_allowed", status=400)
    items = list(bundle.items)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, entry in enumerate(items, start=1):
        entry.position = position
    db.session.flush()
    db.session.expire(bundle, ["items"])
    log_action(
        user,
        "bundle_move_item",
        "bundle",
        bundle.id,
        organisation_id=bundle.organisation_id,
        direction=direction,
        **_item_details(item),
    )
    return True


def submit_bundle(user: User, bundle: Bundle) -> Bundle:
    """Hand a draft to the Innovation Unit; its public ideas become ``bundled``."""
    _require(perms.can_edit_bundle(user, bundle))
    if not bundle.items:
        raise BundleError("empty", status=409)
    now = clock.now()
    bundle.status = BundleStatus.SUBMITTED.value
    bundle.submitted_dt = now
    bundle.updated_dt = now
    changed = []
    for item in bundle.items:
        idea = item.idea
        if idea is None or not idea.is_public or idea.status == IdeaStatus.BUNDLED:
            continue
        if idea.can_change_to(IdeaStatus.BUNDLED):
            change = idea.change_status(
                IdeaStatus.BUNDLED,
                actor=user,
                note=str(
                    _l(
                        "Passed on to the Innovation Unit in the bundle “%(title)s”.",
                        title=bundle.title,
                    )
                ),
                at=now,
            )
            changed.append((idea, change))
    db.session.flush()
    log_action(
        user,
        "bundle_submit",
        "bundle",
        bundle.id,
        organisation_id=bundle.organisation_id,
        ideas=[idea.id for idea, _change in changed],
    )
    for idea, change in changed:
        idea_signals.idea_status_changed.send("submit_bundle", idea=idea, change=change)
    signals.bundle_submitted.send("submit_bundle", bundle=bundle)
    return bundle


# --- decisions --------------------------------------------------------------------------------

# What a decision does to the ideas of its bundle; ``None`` keeps the status (with a note).
OUTCOME_IDEA_STATUS: dict[Outcome, IdeaStatus | None] = {
    Outcome.PROJECT: IdeaStatus.ACCEPTED,
    Outcome.MERGED: IdeaStatus.ACCEPTED,
    Outcome.REJECTED: IdeaStatus.REJECTED,
    Outcome.DEFERRED: None,
}


def decide_bundle(
    user: User,
    bundle: Bundle,
    *,
    outcome: str,
    rationale: str,
    project: Project | None = None,
) -> Decision:
    """Record the Innovation Unit's decision; the ideas follow it and a project may start.

    ``project``: with outcome ``project``, an existing project of the same theme that takes the
    bundle up; without it a new project (planned) is created from the bundle.
    """
    _require(perms.is_innovation(user))
    if bundle.status != BundleStatus.SUBMITTED:
        raise BundleError("not_submitted", status=409)
    try:
        result = Outcome(outcome)
    except ValueError:
        raise BundleError("outcome", "outcome") from None
    text = _text(rationale, RATIONALE_MAX, "rationale", "rationale", minimum=1)
    if project is not None and (
        result is not Outcome.PROJECT or project.theme_id != bundle.theme_id
    ):
        raise BundleError("project", "project_id")
    now = clock.now()
    decision = Decision(outcome=result.value, rationale=text, decided_by_id=user.id, decided_dt=now)
    bundle.decision = decision
    bundle.status = BundleStatus.DECIDED.value
    bundle.decided_dt = now
    bundle.updated_dt = now
    if result is Outcome.PROJECT:
        if project is None:
            project = Project(
                title=bundle.title,
                description_source=bundle.summary,
                description=render_markdown(bundle.summary, rich=True),
                organisation_id=bundle.organisation_id,
                theme_id=bundle.theme_id,
                created_by_id=user.id,
                created_dt=now,
                updated_dt=now,
            )
            db.session.add(project)
            db.session.flush()
            log_action(user, "project_create", "project", project.id, bundle_id=bundle.id)
        project.bundles.append(bundle)
    note = str(
        _l(
            "Decision of the Innovation Unit on the bundle “%(title)s”: %(outcome)s. %(rationale)s",
            title=bundle.title,
            outcome=result.label,
            rationale=text,
        )
    )
    changed = []
    target = OUTCOME_IDEA_STATUS[result]
    for item in bundle.items:
        idea = item.idea
        if idea is None or not idea.is_public:
            continue
        if target is not None and idea.status != target and idea.can_change_to(target):
            change = idea.change_status(target, actor=user, note=note, official=True, at=now)
        else:
            change = idea.answer(note, actor=user)
        changed.append((idea, change))
    db.session.flush()
    log_action(
        user,
        "bundle_decide",
        "bundle",
        bundle.id,
        organisation_id=bundle.organisation_id,
        reason=text,
        outcome=result.value,
        project_id=project.id if project is not None else None,
    )
    for idea, change in changed:
        idea_signals.idea_status_changed.send("decide_bundle", idea=idea, change=change)
    signals.bundle_decided.send("decide_bundle", bundle=bundle, decision=decision, project=project)
    return decision


# --- projects ---------------------------------------------------------------------------------


def edit_project(
    user: User,
    project: Project,
    *,
    title: str,
    description: str,
    organisation: Organisation | None,
) -> Project:
    """The Innovation Unit changes a project's title, description or lead organisation."""
    _require(perms.can_manage_projects(user))
    project.title = _line(title, "title", "title")
    source = _text(description, 10000, "description", "description")
    if organisation is None:
        raise BundleError("organisation", "organisation_id")
    project.description_source = source
    project.description = render_markdown(source, rich=True)
    project.organisation_id = organisation.id
    project.updated_dt = clock.now()
    db.session.flush()
    log_action(user, "project_edit", "project", project.id, organisation_id=organisation.id)
    return project


def add_project_update(
    user: User, project: Project, *, text: str, status: str | None = None
) -> ProjectUpdate:
    """A progress report, optionally moving the project to another status."""
    _require(perms.can_manage_projects(user))
    body = _text(text, UPDATE_MAX, "update", "text", minimum=1)
    new_status = None
    if status:
        try:
            new_status = ProjectStatus(status)
        except ValueError:
            raise BundleError("status", "status") from None
    now = clock.now()
    update = ProjectUpdate(text=body, author_id=user.id, created_dt=now)
    if new_status is not None and new_status != project.status:
        update.status_from = project.status
        update.status_to = new_status.value
        project.status = new_status.value
    project.updates.append(update)
    project.updated_dt = now
    db.session.flush()
    log_action(
        user,
        "project_update",
        "project",
        project.id,
        organisation_id=project.organisation_id,
        status_from=update.status_from,
        status_to=update.status_to,
    )
    signals.project_updated.send("add_project_update", project=project, update=update)
    return update


def count_items(bundle_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(BundleItem).where(BundleItem.bundle_id == bundle_id)
        )
        or 0
    )
