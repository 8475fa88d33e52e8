"""``GET /bundles``, ``GET /bundles/{id}`` and ``GET /projects``: what became of the ideas.

Public: submitted and decided bundles with their items, support counts and decisions; projects
with their progress updates. Drafts never appear (404).
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import fields, validate

from engage.api.errors import not_found
from engage.api.schemas import OutputSchema, PaginationQuery, page_of
from engage.api.spec import endpoint, tag
from engage.bundles import queries
from engage.bundles.models import Bundle, BundleStatus, ItemKind, Outcome, ProjectStatus
from engage.core.pagination import Page
from engage.surveys import queries as survey_queries

tag("bundles", "Bundles of ideas the Innovation Unit decides on, and its decisions.")
tag("projects", "Smart-City projects started from bundles, with their progress.")

URL = {"type": "string", "format": "uri"}
DT = {"type": "string", "format": "date-time"}


def _item_title(item) -> str:
    if item.kind == ItemKind.SURVEY:
        return item.survey.title if item.survey else ""
    if item.kind == ItemKind.DRAFT_COMMENT:
        return item.comment.paragraph.version.draft.title if item.comment else ""
    return item.idea.title if item.idea else ""


def _item_url(item) -> str | None:
    if item.kind == ItemKind.SURVEY:
        return url_for("surveys.results_page", survey_id=item.survey_id, _external=True)
    if item.kind == ItemKind.DRAFT_COMMENT and item.comment is not None:
        paragraph = item.comment.paragraph
        return url_for(
            "drafts.paragraph",
            draft_id=paragraph.version.draft_id,
            paragraph_id=paragraph.id,
            _anchor=f"comment-{item.comment_id}",
            _external=True,
        )
    if item.idea_id:
        return url_for("ideas.detail", idea_id=item.idea_id, _external=True)
    return None


def _responses_count(item) -> int | None:
    if item.kind != ItemKind.SURVEY:
        return None
    return survey_queries.response_counts([item.survey_id]).get(item.survey_id, 0)


def _comment_text(item) -> str | None:
    if item.kind != ItemKind.DRAFT_COMMENT or item.comment is None:
        return None
    return item.comment.body if item.comment.is_visible else ""


class BundleItemSchema(OutputSchema):
    """One item of a bundle, in the bundle's order: an idea, the results of a survey, or a
    comment on a draft paragraph (``kind`` says which; the other kinds' fields are null)."""

    position = fields.Integer()
    kind = fields.String(metadata={"enum": [k.value for k in ItemKind]})
    idea_id = fields.Integer(allow_none=True)
    survey_id = fields.Integer(allow_none=True)
    comment_id = fields.Integer(allow_none=True)
    title = fields.Function(
        _item_title,
        metadata={
            "type": "string",
            "description": "The idea's title, the survey's title or the draft's title.",
        },
    )
    supports_count = fields.Function(
        lambda item: item.idea.supports_count if item.idea else 0,
        metadata={"type": "integer"},
    )
    district = fields.Function(
        lambda item: item.idea.district if item.idea else None,
        metadata={"type": ["string", "null"]},
    )
    responses_count = fields.Function(
        _responses_count,
        metadata={"type": ["integer", "null"], "description": "Responses of a survey item."},
    )
    text = fields.Function(
        _comment_text,
        metadata={
            "type": ["string", "null"],
            "description": "A draft comment's text (empty once it is no longer shown).",
        },
    )
    paragraph_number = fields.Function(
        lambda item: item.comment.paragraph.number if item.comment else None,
        metadata={"type": ["integer", "null"], "description": "A draft comment's paragraph."},
    )
    url = fields.Function(
        _item_url,
        metadata={"type": ["string", "null"], "format": "uri"},
    )


class DecisionSchema(OutputSchema):
    """The Innovation Unit's decision."""

    outcome = fields.String(metadata={"enum": [o.value for o in Outcome]})
    rationale = fields.String()
    decided_at = fields.DateTime(attribute="decided_dt", metadata=DT)


class BundleSchema(OutputSchema):
    """A submitted or decided bundle."""

    id = fields.Integer()
    title = fields.String()
    summary = fields.String(metadata={"description": "Plain text."})
    recommendation = fields.String(metadata={"description": "Sanitised HTML."})
    theme = fields.Function(lambda b: b.theme.slug, metadata={"type": "string"})
    organisation = fields.Function(lambda b: b.organisation.slug, metadata={"type": "string"})
    status = fields.String(
        metadata={"enum": [BundleStatus.SUBMITTED.value, BundleStatus.DECIDED.value]}
    )
    submitted_at = fields.DateTime(attribute="submitted_dt", allow_none=True, metadata=DT)
    decided_at = fields.DateTime(attribute="decided_dt", allow_none=True, metadata=DT)
    supports_count = fields.Function(
        queries.total_supports,
        metadata={"type": "integer", "description": "Supports of all its ideas."},
    )
    items = fields.List(fields.Nested(BundleItemSchema))
    decision = fields.Nested(DecisionSchema, allow_none=True)
    project_ids = fields.Function(
        lambda b: [p.id for p in b.projects],
        metadata={"type": "array", "items": {"type": "integer"}},
    )
    url = fields.Function(
        lambda b: url_for("bundles.detail", bundle_id=b.id, _external=True),
        metadata={**URL, "description": "The bundle's page."},
    )


class BundleQuery(PaginationQuery):
    status = fields.String(
        validate=validate.OneOf([BundleStatus.SUBMITTED.value, BundleStatus.DECIDED.value]),
        metadata={"description": "`submitted` or `decided`; both without it."},
    )


class ProjectUpdateSchema(OutputSchema):
    text = fields.String()
    status = fields.String(
        attribute="status_to",
        allow_none=True,
        metadata={"description": "The status the project moved to with this update, if any."},
    )
    at = fields.DateTime(attribute="created_dt", metadata=DT)


class ProjectSchema(OutputSchema):
    """A Smart-City project and its progress."""

    id = fields.Integer()
    title = fields.String()
    description = fields.String(metadata={"description": "Sanitised HTML."})
    status = fields.String(metadata={"enum": [s.value for s in ProjectStatus]})
    theme = fields.Function(lambda p: p.theme.slug, metadata={"type": "string"})
    organisation = fields.Function(
        lambda p: p.organisation.slug, metadata={"type": "string", "description": "The lead."}
    )
    bundle_ids = fields.Function(
        lambda p: [b.id for b in p.bundles],
        metadata={"type": "array", "items": {"type": "integer"}},
    )
    updates = fields.List(
        fields.Nested(ProjectUpdateSchema), metadata={"description": "Newest first."}
    )
    created_at = fields.DateTime(attribute="created_dt", metadata=DT)
    url = fields.Function(
        lambda p: url_for("bundles.project", project_id=p.id, _external=True),
        metadata={**URL, "description": "The project's page."},
    )


class ProjectQuery(PaginationQuery):
    status = fields.String(validate=validate.OneOf([s.value for s in ProjectStatus]))


@endpoint(
    "GET",
    "/bundles",
    summary="Submitted and decided bundles",
    description="The most recently decided (then submitted) first, with items and decisions.",
    tags=("bundles",),
    query=BundleQuery,
    response=page_of(BundleSchema),
)
def list_bundles(query: dict[str, Any]) -> Page:
    return queries.public_bundle_page(query["page"], query["per_page"], query.get("status"))


@endpoint(
    "GET",
    "/bundles/<int:bundle_id>",
    summary="One bundle",
    tags=("bundles",),
    response=BundleSchema,
)
def get_bundle(bundle_id: int) -> Bundle:
    bundle = queries.bundle_for_page(bundle_id)
    if bundle is None or bundle.status == BundleStatus.DRAFT:
        not_found()
    return bundle


@endpoint(
    "GET",
    "/projects",
    summary="Projects and their progress",
    tags=("projects",),
    query=ProjectQuery,
    response=page_of(ProjectSchema),
)
def list_projects(query: dict[str, Any]) -> Page:
    return queries.project_page(query["page"], query["per_page"], query.get("status"))
