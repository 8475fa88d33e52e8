"""``GET /reports/engagement``: the engagement report's figures (Innovation Unit, admins, and
moderators for their organisations' participations)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from marshmallow import fields

from engage.api.auth import require_api_user
from engage.api.errors import forbidden, invalid
from engage.api.schemas import OutputSchema, QuerySchema
from engage.api.spec import endpoint, tag
from engage.reports import cache
from engage.reports import permissions as perms
from engage.reports.forms import parse_filter

tag("reports", "Engagement figures for the Innovation Unit, moderators and administrators.")

INT = {"type": "integer"}
NULLABLE_NUMBER = {"type": ["number", "null"]}


class EngagementQuery(QuerySchema):
    theme = fields.String(metadata={"description": "Theme slug (or id)."})
    process = fields.String(metadata={"description": "Participation id."})
    organisation = fields.String(metadata={"description": "Organisation slug (or id)."})
    from_ = fields.String(
        data_key="from",
        metadata={"description": "First day, YYYY-MM-DD (Europe/Berlin), inclusive."},
    )
    to = fields.String(metadata={"description": "Last day, YYYY-MM-DD (Europe/Berlin), inclusive."})


class TotalsSchema(OutputSchema):
    participants = fields.Integer(
        metadata={"description": "Distinct accounts that did any of the activities below."}
    )
    ideas = fields.Integer(metadata={"description": "Ideas submitted, in every status."})
    supports = fields.Integer()
    comments = fields.Integer(metadata={"description": "Idea comments, deleted/hidden included."})
    survey_responses = fields.Integer(metadata={"description": "Anonymous ones included."})
    draft_comments = fields.Integer()


class WeekSchema(OutputSchema):
    week_start = fields.String(metadata={"format": "date", "description": "The Monday."})
    participants = fields.Integer()
    ideas = fields.Integer()
    supports = fields.Integer()
    comments = fields.Integer()
    survey_responses = fields.Integer()
    draft_comments = fields.Integer()


class FunnelSchema(OutputSchema):
    submitted = fields.Integer()
    published = fields.Integer()
    bundled = fields.Integer()
    decided = fields.Integer()
    implemented = fields.Integer()


class DistrictSchema(OutputSchema):
    district = fields.String(
        allow_none=True, metadata={"description": "Stadtbezirk key; null: unknown."}
    )
    participants = fields.Integer()
    participant_share = fields.Float(allow_none=True)
    population = fields.Integer(allow_none=True)
    population_share = fields.Float(allow_none=True)
    representativeness = fields.Float(
        allow_none=True,
        metadata={"description": "Participant share / population share (1.0: proportional)."},
    )


class TopIdeaSchema(OutputSchema):
    id = fields.Integer()
    title = fields.String()
    status = fields.String()
    supports = fields.Integer()
    comments = fields.Integer()
    process_id = fields.Integer()
    process_title = fields.String()


class FlagsSchema(OutputSchema):
    total = fields.Integer()
    open = fields.Integer()
    upheld = fields.Integer()
    dismissed = fields.Integer()


class OverdueSchema(OutputSchema):
    organisation_id = fields.Integer()
    organisation = fields.String()
    overdue = fields.Integer()


class ModerationSchema(OutputSchema):
    flags = fields.Nested(FlagsSchema)
    hidden_items = fields.Integer()
    hidden_ideas = fields.Integer()
    hidden_comments = fields.Integer()
    first_action_items = fields.Integer()
    median_first_action_seconds = fields.Float(allow_none=True)
    overdue_total = fields.Integer()
    overdue = fields.List(fields.Nested(OverdueSchema))


class EngagementReportSchema(OutputSchema):
    """The engagement report; what counts as what is described in engage.reports.queries."""

    filter = fields.Dict(
        keys=fields.String(), metadata={"description": "The filter applied (ids and dates)."}
    )
    generated_at = fields.String(metadata={"format": "date-time"})
    totals = fields.Nested(TotalsSchema)
    weekly = fields.List(fields.Nested(WeekSchema))
    funnel = fields.Nested(FunnelSchema)
    districts = fields.List(fields.Nested(DistrictSchema))
    top_ideas = fields.List(fields.Nested(TopIdeaSchema))
    moderation = fields.Nested(ModerationSchema)


@endpoint(
    "GET",
    "/reports/engagement",
    summary="Engagement report",
    description="Participants, activities (totals and weekly), the idea funnel, districts "
    "against their population shares, top ideas and moderation figures. For the Innovation "
    "Unit and administrators; moderators for the participations of their organisations "
    "(another organisation: 403). Dates are days in Bochum.",
    tags=("reports",),
    auth="required",
    query=EngagementQuery,
    response=EngagementReportSchema,
    errors=(403, 422),
)
def engagement(query: dict[str, Any]) -> dict[str, Any]:
    user = require_api_user()
    if not perms.can_read_reports(user):
        forbidden(_("Only the Innovation Unit, moderators and administrators read reports."))
    args = {key: query.get(key) for key in ("theme", "process", "organisation", "to")}
    args["from"] = query.get("from_")
    parsed = parse_filter(args, perms.report_scope(user))
    if parsed.out_of_scope:
        forbidden(_("You can read the reports of your organisations only."))
    if parsed.errors:
        invalid({name: [message] for name, message in parsed.errors.items()})
    return cache.report(parsed.filter).to_dict()
