"""Administration (admins only) and the staff process editor (moderators and admins).

Every view of this blueprint is for administrators unless it is marked :func:`open_to_staff`;
those check their object-level permission themselves (engage.processes.permissions). A
forgotten check therefore fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import Form

from engage.accounts.models import Role
from engage.accounts.permissions import can_manage_users, can_moderate_anything, is_admin
from engage.admin import operations as ops
from engage.admin import queries
from engage.admin.forms import (
    AuditFilterForm,
    OrganisationForm,
    SitePageForm,
    ThemeForm,
    UserFilterForm,
    UserForm,
    contrast_ratio,
)
from engage.admin.markdown_source import html_to_markdown
from engage.core.forms import BaseForm
from engage.core.pagination import clamp_page
from engage.core.permissions import require
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes import operations as process_ops
from engage.processes import permissions as process_permissions
from engage.processes.forms import PhaseForm, ProcessForm, utc_to_local
from engage.processes.models import STATUS_LABELS, Phase
from engage.processes.operations import InvalidInput
from engage.themes.models import Theme

bp = Blueprint("admin", __name__, url_prefix="/admin")

PER_PAGE = 50


def open_to_staff(view: Callable) -> Callable:
    """Mark a view as open to moderators; it must check its object's permission itself."""
    view.open_to_staff = True
    return view


@bp.before_request
def _admins_only():
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "open_to_staff", False):
        require(can_moderate_anything(current_user))
    else:
        require(is_admin(current_user))


def _attach(form: Form, error: InvalidInput) -> None:
    """Show an operation's refusal at the fields at fault."""
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def _page() -> int:
    return clamp_page(request.args.get("page"), PER_PAGE, default_per_page=PER_PAGE)[0]


def _saved() -> None:
    flash(_("Your changes have been saved."), "success")


# --- start page ------------------------------------------------------------------------------


@bp.get("/")
def index():
    return render_template(
        "admin/index.html",
        overview=queries.overview(),
        role_labels={role.value: role.label for role in Role},
    )


# --- users -----------------------------------------------------------------------------------


@bp.get("/users/")
def users():
    form = UserFilterForm(request.args)
    valid = form.validate()
    q = form.q.data if valid and form.q.data else ""
    role = form.role.data if valid and form.role.data else ""
    page = queries.users_page(q=q, role=role, page=_page(), per_page=PER_PAGE)
    return render_template("admin/users.html", form=form, page=page, filters={"q": q, "role": role})


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = queries.get_user(user_id)
    if user is None:
        abort(404)
    require(can_manage_users(current_user))
    organisations = queries.organisations()
    form = UserForm(organisations=organisations)
    if request.method == "GET":
        form.role.data = user.role
        form.all_organisations.data = user.all_organisations
        form.organisations.data = sorted(user.organisation_ids)
    elif not user.is_deleted and form.validate_on_submit():
        try:
            events = ops.change_user_access(
                current_user,
                user,
                role=form.role.data,
                all_organisations=form.all_organisations.data,
                organisation_ids=form.organisations.data or [],
            )
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.session.commit()
            if events:
                _saved()
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    return render_template("admin/user.html", user=user, form=form)


# --- organisations ---------------------------------------------------------------------------


@bp.get("/organisations/")
def organisations():
    return render_template("admin/organisations.html", organisations=queries.organisations())


def _organisation_values(form: OrganisationForm) -> dict:
    return {
        "slug": form.slug.data,
        "name": form.name.data,
        "description_de": form.description_de.data or "",
        "description_en": form.description_en.data or "",
        "website": form.website.data or "",
        "position": form.position.data,
    }


