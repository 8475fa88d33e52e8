"""Read-side queries of bundles, decisions and projects for pages, the API and the home page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from engage.accounts.permissions import moderated_organisation_ids
from engage.bundles.models import (
    Bundle,
    BundleItem,
    BundleStatus,
    Project,
    project_bundles,
)
from engage.core.pagination import Page, paginate
from engage.drafts.models import Draft, DraftParagraph, DraftStatus, DraftVersion
from engage.extensions import db
from engage.ideas.models import PUBLIC_STATUSES, Comment, Idea
from engage.processes.models import Process
from engage.surveys.models import Survey, SurveyStatus

HOME_OUTCOMES = 4
PUBLIC_BUNDLE_STATUSES = (BundleStatus.SUBMITTED.value, BundleStatus.DECIDED.value)


def _bundle_options():
    return (
        selectinload(Bundle.theme),
        selectinload(Bundle.organisation),
        selectinload(Bundle.decision),
        selectinload(Bundle.projects),
        selectinload(Bundle.items)
        .selectinload(BundleItem.idea)
        .selectinload(Idea.process)
        .selectinload(Process.organisation),
        selectinload(Bundle.items).selectinload(BundleItem.survey).selectinload(Survey.process),
        selectinload(Bundle.items).selectinload(BundleItem.comment).selectinload(Comment.author),
        selectinload(Bundle.items)
        .selectinload(BundleItem.comment)
        .selectinload(Comment.paragraph)
        .selectinload(DraftParagraph.version)
        .selectinload(DraftVersion.draft)
        .selectinload(Draft.process),
    )


def bundle_for_page(bundle_id: int) -> Bundle | None:
    """One bundle (any status; the view decides who sees it) with items, ideas and decision."""
    return db.session.scalar(
        select(Bundle).where(Bundle.id == bundle_id).options(*_bundle_options())
    )


def public_bundles(status: str | None = None) -> Select:
    """Submitted and decided bundles, the most recently decided or submitted first."""
    statuses = PUBLIC_BUNDLE_STATUSES if status not in PUBLIC_BUNDLE_STATUSES else (status,)
    return (
        select(Bundle)
        .where(Bundle.status.in_(statuses))
        .order_by(
            Bundle.decided_dt.desc().nulls_last(), Bundle.submitted_dt.desc(), Bundle.id.desc()
        )
        .options(*_bundle_options())
    )


def public_bundle_page(page: int, per_page: int, status: str | None = None) -> Page:
    return paginate(public_bundles(status), page, per_page)


def staff_bundles(user: Any, page: int, per_page: int) -> Page:
    """The bundles of the organisations ``user`` moderates (all for admins), drafts first."""
    stmt = select(Bundle).options(selectinload(Bundle.theme), selectinload(Bundle.organisation))
    ids = moderated_organisation_ids(user)
    if ids is not None:
        stmt = stmt.where(Bundle.organisation_id.in_(ids or {-1}))
    stmt = stmt.order_by(
        (Bundle.status != BundleStatus.DRAFT.value), Bundle.updated_dt.desc(), Bundle.id.desc()
    )
    return paginate(stmt, page, per_page)


def inbox(page: int, per_page: int) -> Page:
    """Submitted bundles waiting for a decision, the oldest first."""
    stmt = (
        select(Bundle)
        .where(Bundle.status == BundleStatus.SUBMITTED.value)
        .order_by(Bundle.submitted_dt, Bundle.id)
        .options(
            selectinload(Bundle.theme),
            selectinload(Bundle.organisation),
            selectinload(Bundle.items),
        )
    )
    return paginate(stmt, page, per_page)


def candidate_ideas(user: Any, bundle: Bundle, q: str = "", limit: int = 30) -> list[Idea]:
    """Public ideas of the bundle's theme in processes ``user`` moderates, not yet in it."""
    stmt = (
        select(Idea)
        .join(Process, Idea.process_id == Process.id)
        .where(
            Process.theme_id == bundle.theme_id,
            Idea.status.in_([s.value for s in PUBLIC_STATUSES]),
            Idea.merged_into_id.is_(None),
            Idea.id.not_in(
                select(BundleItem.idea_id).where(
                    BundleItem.bundle_id == bundle.id, BundleItem.idea_id.is_not(None)
                )
            ),
        )
        .options(selectinload(Idea.process))
        .order_by(Idea.supports_count.desc(), Idea.id.desc())
        .limit(limit)
    )
    ids = moderated_organisation_ids(user)
    if ids is not None:
        stmt = stmt.where(Process.organisation_id.in_(ids or {-1}))
    q = (q or "").strip()[:100].replace("\x00", "")
    if q:
        pattern = f"%{q.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(or_(Idea.title.ilike(pattern), Idea.body_source.ilike(pattern)))
    return list(db.session.scalars(stmt))


def survey_response_counts(bundle: Bundle) -> dict[int, int]:
    """The number of responses of each survey in the bundle (one GROUP BY)."""
    from engage.surveys.queries import response_counts

    return response_counts([item.survey_id for item in bundle.items if item.survey_id])


def _like(q: str) -> str:
    q = (q or "").strip()[:100].replace("\x00", "")
    return f"%{q.replace('%', '').replace('_', '')}%" if q else ""


