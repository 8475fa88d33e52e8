"""``GET /themes`` and ``GET /organisations``: the reference data, localised by Accept-Language."""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import fields
from sqlalchemy import select

from engage.api.schemas import OutputSchema, PaginationQuery, page_of
from engage.api.spec import endpoint, tag
from engage.core.pagination import Page, paginate
from engage.organisations.models import Organisation
from engage.themes.models import Theme

tag("themes", "The five lead themes (Leitthemen) of Bochum's Smart-City concept.")
tag("organisations", "The partners of the Smart-City Innovation Unit; each owns processes.")

URL = {"type": "string", "format": "uri"}


class ThemeSchema(OutputSchema):
    """A lead theme (Leitthema)."""

    id = fields.Integer()
    slug = fields.String(metadata={"description": "Name in URLs and filters."})
    name = fields.String(metadata={"description": "Localised (Accept-Language)."})
    description = fields.String(metadata={"description": "Sanitised HTML, localised."})
    color = fields.String(metadata={"description": "`#rrggbb`.", "pattern": "^#[0-9a-fA-F]{6}$"})
    position = fields.Integer(metadata={"description": "Order, 1 to 5."})
    url = fields.Function(
        lambda theme: url_for("themes.detail", slug=theme.slug, _external=True),
        metadata={**URL, "description": "The theme's page."},
    )


class OrganisationSchema(OutputSchema):
    """A partner of the Innovation Unit."""

    id = fields.Integer()
    slug = fields.String(metadata={"description": "Name in URLs and filters."})
    name = fields.String(metadata={"description": "Official name (not translated)."})
    description = fields.String(metadata={"description": "Sanitised HTML, localised."})
    website = fields.String(metadata={"description": "Its own web site, or empty."})
    url = fields.Function(
        lambda org: url_for("organisations.detail", slug=org.slug, _external=True),
        metadata={**URL, "description": "The organisation's page."},
    )


@endpoint(
    "GET",
    "/themes",
    summary="The lead themes",
    description="In their order (position 1 to 5), with localised names and descriptions.",
    tags=("themes",),
    query=PaginationQuery,
    response=page_of(ThemeSchema),
)
def list_themes(query: dict[str, Any]) -> Page:
    stmt = select(Theme).order_by(Theme.position, Theme.id)
    return paginate(stmt, query["page"], query["per_page"])


@endpoint(
    "GET",
    "/organisations",
    summary="The organisations",
    tags=("organisations",),
    query=PaginationQuery,
    response=page_of(OrganisationSchema),
)
def list_organisations(query: dict[str, Any]) -> Page:
    stmt = select(Organisation).order_by(Organisation.position, Organisation.name)
    return paginate(stmt, query["page"], query["per_page"])