@bp.route("/organisations/new", methods=["GET", "POST"])
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = ops.create_organisation(current_user, **_organisation_values(form))
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("The organisation has been created."), "success")
            return redirect(
                url_for("admin.edit_organisation", organisation_id=organisation.id), code=303
            )
    return render_template("admin/organisation.html", form=form, organisation=None)


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
def edit_organisation(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    form = OrganisationForm()
    if request.method == "GET":
        form.slug.data = organisation.slug
        form.name.data = organisation.name
        form.description_de.data = html_to_markdown(organisation.description_de)
        form.description_en.data = html_to_markdown(organisation.description_en)
        form.website.data = organisation.website
        form.position.data = organisation.position
    elif form.validate_on_submit():
        try:
            ops.update_organisation(current_user, organisation, **_organisation_values(form))
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.session.commit()
            _saved()
            return redirect(
                url_for("admin.edit_organisation", organisation_id=organisation.id), code=303
            )
    return render_template("admin/organisation.html", form=form, organisation=organisation)


# --- themes ----------------------------------------------------------------------------------


@bp.get("/themes/")
def themes():
    rows = [
        (theme, format_decimal(contrast_ratio(theme.color), "0.0#")) for theme in queries.themes()
    ]
    return render_template("admin/themes.html", rows=rows)


@bp.route("/themes/<int:theme_id>", methods=["GET", "POST"])
def edit_theme(theme_id: int):
    theme = db.session.get(Theme, theme_id)
    if theme is None:
        abort(404)
    form = ThemeForm()
    if request.method == "GET":
        form.name_de.data = theme.name_de
        form.name_en.data = theme.name_en
        form.description_de.data = html_to_markdown(theme.description_de)
        form.description_en.data = html_to_markdown(theme.description_en)
        form.color.data = theme.color
        form.position.data = theme.position
    elif form.validate_on_submit():
        ops.update_theme(
            current_user,
            theme,
            name_de=form.name_de.data,
            name_en=form.name_en.data,
            description_de=form.description_de.data or "",
            description_en=form.description_en.data or "",
            color=form.color.data,
            position=form.position.data,
        )
        db.session.commit()
        _saved()
        return redirect(url_for("admin.edit_theme", theme_id=theme.id), code=303)
    return render_template("admin/theme.html", form=form, theme=theme)


# --- legal pages -----------------------------------------------------------------------------


@bp.get("/pages/")
def pages():
    return render_template("admin/pages.html", pages=queries.site_pages())


@bp.route("/pages/<slug>", methods=["GET", "POST"])
def edit_page(slug: str):
    page = queries.site_page(slug)
    if page is None:
        abort(404)
    form = SitePageForm()
    if request.method == "GET":
        form.title_de.data = page.title_de
        form.title_en.data = page.title_en
        form.source_de.data = page.source_de
        form.source_en.data = page.source_en
    elif form.validate_on_submit():
        ops.update_site_page(
            current_user,
            page,
            title_de=form.title_de.data,
            title_en=form.title_en.data,
            source_de=form.source_de.data,
            source_en=form.source_en.data or "",
        )
        db.session.commit()
        _saved()
        return redirect(url_for("admin.edit_page", slug=page.slug), code=303)
    return render_template("admin/page.html", form=form, page=page)


# --- audit log -------------------------------------------------------------------------------

EVENT_LABELS = {
    "registered": _l("Registered"),
    "email_confirmed": _l("E-mail address confirmed"),
    "login": _l("Signed in"),
    "login_failed": _l("Sign-in failed"),
    "logout": _l("Signed out"),
    "password_reset": _l("Password reset"),
    "password_changed": _l("Password changed"),
    "totp_enabled": _l("Second factor set up"),
    "totp_disabled": _l("Second factor removed"),
    "token_created": _l("API token created"),
    "token_revoked": _l("API token revoked"),
    "profile_consent_given": _l("Consent to the profile given"),
    "profile_consent_withdrawn": _l("Consent to the profile withdrawn"),
    "data_exported": _l("Own data downloaded"),
    "account_deleted": _l("Account deleted"),
    "role_changed": _l("Role changed"),
    "membership_changed": _l("Organisations changed"),
    "organisation_created": _l("Organisation created"),
    "organisation_changed": _l("Organisation changed"),
    "theme_changed": _l("Theme changed"),
    "page_changed": _l("Legal page changed"),
}


def _plain(value) -> str:
    """A detail value as short readable text."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_plain(v)}" for key, v in sorted(value.items()))
    return "–" if value is None else str(value)


def _describe(details: dict | None) -> list[tuple[str, str]]:
    return [(key, _plain(value)) for key, value in sorted((details or {}).items())]


@bp.get("/audit/")
def audit():
    form = AuditFilterForm(request.args, events=queries.audit_event_names())
    valid = form.validate()
    event = form.event.data if valid and form.event.data else ""
    person = form.user.data if valid and form.user.data else ""
    page = queries.audit_page(event=event, person=person, page=_page(), per_page=PER_PAGE)
    rows = [
        (entry, EVENT_LABELS.get(entry.event, entry.event), _describe(entry.details))
        for entry in page.items
    ]
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        rows=rows,
        filters={"event": event, "user": person},
    )


# --- staff process editor --------------------------------------------------------------------


def _process_or_404(process_id: int):
    process = queries.get_process(process_id)
    if process is None:
        abort(404)
    require(process_permissions.can_manage_process(current_user, process))
    return process


def _process_values(form: ProcessForm) -> dict:
    return {
        "title": form.title.data,
        "summary": form.summary.data,
        "description": form.description.data or "",
        "theme": db.session.get(Theme, form.theme.data),
        "organisation": db.session.get(Organisation, form.organisation.data),
        "district": form.district.data or None,
        "moderation": form.moderation.data,
        "support_limit": form.support_limit.data,
        "status": form.status.data,
    }


@bp.get("/processes/")
@open_to_staff
def processes():
    page = queries.manageable_processes(current_user, page=_page(), per_page=PER_PAGE)
    return render_template(
        "processes/manage.html",
        page=page,
        may_create=bool(queries.organisations_for(current_user)),
        status_labels=STATUS_LABELS,
    )


@bp.route("/processes/new", methods=["GET", "POST"])
@open_to_staff
def new_process():
    organisations = queries.organisations_for(current_user)
    form = ProcessForm(themes=queries.themes(), organisations=organisations)
    if form.validate_on_submit():
        values = _process_values(form)
        require(process_permissions.can_create_process(current_user, values["organisation"]))
        try:
            process = process_ops.create_process(**values)
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("The participation has been created. Now add its phases."), "success")
            return redirect(url_for("admin.edit_process", process_id=process.id), code=303)
    return render_template("processes/edit.html", form=form, process=None)


@bp.route("/processes/<int:process_id>", methods=["GET", "POST"])
@open_to_staff
def edit_process(process_id: int):
    process = _process_or_404(process_id)
    form = ProcessForm(
        themes=queries.themes(), organisations=queries.organisations_for(current_user)
    )
    if request.method == "GET":
        form.title.data = process.title
        form.summary.data = process.summary
        form.description.data = html_to_markdown(process.description)
        form.theme.data = process.theme_id
        form.organisation.data = process.organisation_id
        form.district.data = process.district or ""
        form.moderation.data = process.moderation
        form.support_limit.data = process.support_limit
        form.status.data = process.status
    elif form.validate_on_submit():
        values = _process_values(form)
        require(process_permissions.can_create_process(current_user, values["organisation"]))
        try:
            process_ops.update_process(process, **values)
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.session.commit()
            _saved()
            return redirect(url_for("admin.edit_process", process_id=process.id), code=303)
    return render_template("processes/edit.html", form=form, process=process)


def _phase_or_404(process, phase_id: int) -> Phase:
    phase = db.session.get(Phase, phase_id)
    if phase is None or phase.process_id != process.id:
        abort(404)
    return phase


def _phase_values(form: PhaseForm) -> dict:
    return {
        "kind": form.kind.data,
        "title": form.title.data or "",
        "description": form.description.data or "",
        "start_dt": form.start_utc,
        "end_dt": form.end_utc,
    }


@bp.route("/processes/<int:process_id>/phases/new", methods=["GET", "POST"])
@open_to_staff
def new_phase(process_id: int):
    process = _process_or_404(process_id)
    form = PhaseForm()
    if request.method == "GET" and process.phases:
        # Suggest the window right after the last phase.
        last_end = max(p.end_dt for p in process.phases)
        form.start_dt.data = utc_to_local(last_end)
        form.end_dt.data = utc_to_local(last_end + timedelta(days=14))
    if form.validate_on_submit():
        try:
            process_ops.add_phase(process, **_phase_values(form))
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("The phase has been added."), "success")
            return redirect(url_for("admin.edit_process", process_id=process.id), code=303)
    return render_template("processes/edit_phase.html", form=form, process=process, phase=None)


@bp.route("/processes/<int:process_id>/phases/<int:phase_id>", methods=["GET", "POST"])
@open_to_staff
def edit_phase(process_id: int, phase_id: int):
    process = _process_or_404(process_id)
    phase = _phase_or_404(process, phase_id)
    form = PhaseForm()
    if request.method == "GET":
        form.kind.data = phase.kind
        form.title.data = phase.title
        form.description.data = phase.description
        form.start_dt.data = utc_to_local(phase.start_dt)
        form.end_dt.data = utc_to_local(phase.end_dt)
    elif form.validate_on_submit():
        try:
            process_ops.update_phase(phase, **_phase_values(form))
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.session.commit()
            _saved()
            return redirect(url_for("admin.edit_process", process_id=process.id), code=303)
    return render_template("processes/edit_phase.html", form=form, process=process, phase=phase)


@bp.route("/processes/<int:process_id>/phases/<int:phase_id>/delete", methods=["GET", "POST"])
@open_to_staff
def delete_phase(process_id: int, phase_id: int):
    process = _process_or_404(process_id)
    phase = _phase_or_404(process, phase_id)
    form = BaseForm()
    if form.validate_on_submit():
        process_ops.delete_phase(phase)
        db.session.commit()
        flash(_("The phase has been deleted."), "success")
        return redirect(url_for("admin.edit_process", process_id=process.id), code=303)
    return render_template(
        "processes/manage_delete_phase.html", form=form, process=process, phase=phase
    )
