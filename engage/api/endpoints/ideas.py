"""Ideas in the API: lists and details, submitting and editing, supports, comments and flags.

The endpoints call the same queries, permissions and operations as the web pages, so a rule
lives once: a refused operation (:class:`engage.ideas.operations.IdeaError`) becomes the API's
error with the same localised message and status (403 not allowed, 409 phase closed or
already done, 422 with the fields at fault).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, NoReturn

from flask import url_for
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from engage.api.auth import api_user, require_api_user
from engage.api.endpoints.processes import process_extra
from engage.api.errors import APIError, not_found
from engage.api.schemas import (
    MAX_ID,
    InputSchema,
    OutputSchema,
    PaginationQuery,
    Slug,
    localised,
    page_of,
)
from engage.api.spec import endpoint, tag
from engage.core.districts import DISTRICTS
from engage.core.pagination import Page, paginate
from engage.extensions import db
from engage.ideas import operations as ops
from engage.ideas import permissions as perms
from engage.ideas import queries
from engage.ideas.models import (
    BODY_MAX,
    COMMENT_MAX,
    FLAG_TEXT_MAX,
    PUBLIC_STATUSES,
    TAG_MAX,
    TAGS_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Comment,
    FlagReason,
    FlagStatus,
    FlagTarget,
    Idea,
    IdeaStatus,
    Origin,
)
from engage.processes.models import Process
from engage.processes.permissions import can_view_process
from engage.themes.models import Theme

tag("ideas", "Ideas citizens propose, support and discuss.")

IDEA_ERRORS = (403, 409)


def _fail(err: ops.IdeaError) -> NoReturn:
    """An operation's refusal as the API's error (fields as lists of messages)."""
    fields_ = {name: [message] for name, message in err.errors.items()}
    raise APIError(err.status, err.message, code=err.code, fields=fields_)


@process_extra("ideas_count")
def ideas_counts(process_ids: Sequence[int]) -> dict[int, int]:
    """Public ideas per process (one GROUP BY for a whole page of processes)."""
    return queries.count_public_ideas(process_ids)


# --- shapes ------------------------------------------------------------------------------------


class AuthorSchema(OutputSchema):
    display_name = fields.Function(
        lambda user: user.public_name,
        metadata={"type": "string", "description": "Public name (or “deleted account”)."},
    )


class HistorySchema(OutputSchema):
    """One entry of an idea's status history."""

    status = fields.String(validate=validate.OneOf([s.value for s in IdeaStatus]))
    at = fields.DateTime(attribute="created_dt")
    note = fields.String(
        allow_none=True, metadata={"description": "Official answer or reason (plain text)."}
    )
    official = fields.Boolean(
        attribute="is_official_answer",
        metadata={"description": "The note is the organisation's official answer."},
    )


class IdeaSchema(OutputSchema):
    """An idea with its counts and status history."""

    id = fields.Integer(attribute="idea.id")
    process_id = fields.Integer(attribute="idea.process_id")
    title = fields.String(attribute="idea.title")
    body = fields.String(attribute="idea.body", metadata={"description": "Sanitised HTML."})
    body_source = fields.String(
        attribute="idea.body_source",
        metadata={"description": "The description as its author wrote it (light Markdown)."},
    )
    district = fields.String(
        attribute="idea.district", allow_none=True, validate=validate.OneOf(DISTRICTS)
    )
    tags = fields.Function(
        lambda row: [t.name for t in row["idea"].tags],
        metadata={"type": "array", "items": {"type": "string"}},
    )
    lat = fields.Float(attribute="idea.lat", allow_none=True)
    lon = fields.Float(attribute="idea.lon", allow_none=True)
    status = fields.String(
        attribute="idea.status", validate=validate.OneOf([s.value for s in IdeaStatus])
    )
    author = fields.Nested(
        AuthorSchema,
        attribute="idea.author",
        allow_none=True,
        metadata={"description": "null for ideas collected offline."},
    )
    origin = fields.String(
        attribute="idea.origin", validate=validate.OneOf([o.value for o in Origin])
    )
    supports_count = fields.Integer(attribute="idea.supports_count")
    comments_count = fields.Integer(attribute="idea.comments_count")
    supported = fields.Boolean(
        allow_none=True,
        metadata={"description": "Whether the caller supports it; null without a token."},
    )
    merged_into_id = fields.Integer(
        attribute="idea.merged_into_id",
        allow_none=True,
        metadata={"description": "The idea this duplicate was merged into."},
    )
    created_at = fields.DateTime(attribute="idea.created_dt")
    history = fields.List(fields.Nested(HistorySchema), attribute="idea.history")
    url = fields.Function(
        lambda row: url_for("ideas.detail", idea_id=row["idea"].id, _external=True),
        metadata={"type": "string", "format": "uri", "description": "The idea's page."},
    )


