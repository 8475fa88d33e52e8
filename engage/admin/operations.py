"""Write-side use cases of the administration: validate, change, audit, flush — never commit.

Every change of a role or of organisation memberships is written to the account audit log;
changes of organisations, themes and legal pages are logged there too, with the actor.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select

from engage.accounts import audit
from engage.accounts.models import OrganisationMembership, Role, User
from engage.core.text import normalize_line, normalize_text, render_markdown
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes.operations import InvalidInput
from engage.site.models import SitePage
from engage.themes.models import Theme

__all__ = [
    "InvalidInput",
    "change_user_access",
    "create_organisation",
    "update_organisation",
    "update_site_page",
    "update_theme",
]


def _active_admin_ids(*, lock: bool) -> list[int]:
    stmt = select(User.id).where(User.role == Role.ADMIN, User.deleted_dt.is_(None))
    if lock:
        # Two admins demoting each other at once must not leave the platform without one.
        stmt = stmt.with_for_update()
    return list(db.session.scalars(stmt))


def _membership_state(user: User) -> dict:
    slugs = sorted(m.organisation.slug for m in user.memberships)
    return {"all_organisations": bool(user.all_organisations), "organisations": slugs}


def change_user_access(
    actor: User,
    user: User,
    *,
    role: str,
    all_organisations: bool,
    organisation_ids: Iterable[int],
) -> list[str]:
    """Set role, ``all_organisations`` and memberships; returns the audit events written.

    The last administrator cannot lose the admin role.
    """
    if role not in set(Role):
        raise InvalidInput({"role": _("Please choose a role.")})
    if user.is_deleted:
        raise InvalidInput({"role": _("A deleted account cannot be changed.")})
    wanted_ids = set(organisation_ids)
    organisations = (
        list(db.session.scalars(select(Organisation).where(Organisation.id.in_(wanted_ids))))
        if wanted_ids
        else []
    )
    if len(organisations) != len(wanted_ids):
        raise InvalidInput({"organisations": _("Please choose among the listed organisations.")})

    events: list[str] = []
    old_role = user.role
    if old_role == Role.ADMIN and role != Role.ADMIN:
        admins = _active_admin_ids(lock=True)
        if len(admins) <= 1:
            raise InvalidInput(
                {
                    "role": _(
                        "This is the last administrator. Make someone else an administrator "
                        "before changing this role."
                    )
                }
            )
    if old_role != role:
        user.role = role
        audit.record("role_changed", actor=actor, subject=user, old=old_role, new=role)
        events.append("role_changed")

    before = _membership_state(user)
    have = {m.organisation_id: m for m in user.memberships}
    for organisation_id, membership in have.items():
        if organisation_id not in wanted_ids:
            user.memberships.remove(membership)
    for organisation in organisations:
        if organisation.id not in have:
            user.memberships.append(OrganisationMembership(organisation=organisation))
    user.all_organisations = bool(all_organisations)
    after = _membership_state(user)
    if before != after:
        audit.record("membership_changed", actor=actor, subject=user, old=before, new=after)
        events.append("membership_changed")
    db.session.flush()
    return events


def _slug_taken(slug: str, organisation: Organisation | None) -> bool:
    stmt = select(func.count(Organisation.id)).where(Organisation.slug == slug)
    if organisation is not None and organisation.id is not None:
        stmt = stmt.where(Organisation.id != organisation.id)
    return bool(db.session.scalar(stmt))


def _apply_organisation(
    organisation: Organisation,
    *,
    slug: str,
    name: str,
    description_de: str,
    description_en: str,
    website: str,
    position: int,
) -> list[str]:
    slug = slug.strip().lower()
    if _slug_taken(slug, organisation):
        raise InvalidInput({"slug": _("Another organisation already uses this short name.")})
    values = {
        "slug": slug,
        "name": normalize_line(name),
        "description_de": render_markdown(description_de) if description_de.strip() else "",
        "description_en": render_markdown(description_en) if description_en.strip() else "",
        "website": (website or "").strip(),
        "position": position,
    }
    changed = [key for key, value in values.items() if getattr(organisation, key) != value]
    for key, value in values.items():
        setattr(organisation, key, value)
    return changed


def create_organisation(actor: User, **fields) -> Organisation:
    """A new partner organisation; descriptions are Markdown, stored as sanitised HTML."""
    organisation = Organisation()
    _apply_organisation(organisation, **fields)
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation_created", actor=actor, organisation=organisation.slug)
    return organisation


def update_organisation(actor: User, organisation: Organisation, **fields) -> list[str]:
    """Change an organisation; returns the names of the changed fields (audited)."""
    old_slug = organisation.slug
    changed = _apply_organisation(organisation, **fields)
    if changed:
        audit.record(
            "organisation_changed",
            actor=actor,
            organisation=organisation.slug,
            old_slug=old_slug,
            fields=changed,
        )
    db.session.flush()
    return changed


def update_theme(
    actor: User,
    theme: Theme,
    *,
    name_de: str,
    name_en: str,
    description_de: str,
    description_en: str,
    color: str,
    position: int,
) -> list[str]:
    """Change a lead theme's names, descriptions, colour or position (audited)."""
    values = {
        "name_de": normalize_line(name_de),
        "name_en": normalize_line(name_en),
        "description_de": render_markdown(description_de) if description_de.strip() else "",
        "description_en": render_markdown(description_en) if description_en.strip() else "",
        "color": color.lower(),
        "position": position,
    }
    changed = [key for key, value in values.items() if getattr(theme, key) != value]
    for key, value in values.items():
        setattr(theme, key, value)
    if changed:
        audit.record("theme_changed", actor=actor, theme=theme.slug, fields=changed)
    db.session.flush()
    return changed


def update_site_page(
    actor: User,
    page: SitePage,
    *,
    title_de: str,
    title_en: str,
    source_de: str,
    source_en: str,
) -> list[str]:
    """Change a legal page: the Markdown source is kept, the body rendered from it (audited)."""
    source_de, source_en = normalize_text(source_de).strip(), normalize_text(source_en).strip()
    values = {
        "title_de": normalize_line(title_de),
        "title_en": normalize_line(title_en),
        "source_de": source_de,
        "source_en": source_en,
        "body_de": render_markdown(source_de, rich=True),
        "body_en": render_markdown(source_en, rich=True) if source_en else "",
    }
    changed = [key for key, value in values.items() if getattr(page, key) != value]
    for key, value in values.items():
        setattr(page, key, value)
    if changed:
        audit.record("page_changed", actor=actor, page=page.slug, fields=changed)
    db.session.flush()
    return changed