def candidate_surveys(user: Any, bundle: Bundle, limit: int = 30) -> list[Survey]:
    """Published surveys of the bundle's theme in processes ``user`` moderates, not yet in it."""
    stmt = (
        select(Survey)
        .join(Process, Survey.process_id == Process.id)
        .where(
            Process.theme_id == bundle.theme_id,
            Survey.status == SurveyStatus.PUBLISHED.value,
            Survey.id.not_in(
                select(BundleItem.survey_id).where(
                    BundleItem.bundle_id == bundle.id, BundleItem.survey_id.is_not(None)
                )
            ),
        )
        .options(selectinload(Survey.process))
        .order_by(Survey.published_dt.desc().nulls_last(), Survey.id.desc())
        .limit(limit)
    )
    ids = moderated_organisation_ids(user)
    if ids is not None:
        stmt = stmt.where(Process.organisation_id.in_(ids or {-1}))
    return list(db.session.scalars(stmt))


def candidate_draft_comments(user: Any, bundle: Bundle, q: str = "", limit: int = 30) -> list:
    """Shown comments on paragraphs of published drafts of the bundle's theme in processes
    ``user`` moderates, not yet in it; the newest first, filtered by ``q`` in their text."""
    stmt = (
        select(Comment)
        .join(DraftParagraph, DraftParagraph.id == Comment.paragraph_id)
        .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
        .join(Draft, Draft.id == DraftVersion.draft_id)
        .join(Process, Process.id == Draft.process_id)
        .where(
            Process.theme_id == bundle.theme_id,
            Draft.status == DraftStatus.PUBLISHED.value,
            Comment.deleted_dt.is_(None),
            Comment.hidden_dt.is_(None),
            Comment.id.not_in(
                select(BundleItem.comment_id).where(
                    BundleItem.bundle_id == bundle.id, BundleItem.comment_id.is_not(None)
                )
            ),
        )
        .options(
            selectinload(Comment.author),
            selectinload(Comment.paragraph)
            .selectinload(DraftParagraph.version)
            .selectinload(DraftVersion.draft),
        )
        .order_by(Comment.created_dt.desc(), Comment.id.desc())
        .limit(limit)
    )
    ids = moderated_organisation_ids(user)
    if ids is not None:
        stmt = stmt.where(Process.organisation_id.in_(ids or {-1}))
    pattern = _like(q)
    if pattern:
        stmt = stmt.where(Comment.body.ilike(pattern))
    return list(db.session.scalars(stmt))


def bundles_for_idea(idea_id: int) -> list[Bundle]:
    """The submitted and decided bundles containing an idea, with their decisions (one query)."""
    return list(
        db.session.scalars(
            select(Bundle)
            .join(BundleItem, BundleItem.bundle_id == Bundle.id)
            .where(BundleItem.idea_id == idea_id, Bundle.status.in_(PUBLIC_BUNDLE_STATUSES))
            .order_by(Bundle.submitted_dt, Bundle.id)
            .options(selectinload(Bundle.decision), selectinload(Bundle.projects))
        )
    )


def idea_districts(bundle: Bundle) -> list[tuple[str, int]]:
    """How many of the bundle's ideas come from each district (those without one left out)."""
    counts: dict[str, int] = {}
    for item in bundle.items:
        if item.idea is not None and item.idea.district:
            counts[item.idea.district] = counts.get(item.idea.district, 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def total_supports(bundle: Bundle) -> int:
    return sum(item.idea.supports_count for item in bundle.items if item.idea is not None)


# --- projects ---------------------------------------------------------------------------------


def _project_options():
    return (
        selectinload(Project.organisation),
        selectinload(Project.theme),
        selectinload(Project.updates),
        selectinload(Project.bundles).selectinload(Bundle.decision),
    )


def project_for_page(project_id: int) -> Project | None:
    return db.session.scalar(
        select(Project)
        .where(Project.id == project_id)
        .options(
            *_project_options(),
            selectinload(Project.bundles).selectinload(Bundle.items).selectinload(BundleItem.idea),
        )
    )


def projects(status: str | None = None) -> Select:
    stmt = select(Project).order_by(Project.updated_dt.desc(), Project.id.desc())
    if status:
        stmt = stmt.where(Project.status == status)
    return stmt.options(*_project_options())


def project_page(page: int, per_page: int, status: str | None = None) -> Page:
    return paginate(projects(status), page, per_page)


def projects_for_theme(theme_id: int) -> list[Project]:
    return list(
        db.session.scalars(
            select(Project).where(Project.theme_id == theme_id).order_by(Project.title)
        )
    )


def project_idea_ids(project_id: int) -> list[int]:
    """The ids of the ideas in the bundles a project came from."""
    return list(
        db.session.scalars(
            select(BundleItem.idea_id)
            .join(project_bundles, project_bundles.c.bundle_id == BundleItem.bundle_id)
            .where(project_bundles.c.project_id == project_id, BundleItem.idea_id.is_not(None))
            .distinct()
        )
    )


# --- home page --------------------------------------------------------------------------------


@dataclass
class Outcomes:
    bundles: list[Bundle]
    projects: list[Project]

    def __bool__(self) -> bool:
        return bool(self.bundles or self.projects)


def home_outcomes(limit: int = HOME_OUTCOMES) -> Outcomes:
    """The latest decided bundles and the latest projects, for "what became of your input"."""
    bundles = list(
        db.session.scalars(
            select(Bundle)
            .where(Bundle.status == BundleStatus.DECIDED.value)
            .order_by(Bundle.decided_dt.desc(), Bundle.id.desc())
            .limit(limit)
            .options(selectinload(Bundle.decision), selectinload(Bundle.theme))
        )
    )
    latest = list(
        db.session.scalars(
            select(Project)
            .order_by(Project.updated_dt.desc(), Project.id.desc())
            .limit(limit)
            .options(selectinload(Project.theme), selectinload(Project.organisation))
        )
    )
    return Outcomes(bundles=bundles, projects=latest)