class SupportStateSchema(OutputSchema):
    supported = fields.Boolean(metadata={"description": "Whether the caller supports it now."})
    supports_count = fields.Integer()


class CommentSchema(OutputSchema):
    """A comment; deleted and hidden ones keep their place with an empty body."""

    id = fields.Integer(attribute="comment.id")
    idea_id = fields.Integer(attribute="comment.idea_id")
    parent_id = fields.Integer(attribute="comment.parent_id", allow_none=True)
    depth = fields.Integer(
        attribute="comment.depth", metadata={"description": "0 top level, up to 2."}
    )
    body = fields.String(metadata={"description": "Plain text; empty when deleted or hidden."})
    author = fields.Nested(AuthorSchema, attribute="comment.author", allow_none=True)
    created_at = fields.DateTime(attribute="comment.created_dt")
    edited_at = fields.DateTime(attribute="comment.edited_dt", allow_none=True)
    deleted = fields.Boolean()
    hidden = fields.Boolean(metadata={"description": "Hidden by moderation."})


class FlagSchema(OutputSchema):
    id = fields.Integer()
    target_type = fields.String(validate=validate.OneOf([t.value for t in FlagTarget]))
    target_id = fields.Integer()
    reason = fields.String(validate=validate.OneOf([r.value for r in FlagReason]))
    status = fields.String(validate=validate.OneOf([s.value for s in FlagStatus]))
    created_at = fields.DateTime(attribute="created_dt")


# --- inputs ------------------------------------------------------------------------------------


class ProcessRef(fields.Integer):
    """A process the caller may see, by id; loads the process (422 at the field if unknown)."""

    default_error_messages: ClassVar[dict[str, Any]] = {
        "unknown": localised(_l("There is no process with this id.")),
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Process:
        number = super()._deserialize(value, attr, data, **kwargs)
        process = db.session.get(Process, number) if 1 <= number <= MAX_ID else None
        if process is None or not can_view_process(api_user(), process):
            raise self.make_error("unknown")
        return process


class IdeaListQuery(PaginationQuery):
    process = ProcessRef(metadata={"description": "Only ideas of this process (id)."})
    theme = Slug(
        Theme,
        error_messages={"unknown": localised(_l("There is no theme with this slug."))},
        metadata={"description": "Only ideas under this theme (slug)."},
    )
    district = fields.String(validate=validate.OneOf(DISTRICTS))
    status = fields.String(
        validate=validate.OneOf(sorted(s.value for s in PUBLIC_STATUSES)),
        metadata={"description": "One of the public statuses."},
    )
    tag = fields.String(validate=validate.Length(max=TAG_MAX), metadata={"description": "Keyword."})
    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Full-text search in title and description (German)."},
    )
    sort = fields.String(
        load_default="newest",
        validate=validate.OneOf(queries.SORTS),
        metadata={"description": "newest, supports, comments or random."},
    )
    seed = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0, max=2**62),
        metadata={"description": "For sort=random: the same seed gives the same order."},
    )


_TITLE_DOC = {"minLength": TITLE_MIN, "maxLength": TITLE_MAX}


class IdeaFieldsMixin:
    """The editable fields; their rules are the operations' (422 with the field at fault)."""

    title = fields.String(metadata={**_TITLE_DOC, "description": "10 to 120 characters."})
    body = fields.String(
        metadata={"maxLength": BODY_MAX, "description": "Light Markdown, at most 5,000 characters."}
    )
    district = fields.String(
        allow_none=True, metadata={"enum": [*DISTRICTS, None], "description": "A district key."}
    )
    tags = fields.List(
        fields.String(metadata={"maxLength": TAG_MAX}),
        metadata={"maxItems": TAGS_MAX, "description": "Keywords."},
    )
    lat = fields.Float(allow_none=True, metadata={"description": "Latitude inside Bochum."})
    lon = fields.Float(allow_none=True, metadata={"description": "Longitude inside Bochum."})


class IdeaCreateSchema(IdeaFieldsMixin, InputSchema):
    process_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    title = fields.String(required=True, metadata={**_TITLE_DOC})
    body = fields.String(required=True, metadata={"maxLength": BODY_MAX})


class IdeaUpdateSchema(IdeaFieldsMixin, InputSchema):
    """Only the fields given change."""


class CommentListQuery(PaginationQuery):
    pass


class CommentCreateSchema(InputSchema):
    body = fields.String(required=True, metadata={"maxLength": COMMENT_MAX})
    parent_id = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "The comment replied to (replies nest up to three levels)."},
    )


