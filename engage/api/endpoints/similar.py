"""``GET /ideas/similar``: the existing ideas the platform would suggest for a text.

The same suggestions as on the idea form (``engage.ideas.similarity_store``), for the
Smart-City app and partners: only ideas scoring at least the suggestion threshold, best
first. The route is distinct from ``/ideas/{id}`` (whose converter takes digits only).
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask import url_for
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from engage.api.auth import api_user
from engage.api.schemas import MAX_ID, OutputSchema, QuerySchema, localised
from engage.api.spec import endpoint, tag
from engage.extensions import db
from engage.ideas.models import PUBLIC_STATUSES, TITLE_MAX
from engage.ideas.similarity import SUGGESTION_THRESHOLD
from engage.ideas.similarity_store import suggest_ideas
from engage.processes.models import Process
from engage.processes.permissions import can_view_process

tag("ideas", "Ideas citizens propose, support and discuss.")

TEXT_MIN, TEXT_MAX = 3, 5000
LIMIT_MAX = 20


class ProcessId(fields.Integer):
    """A query parameter naming a process the caller may see by its id; loads the process."""

    default_error_messages: ClassVar[dict[str, Any]] = {
        "unknown": localised(_l("There is no process with this id.")),
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Process:
        number = super()._deserialize(value, attr, data, **kwargs)
        process = db.session.get(Process, number) if 1 <= number <= MAX_ID else None
        if process is None or not can_view_process(api_user(), process):
            raise self.make_error("unknown")
        return process


class SimilarQuery(QuerySchema):
    text = fields.String(
        required=True,
        validate=validate.Length(min=TEXT_MIN, max=TEXT_MAX),
        metadata={
            "description": "The text of an idea (German). Its first line counts as the title, "
            "the rest as the description.",
        },
    )
    process = ProcessId(metadata={"description": "Only ideas of this process (id).", "minimum": 1})
    limit = fields.Integer(
        load_default=5,
        validate=validate.Range(min=1, max=LIMIT_MAX),
        metadata={"description": "At most this many ideas."},
    )


class SimilarIdeaSchema(OutputSchema):
    """An existing public idea like the text, with how alike it is."""

    id = fields.Integer(attribute="idea.id")
    title = fields.String(attribute="idea.title", metadata={"maxLength": TITLE_MAX})
    score = fields.Float(
        metadata={
            "minimum": SUGGESTION_THRESHOLD,
            "maximum": 1,
            "description": "How alike, from the suggestion threshold to 1 (three decimals).",
        }
    )
    url = fields.Function(
        lambda row: url_for("ideas.detail", idea_id=row["idea"].id, _external=True),
        metadata={"type": "string", "format": "uri", "description": "The idea's page."},
    )
    process_id = fields.Integer(attribute="idea.process_id")
    status = fields.String(
        attribute="idea.status", validate=validate.OneOf(sorted(s.value for s in PUBLIC_STATUSES))
    )
    supports_count = fields.Integer(attribute="idea.supports_count")


class SimilarIdeasSchema(OutputSchema):
    """The suggestions for a text, best first (none when nothing is alike enough)."""

    items = fields.List(fields.Nested(SimilarIdeaSchema))


@endpoint(
    "GET",
    "/ideas/similar",
    summary="Ideas like a text",
    description="The existing public ideas the platform would suggest for a text (as on the "
    "idea form, so that people support an idea instead of writing it again): those scoring "
    "at least the suggestion threshold, best first, each with a `score` in 0..1. Computed on "
    "the platform itself; the text is not stored.",
    tags=("ideas",),
    query=SimilarQuery,
    response=SimilarIdeasSchema,
)
def similar_ideas(query: dict[str, Any]) -> dict[str, Any]:
    title, _, body = query["text"].strip().partition("\n")
    found = suggest_ideas(title, body, process=query.get("process"), limit=query["limit"])
    return {"items": [{"idea": idea, "score": round(score, 3)} for idea, score in found]}
