"""Bundle building (moderators), the Innovation Unit's inbox and decisions, and projects.

Public: submitted and decided bundles, projects. Drafts: the moderators of the bundle's
organisation and admins. Deciding and managing projects: the Innovation Unit and admins.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engage.accounts.permissions import moderated_organisation_ids
from engage.bundles import operations as ops
from engage.bundles import permissions as perms
from engage.bundles import queries
from engage.bundles.forms import (
    BundleEditForm,
    BundleForm,
    DecisionForm,
    ProjectForm,
    ProjectUpdateForm,
)
from engage.bundles.models import (
    Bundle,
    BundleItem,
    BundleStatus,
    ItemKind,
    Project,
    ProjectStatus,
)
from engage.core.pagination import clamp_page
from engage.core.permissions import require
from engage.extensions import db
from engage.ideas.models import Comment, Idea
from engage.organisations.models import Organisation
from engage.surveys.models import Survey
from engage.themes.models import Theme

bp = Blueprint("bundles", __name__)

PER_PAGE = 20


@bp.app_template_global("bundles_for_idea")
def bundles_for_idea(idea_id: int) -> list[Bundle]:
    """For the idea page: the submitted and decided bundles containing the idea."""
    return queries.bundles_for_idea(idea_id)


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 2**31 - 1 else None


def _page() -> tuple[int, int]:
    return clamp_page(request.args.get("page"), PER_PAGE, default_per_page=PER_PAGE)


def _bundle_or_404(bundle_id: int) -> Bundle:
    bundle = queries.bundle_for_page(bundle_id)
    if bundle is None or not perms.can_view_bundle(current_user, bundle):
        abort(404)  # drafts of other organisations stay invisible
    return bundle


def _apply_error(form, err: ops.BundleError) -> None:
    if err.field and err.field in form:
        form[err.field].errors = [*form[err.field].errors, err.message]
    else:
        flash(err.message, "error")


def _organisations_for(user) -> list[Organisation]:
    ids = moderated_organisation_ids(user)
    stmt = select(Organisation).order_by(Organisation.position, Organisation.name)
    if ids is not None:
        stmt = stmt.where(Organisation.id.in_(ids or {-1}))
    return list(db.session.scalars(stmt))


# --- public -----------------------------------------------------------------------------------


@bp.get("/bundles/")
def index():
    """Submitted and decided bundles, public."""
    page, per_page = _page()
    status = request.args.get("status")
    result = queries.public_bundle_page(page, per_page, status)
    return render_template("bundles/index.html", page=result, status=status)


@bp.get("/bundles/<int:bundle_id>")
def detail(bundle_id: int):
    bundle = _bundle_or_404(bundle_id)
    editable = perms.can_edit_bundle(current_user, bundle)
    q = request.args.get("q", "")[:100]
    cq = request.args.get("cq", "")[:100]
    candidates = queries.candidate_ideas(current_user, bundle, q) if editable else []
    return render_template(
        "bundles/detail.html",
        bundle=bundle,
        editable=editable,
        can_decide=perms.can_decide_bundle(current_user, bundle),
        candidates=candidates,
        survey_candidates=queries.candidate_surveys(current_user, bundle) if editable else [],
        comment_candidates=(
            queries.candidate_draft_comments(current_user, bundle, cq) if editable else []
        ),
        response_counts=queries.survey_response_counts(bundle),
        q=q,
        cq=cq,
        districts=queries.idea_districts(bundle),
        supports=queries.total_supports(bundle),
    )


# --- building ---------------------------------------------------------------------------------


@bp.get("/bundles/manage")
def manage():
    require(perms.can_build_bundles(current_user))
    page, per_page = _page()
    return render_template(
        "bundles/manage.html", page=queries.staff_bundles(current_user, page, per_page)
    )


@bp.route("/bundles/new", methods=["GET", "POST"])
def create():
    require(perms.can_build_bundles(current_user))
    form = BundleForm()
    themes = list(db.session.scalars(select(Theme).order_by(Theme.position)))
    organisations = _organisations_for(current_user)
    form.theme_id.choices = [(str(t.id), t.name) for t in themes]
    form.organisation_id.choices = [(str(o.id), o.name) for o in organisations]
    if form.validate_on_submit():
        theme = next((t for t in themes if t.id == _int(form.theme_id.data)), None)
        organisation = next(
            (o for o in organisations if o.id == _int(form.organisation_id.data)), None
        )
        try:
            bundle = ops.create_bundle(
                current_user,
                title=form.title.data,
                theme=theme,
                organisation=organisation,
                summary=form.summary.data or "",
                recommendation=form.recommendation.data or "",
            )
        except ops.BundleError as err:
            _apply_error(form, err)
        else:
            db.session.commit()
            flash(_("The bundle has been created. Now add ideas to it."), "success")
            return redirect(url_for(".detail", bundle_id=bundle.id), 303)
    return render_template("bundles/form.html", form=form, bundle=None)


@bp.route("/bundles/<int:bundle_id>/edit", methods=["GET", "POST"])
def edit(bundle_id: int):
    bundle = _bundle_or_404(bundle_id)
    require(perms.can_edit_bundle(current_user, bundle))
    form = BundleEditForm(
        data={
            "title": bundle.title,
            "summary": bundle.summary,
            "recommendation": bundle.recommendation_source,
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            ops.edit_bundle(
                current_user,
                bundle,
                title=form.title.data,
                summary=form.summary.data or "",
                recommendation=form.recommendation.data or "",
            )
        except ops.BundleError as err:
            _apply_error(form, err)
        else:
            db.session.commit()
            flash(_("The bundle has been saved."), "success")
            return redirect(url_for(".detail", bundle_id=bundle.id), 303)
    return render_template("bundles/form.html", form=form, bundle=bundle)


def _editable(bundle_id: int) -> Bundle:
    bundle = _bundle_or_404(bundle_id)
    require(perms.can_edit_bundle(current_user, bundle))
    return bundle


def _item_or_404(bundle: Bundle, item_id: int) -> BundleItem:
    item = next((i for i in bundle.items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


@bp.post("/bundles/<int:bundle_id>/items")
def add_item(bundle_id: int):
    """Add an idea (``idea_id``), a survey's results (``survey_id``) or a draft paragraph
    comment (``comment_id``); ``kind`` says which (an idea when missing)."""
    bundle = _editable(bundle_id)
    kind = request.form.get("kind", ItemKind.IDEA.value)
    try:
        if kind == ItemKind.SURVEY:
            survey_id = _int(request.form.get("survey_id"))
            ops.add_survey(
                current_user, bundle, db.session.get(Survey, survey_id) if survey_id else None
            )
            message = _("The survey results have been added to the bundle.")
        elif kind == ItemKind.DRAFT_COMMENT:
            comment_id = _int(request.form.get("comment_id"))
            ops.add_draft_comment(
                current_user, bundle, db.session.get(Comment, comment_id) if comment_id else None
            )
            message = _("The comment has been added to the bundle.")
        else:
            idea_id = _int(request.form.get("idea_id"))
            ops.add_idea(current_user, bundle, db.session.get(Idea, idea_id) if idea_id else None)
            message = _("The idea has been added to the bundle.")
    except ops.BundleError as err:
        flash(err.message, "error")
        return redirect(url_for(".detail", bundle_id=bundle.id, _anchor="add"), 303)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".detail", bundle_id=bundle.id, _anchor="items"), 303)


@bp.post("/bundles/<int:bundle_id>/items/<int:item_id>/move")
def move_item(bundle_id: int, item_id: int):
    bundle = _editable(bundle_id)
    item = _item_or_404(bundle, item_id)
    direction = request.form.get("direction", "")
    if direction not in {"up", "down"}:
        abort(400)
    ops.move_item(current_user, bundle, item, direction)
    db.session.commit()
    return redirect(url_for(".detail", bundle_id=bundle.id, _anchor=f"item-{item.id}"), 303)


@bp.post("/bundles/<int:bundle_id>/items/<int:item_id>/remove")
def remove_item(bundle_id: int, item_id: int):
    bundle = _editable(bundle_id)
    item = _item_or_404(bundle, item_id)
    ops.remove_item(current_user, bundle, item)
    db.session.commit()
    flash(_("The item has been taken out of the bundle."), "success")
    return redirect(url_for(".detail", bundle_id=bundle.id, _anchor="items"), 303)


@bp.post("/bundles/<int:bundle_id>/submit")
def submit(bundle_id: int):
    bundle = _editable(bundle_id)
    try:
        ops.submit_bundle(current_user, bundle)
    except ops.BundleError as err:
        flash(err.message, "error")
        return redirect(url_for(".detail", bundle_id=bundle.id), 303)
    db.session.commit()
    flash(_("The bundle has been submitted to the Innovation Unit."), "success")
    return redirect(url_for(".detail", bundle_id=bundle.id), 303)


# --- Innovation Unit --------------------------------------------------------------------------


@bp.get("/innovation/")
def inbox():
    require(perms.is_innovation(current_user))
    page, per_page = _page()
    return render_template("bundles/inbox.html", page=queries.inbox(page, per_page))


@bp.route("/bundles/<int:bundle_id>/decide", methods=["GET", "POST"])
def decide(bundle_id: int):
    bundle = _bundle_or_404(bundle_id)
    require(perms.is_innovation(current_user))
    if bundle.status != BundleStatus.SUBMITTED:
        flash(_("This bundle has been decided already."), "error")
        return redirect(url_for(".detail", bundle_id=bundle.id), 303)
    form = DecisionForm()
    existing = queries.projects_for_theme(bundle.theme_id)
    form.project_id.choices = [("", _("Start a new project"))] + [
        (str(p.id), p.title) for p in existing
    ]
    if form.validate_on_submit():
        project = None
        if form.project_id.data:
            project = next((p for p in existing if p.id == _int(form.project_id.data)), None)
            if project is None:
                form.project_id.errors = [str(ops.MESSAGES["project"])]
        if not form.project_id.errors:
            try:
                decision = ops.decide_bundle(
                    current_user,
                    bundle,
                    outcome=form.outcome.data or "",
                    rationale=form.rationale.data or "",
                    project=project,
                )
            except ops.BundleError as err:
                _apply_error(form, err)
            else:
                db.session.commit()
                flash(_("The decision has been recorded."), "success")
                if decision.outcome == "project" and bundle.projects:
                    return redirect(url_for(".project", project_id=bundle.projects[-1].id), 303)
                return redirect(url_for(".detail", bundle_id=bundle.id), 303)
    return render_template("bundles/decide.html", form=form, bundle=bundle)


# --- projects ---------------------------------------------------------------------------------


@bp.get("/projects/")
def projects():
    page, per_page = _page()
    status = request.args.get("status")
    if status not in {s.value for s in ProjectStatus}:
        status = None
    return render_template(
        "projects/index.html",
        page=queries.project_page(page, per_page, status),
        status=status,
        statuses=list(ProjectStatus),
    )


def _project_or_404(project_id: int) -> Project:
    project = queries.project_for_page(project_id)
    if project is None:
        abort(404)
    return project


@bp.get("/projects/<int:project_id>")
def project(project_id: int):
    project = _project_or_404(project_id)
    manage = perms.can_manage_projects(current_user)
    return render_template(
        "projects/detail.html",
        project=project,
        manage=manage,
        update_form=ProjectUpdateForm() if manage else None,
    )


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
def edit_project(project_id: int):
    project = _project_or_404(project_id)
    require(perms.can_manage_projects(current_user))
    organisations = list(
        db.session.scalars(select(Organisation).order_by(Organisation.position, Organisation.name))
    )
    form = ProjectForm(
        data={
            "title": project.title,
            "description": project.description_source,
            "organisation_id": str(project.organisation_id),
        }
        if request.method == "GET"
        else None
    )
    form.organisation_id.choices = [(str(o.id), o.name) for o in organisations]
    if form.validate_on_submit():
        organisation = next(
            (o for o in organisations if o.id == _int(form.organisation_id.data)), None
        )
        try:
            ops.edit_project(
                current_user,
                project,
                title=form.title.data,
                description=form.description.data or "",
                organisation=organisation,
            )
        except ops.BundleError as err:
            _apply_error(form, err)
        else:
            db.session.commit()
            flash(_("The project has been saved."), "success")
            return redirect(url_for(".project", project_id=project.id), 303)
    return render_template("projects/form.html", form=form, project=project)


@bp.post("/projects/<int:project_id>/updates")
def add_update(project_id: int):
    project = _project_or_404(project_id)
    require(perms.can_manage_projects(current_user))
    form = ProjectUpdateForm()
    if form.validate_on_submit():
        try:
            ops.add_project_update(
                current_user, project, text=form.text.data, status=form.status.data or None
            )
        except ops.BundleError as err:
            _apply_error(form, err)
        else:
            db.session.commit()
            flash(_("The progress report has been published."), "success")
            return redirect(url_for(".project", project_id=project.id, _anchor="updates"), 303)
    return render_template("projects/detail.html", project=project, manage=True, update_form=form)