class FlagCreateSchema(InputSchema):
    target_type = fields.String(
        required=True, validate=validate.OneOf([t.value for t in FlagTarget])
    )
    target_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    reason = fields.String(required=True, validate=validate.OneOf([r.value for r in FlagReason]))
    text = fields.String(
        allow_none=True,
        metadata={"maxLength": FLAG_TEXT_MAX, "description": "Required for reason “other”."},
    )


# --- helpers -----------------------------------------------------------------------------------


def _rows(ideas: Sequence[Idea]) -> list[dict[str, Any]]:
    user = api_user()
    supported = queries.supported_ids(user, [i.id for i in ideas]) if user else set()
    return [{"idea": i, "supported": (i.id in supported) if user else None} for i in ideas]


def _visible_idea(idea_id: int) -> Idea:
    idea = queries.idea_for_page(idea_id)
    if idea is None or not perms.can_see_idea(api_user(), idea):
        not_found()
    return idea


def _comment_row(comment: Comment, idea: Idea) -> dict[str, Any]:
    shown = perms.can_see_comment_text(api_user(), comment, idea)
    return {
        "comment": comment,
        "body": comment.body if shown else "",
        "deleted": comment.is_deleted,
        "hidden": comment.is_hidden,
    }


# --- endpoints ---------------------------------------------------------------------------------


@endpoint(
    "GET",
    "/ideas",
    summary="Public ideas",
    description="Ideas in a public status, filtered and sorted; ideas awaiting moderation, "
    "hidden, withdrawn or merged ones are never listed.",
    tags=("ideas",),
    query=IdeaListQuery,
    response=page_of(IdeaSchema),
)
def ideas_list(query: dict[str, Any]) -> Page:
    stmt = queries.filter_ideas(
        queries.public_ideas(),
        process=query.get("process"),
        theme=query.get("theme"),
        district=query.get("district"),
        status=query.get("status"),
        tag=query.get("tag"),
        q=query.get("q"),
    )
    stmt = queries.order_ideas(stmt, query["sort"], query["seed"]).options(
        selectinload(Idea.author), selectinload(Idea.tags), selectinload(Idea.history)
    )
    page = paginate(stmt, query["page"], query["per_page"])
    page.items = _rows(page.items)
    return page


@endpoint(
    "POST",
    "/ideas",
    summary="Submit an idea",
    description="In a process whose current phase collects ideas. Under pre-moderation the "
    "idea is `pending` (visible to its author and the moderators) until approved.",
    tags=("ideas",),
    auth="required",
    body=IdeaCreateSchema,
    response=IdeaSchema,
    status=201,
    errors=IDEA_ERRORS,
)
def ideas_create(body: dict[str, Any]) -> dict[str, Any]:
    user = require_api_user()
    process = db.session.get(Process, body["process_id"])
    if process is None or not can_view_process(user, process):
        raise APIError(
            422,
            fields={"process_id": [str(_l("There is no process with this id."))]},
        )
    try:
        idea = ops.submit_idea(
            user,
            process,
            body["title"],
            body["body"],
            district=body.get("district"),
            tags=body.get("tags") or (),
            lat=body.get("lat"),
            lon=body.get("lon"),
            origin=Origin.API,
        )
    except ops.IdeaError as err:
        _fail(err)
    db.session.commit()
    return {"idea": _visible_idea(idea.id), "supported": False}


@endpoint(
    "GET",
    "/ideas/<int:idea_id>",
    summary="One idea",
    description="With its status history and counts. Ideas awaiting moderation, hidden or "
    "withdrawn ones are visible only to their author and the process's moderators.",
    tags=("ideas",),
    response=IdeaSchema,
)
def ideas_get(idea_id: int) -> dict[str, Any]:
    return _rows([_visible_idea(idea_id)])[0]


@endpoint(
    "PATCH",
    "/ideas/<int:idea_id>",
    summary="Change an idea",
    description="Its author while ideas are being collected (and before it is handled); the "
    "moderators of its process at any time. Only the fields given change.",
    tags=("ideas",),
    auth="required",
    body=IdeaUpdateSchema,
    response=IdeaSchema,
    errors=IDEA_ERRORS,
)
def ideas_update(idea_id: int, body: dict[str, Any]) -> dict[str, Any]:
    user = require_api_user()
    idea = _visible_idea(idea_id)
    values = {
        "title": body.get("title", idea.title),
        "body": body.get("body", idea.body_source),
        "district": body.get("district", idea.district),
        "tags": body["tags"] if "tags" in body else [t.name for t in idea.tags],
        "lat": body.get("lat", idea.lat),
        "lon": body.get("lon", idea.lon),
    }
    try:
        ops.edit_idea(user, idea, **values)
    except ops.IdeaError as err:
        _fail(err)
    db.session.commit()
    return _rows([_visible_idea(idea_id)])[0]


def _support(idea_id: int, add: bool) -> dict[str, Any]:
    user = require_api_user()
    # Only what the checks need (not the idea page's eager loads), in one round trip: a write
    # under load.
    idea = db.session.get(
        Idea, idea_id, options=[joinedload(Idea.process).joinedload(Process.phases)]
    )
    if idea is None or not perms.can_see_idea(user, idea):
        not_found()
    try:
        (ops.support_idea if add else ops.withdraw_support)(user, idea)
    except ops.IdeaError as err:
        _fail(err)
    count = idea.supports_count  # this transaction's value (the counter update returned it)
    db.session.commit()
    return {"supported": add, "supports_count": count}


@endpoint(
    "PUT",
    "/ideas/<int:idea_id>/support",
    summary="Support an idea",
    description="Idempotent: supporting twice counts once. Not one's own idea; a process may "
    "limit the supports per person (409 when they are used up).",
    tags=("ideas",),
    auth="required",
    response=SupportStateSchema,
    errors=IDEA_ERRORS,
)
def ideas_support(idea_id: int) -> dict[str, Any]:
    return _support(idea_id, add=True)


@endpoint(
    "DELETE",
    "/ideas/<int:idea_id>/support",
    summary="Withdraw a support",
    description="Idempotent, while the phase allows supporting.",
    tags=("ideas",),
    auth="required",
    response=SupportStateSchema,
    errors=IDEA_ERRORS,
)
def ideas_unsupport(idea_id: int) -> dict[str, Any]:
    return _support(idea_id, add=False)


@endpoint(
    "GET",
    "/ideas/<int:idea_id>/comments",
    summary="Comments on an idea",
    description="All comments, oldest first, each with its `parent_id` to build the threads. "
    "Deleted and hidden comments keep their place with an empty body.",
    tags=("ideas",),
    query=CommentListQuery,
    response=page_of(CommentSchema),
)
def ideas_comments(idea_id: int, query: dict[str, Any]) -> Page:
    idea = _visible_idea(idea_id)
    stmt = (
        select(Comment)
        .where(Comment.idea_id == idea.id)
        .order_by(Comment.created_dt, Comment.id)
        .options(selectinload(Comment.author))
    )
    page = paginate(stmt, query["page"], query["per_page"])
    page.items = [_comment_row(c, idea) for c in page.items]
    return page


@endpoint(
    "POST",
    "/ideas/<int:idea_id>/comments",
    summary="Comment on an idea",
    description="Or reply to one of its comments with `parent_id` (up to three levels), while "
    "the phase allows discussion.",
    tags=("ideas",),
    auth="required",
    body=CommentCreateSchema,
    response=CommentSchema,
    status=201,
    errors=IDEA_ERRORS,
)
def ideas_comment_create(idea_id: int, body: dict[str, Any]) -> dict[str, Any]:
    user = require_api_user()
    idea = _visible_idea(idea_id)
    parent = None
    if body.get("parent_id") is not None:
        parent = queries.comment_in_idea(idea, body["parent_id"])
        if parent is None:
            raise APIError(
                422,
                fields={"parent_id": [str(_l("The comment you reply to does not exist."))]},
            )
    try:
        comment = ops.add_comment(user, idea, body["body"], parent=parent)
    except ops.IdeaError as err:
        _fail(err)
    db.session.commit()
    return _comment_row(comment, idea)


@endpoint(
    "POST",
    "/flags",
    summary="Report an idea or comment",
    description="One open report per person and item (409 for a second one). Enough open "
    "reports hide the item until a moderator decides.",
    tags=("ideas",),
    auth="required",
    body=FlagCreateSchema,
    response=FlagSchema,
    status=201,
    errors=IDEA_ERRORS,
)
def flags_create(body: dict[str, Any]):
    user = require_api_user()
    target: Idea | Comment | None
    if body["target_type"] == FlagTarget.IDEA:
        target = queries.idea_for_page(body["target_id"])
        idea = target
    else:
        target = db.session.get(Comment, body["target_id"])
        idea = queries.idea_for_page(target.idea_id) if target and target.idea_id else None
    if target is None or idea is None or not perms.can_see_idea(user, idea):
        raise APIError(422, fields={"target_id": [str(_l("There is nothing with this id."))]})
    try:
        flag = ops.flag(user, target, body["reason"], body.get("text"))
    except ops.IdeaError as err:
        _fail(err)
    db.session.commit()
    return flag
