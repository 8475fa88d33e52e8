"""Moderation pages: the queue, an idea's or comment's moderation view with its actions,
clusters of related ideas per theme, and the moderation log.

Every view of this blueprint is for people who moderate at least one organisation (and
admins); each action also checks the item's organisation (403 otherwise). Actions are POST
forms that run one operation and commit once, then redirect (303).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from engage.core.pagination import clamp_page
from engage.core.permissions import require
from engage.extensions import db
from engage.ideas.models import Comment, Idea
from engage.moderation import operations as ops
from engage.moderation import permissions, queries
from engage.moderation.forms import (
    ACTION_LABELS,
    ActionForm,
    AnswerForm,
    AssignForm,
    BulkForm,
    HideForm,
    LogFilterForm,
    MergeForm,
    NoteForm,
    QueueFilterForm,
)
from engage.moderation.operations import BERLIN, ModerationError
from engage.organisations.models import Organisation

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

PER_PAGE = 20
LOG_PER_PAGE = 50


@bp.before_request
def _moderators_only():
    require(permissions.can_use_moderation(current_user))


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"action_labels": ACTION_LABELS}


def _scope() -> set[int] | None:
    return permissions.moderated_organisation_ids(current_user)


def _page() -> int:
    return clamp_page(request.args.get("page"), PER_PAGE, default_per_page=PER_PAGE)[0]


def _done(target: str):
    return redirect(target, code=303)


def _attach(form, error: ModerationError) -> bool:
    """Show an operation's refusal at its field; ``False`` if it concerns no field here."""
    attached = False
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]
            attached = True
    return attached


# --- the queue --------------------------------------------------------------------------------


@bp.get("/")
def queue():
    scope = _scope()
    processes = queries.processes_in_scope(scope)
    tab = request.args.get("tab", "pending")
    if tab not in queries.TABS:
        tab = "pending"
    form = QueueFilterForm(request.args, processes=processes)
    process_id = None
    if form.validate() and form.participation.data:
        process_id = int(form.participation.data)
    return _render_queue(tab, process_id, form, BulkForm())


def _render_queue(tab: str, process_id: int | None, form, bulk_form, status: int = 200):
    scope = _scope()
    today = ops.today()
    page = _page()
    if tab == "pending":
        result = queries.pending_ideas(scope, process_id, page, PER_PAGE)
    elif tab == "flagged":
        result = queries.flagged_items(scope, process_id, page, PER_PAGE)
    elif tab == "newest":
        result = queries.newest_items(scope, process_id, page, PER_PAGE)
    else:
        result = queries.overdue_assignments(scope, process_id, today, page, PER_PAGE)
    return (
        render_template(
            "moderation/queue.html",
            tab=tab,
            tabs=queries.TABS,
            page=result,
            counts=queries.tab_counts(scope, process_id, today),
            form=form,
            bulk_form=bulk_form,
            process_id=process_id,
            today=today,
            themes=queries.themes(),
        ),
        status,
    )


@bp.post("/bulk")
def bulk():
    form = BulkForm()
    tab = request.form.get("tab", "pending")
    tab = tab if tab in queries.TABS else "pending"
    process_id = request.form.get("participation", type=int)
    back = url_for(".queue", tab=tab, participation=process_id or None)
    if form.validate_on_submit():
        targets = form.targets()
        ideas = queries.get_ideas([i for k, i in targets if k == "idea"])
        comments = queries.get_comments([i for k, i in targets if k == "comment"])
        if len(ideas) + len(comments) != len(targets):
            abort(404)
        try:
            done = ops.bulk_action(
                current_user, [*ideas, *comments], form.action.data, form.reason.data
            )
        except ModerationError as error:
            if error.status == 403:
                abort(403)
            if not _attach(form, error):
                flash(error.message, "error")
                return _done(back)
        else:
            db.session.commit()
            flash(
                ngettext("%(num)d item was changed.", "%(num)d items were changed.", done),
                "success",
            )
            return _done(back)
    processes = queries.processes_in_scope(_scope())
    filter_form = QueueFilterForm(
        {"participation": str(process_id)} if process_id else {}, processes=processes
    )
    return _render_queue(tab, process_id, filter_form, form, status=422)


# --- an idea ----------------------------------------------------------------------------------


def _idea_or_404(idea_id: int) -> Idea:
    idea = queries.get_idea(idea_id)
    if idea is None:
        abort(404)
    require(permissions.can_moderate_idea(current_user, idea))
    return idea


def _assign_form(idea: Idea, formdata: Any = None) -> AssignForm:
    form = AssignForm(formdata, organisations=queries.all_organisations())
    if formdata is None:
        assignment = queries.assignment_for(idea.id)
        form.organisation.data = (
            assignment.organisation_id if assignment else idea.process.organisation_id
        )
        form.due_date.data = assignment.due_date if assignment else ops.today() + timedelta(days=28)
    return form


def _render_idea(idea: Idea, status: int = 200, **forms: Any):
    forms.setdefault("hide_form", HideForm(formdata=None))
    forms.setdefault("restore_form", NoteForm(formdata=None))
    forms.setdefault("answer_form", AnswerForm(formdata=None))
    forms.setdefault("merge_form", MergeForm(formdata=None))
    forms.setdefault("uphold_form", HideForm(formdata=None, prefix="uphold"))
    forms.setdefault("dismiss_form", NoteForm(formdata=None, prefix="dismiss"))
    forms.setdefault("approve_form", ActionForm(formdata=None))
    if "assign_form" not in forms:
        forms["assign_form"] = _assign_form(idea)
    duplicates = [] if idea.merged_into_id else queries.likely_duplicates(idea)
    return (
        render_template(
            "moderation/idea.html",
            idea=idea,
            flags=queries.open_flags("idea", idea.id),
            assignment=queries.assignment_for(idea.id),
            duplicates=duplicates,
            merged=queries.merged_duplicates(idea.id),
            today=ops.today(),
            **forms,
        ),
        status,
    )


@bp.get("/ideas/<int:idea_id>")
def idea(idea_id: int):
    return _render_idea(_idea_or_404(idea_id))[0]


def _act(idea: Idea, form, form_name: str, run) -> Any:
    """Validate ``form``, run the operation, commit, redirect; else re-render at the field."""
    if form.validate_on_submit():
        try:
            message = run(form)
        except ModerationError as error:
            if error.status == 403:
                abort(403)
            if not _attach(form, error):
                flash(error.message, "error")
                return _done(url_for(".idea", idea_id=idea.id))
        else:
            db.session.commit()
            flash(message, "success")
            return _done(url_for(".idea", idea_id=idea.id))
    return _render_idea(idea, 422, **{form_name: form})


@bp.post("/ideas/<int:idea_id>/approve")
def approve(idea_id: int):
    idea = _idea_or_404(idea_id)
    return _act(
        idea,
        ActionForm(),
        "approve_form",
        lambda f: ops.approve_idea(current_user, idea) and _("The idea is published."),
    )


@bp.post("/ideas/<int:idea_id>/hide")
def hide_idea(idea_id: int):
    idea = _idea_or_404(idea_id)

    def run(form):
        ops.hide(current_user, idea, form.reason.data)
        return _("The idea is hidden. Its author is told why.")

    return _act(idea, HideForm(), "hide_form", run)


@bp.post("/ideas/<int:idea_id>/restore")
def restore_idea(idea_id: int):
    idea = _idea_or_404(idea_id)

    def run(form):
        ops.restore(current_user, idea, form.reason.data)
        return _("The idea is shown again.")

    return _act(idea, NoteForm(), "restore_form", run)


@bp.post("/ideas/<int:idea_id>/answer")
def answer(idea_id: int):
    idea = _idea_or_404(idea_id)

    def run(form):
        ops.answer_idea(current_user, idea, form.status.data, form.answer.data)
        return _("The official answer is published in the idea's history.")

    return _act(idea, AnswerForm(), "answer_form", run)


@bp.post("/ideas/<int:idea_id>/assign")
def assign(idea_id: int):
    idea = _idea_or_404(idea_id)
    form = _assign_form(idea, request.form)

    def run(form):
        organisation = db.session.get(Organisation, form.organisation.data)
        assignment = ops.assign_idea(current_user, idea, organisation, form.due_date.data)
        return _(
            "The idea is assigned to %(organisation)s.", organisation=assignment.organisation.name
        )

    return _act(idea, form, "assign_form", run)


@bp.post("/ideas/<int:idea_id>/merge")
def merge(idea_id: int):
    idea = _idea_or_404(idea_id)
    form = MergeForm()
    if form.validate_on_submit():
        target = queries.get_idea(form.target.data)
        if target is None:
            form.target.errors = [*form.target.errors, _("There is no idea with this number.")]
            return _render_idea(idea, 422, merge_form=form)
        require(permissions.can_moderate_idea(current_user, target))

    def run(form):
        target = queries.get_idea(form.target.data)
        result = ops.merge_ideas(current_user, idea, target, form.reason.data)
        return ngettext(
            "The idea was merged; %(num)d support moved.",
            "The idea was merged; %(num)d supports moved.",
            result.moved,
        )

    return _act(idea, form, "merge_form", run)


@bp.post("/ideas/<int:idea_id>/flags/dismiss")
def dismiss_idea_flags(idea_id: int):
    idea = _idea_or_404(idea_id)

    def run(form):
        ops.dismiss_flags(current_user, idea, form.reason.data)
        return _("The reports were dismissed.")

    return _act(idea, NoteForm(prefix="dismiss"), "dismiss_form", run)


@bp.post("/ideas/<int:idea_id>/flags/uphold")
def uphold_idea_flags(idea_id: int):
    idea = _idea_or_404(idea_id)

    def run(form):
        ops.uphold_flags(current_user, idea, form.reason.data)
        return _("The reports were upheld and the idea is hidden.")

    return _act(idea, HideForm(prefix="uphold"), "uphold_form", run)


# --- a comment --------------------------------------------------------------------------------


def _comment_or_404(comment_id: int) -> Comment:
    comment = queries.get_comment(comment_id)
    if comment is None or (comment.idea is None and comment.paragraph is None):
        abort(404)
    require(permissions.can_moderate_comment(current_user, comment))
    return comment


def _render_comment(comment: Comment, status: int = 200, **forms: Any):
    forms.setdefault("hide_form", HideForm(formdata=None))
    forms.setdefault("restore_form", NoteForm(formdata=None))
    forms.setdefault("uphold_form", HideForm(formdata=None, prefix="uphold"))
    forms.setdefault("dismiss_form", NoteForm(formdata=None, prefix="dismiss"))
    return (
        render_template(
            "moderation/comment.html",
            comment=comment,
            idea=comment.idea,
            paragraph=comment.paragraph,
            draft=queries.comment_draft(comment),
            flags=queries.open_flags("comment", comment.id),
            **forms,
        ),
        status,
    )


@bp.get("/comments/<int:comment_id>")
def comment(comment_id: int):
    return _render_comment(_comment_or_404(comment_id))[0]


def _act_comment(comment: Comment, form, form_name: str, run) -> Any:
    back = url_for(".comment", comment_id=comment.id)
    if form.validate_on_submit():
        try:
            message = run(form)
        except ModerationError as error:
            if error.status == 403:
                abort(403)
            if not _attach(form, error):
                flash(error.message, "error")
                return _done(back)
        else:
            db.session.commit()
            flash(message, "success")
            return _done(back)
    return _render_comment(comment, 422, **{form_name: form})


@bp.post("/comments/<int:comment_id>/hide")
def hide_comment(comment_id: int):
    comment = _comment_or_404(comment_id)

    def run(form):
        ops.hide(current_user, comment, form.reason.data)
        return _("The comment is hidden. Its author is told why.")

    return _act_comment(comment, HideForm(), "hide_form", run)


@bp.post("/comments/<int:comment_id>/restore")
def restore_comment(comment_id: int):
    comment = _comment_or_404(comment_id)

    def run(form):
        ops.restore(current_user, comment, form.reason.data)
        return _("The comment is shown again.")

    return _act_comment(comment, NoteForm(), "restore_form", run)


@bp.post("/comments/<int:comment_id>/flags/dismiss")
def dismiss_comment_flags(comment_id: int):
    comment = _comment_or_404(comment_id)

    def run(form):
        ops.dismiss_flags(current_user, comment, form.reason.data)
        return _("The reports were dismissed.")

    return _act_comment(comment, NoteForm(prefix="dismiss"), "dismiss_form", run)


@bp.post("/comments/<int:comment_id>/flags/uphold")
def uphold_comment_flags(comment_id: int):
    comment = _comment_or_404(comment_id)

    def run(form):
        ops.uphold_flags(current_user, comment, form.reason.data)
        return _("The reports were upheld and the comment is hidden.")

    return _act_comment(comment, HideForm(prefix="uphold"), "uphold_form", run)


# --- clusters ---------------------------------------------------------------------------------


@bp.get("/themes/<slug>/clusters")
def clusters(slug: str):
    theme = queries.get_theme(slug)
    if theme is None:
        abort(404)
    found = queries.theme_clusters(theme, _scope())
    bundle_endpoint = "bundles.new" if "bundles.new" in _endpoints() else None
    return render_template(
        "moderation/clusters.html", theme=theme, clusters=found, bundle_endpoint=bundle_endpoint
    )


def _endpoints() -> set[str]:
    from flask import current_app

    return set(current_app.view_functions)


# --- the log ----------------------------------------------------------------------------------


def _local_midnight(day) -> datetime:
    return datetime.combine(day, time(0), tzinfo=BERLIN)


@bp.get("/log")
def log():
    scope = _scope()
    organisations = queries.organisations(scope)
    form = LogFilterForm(request.args, actions=queries.log_actions(), organisations=organisations)
    filters = queries.LogFilter()
    if form.validate():
        filters.action = form.action.data or ""
        filters.actor = (form.actor.data or "").strip()
        if form.organisation.data and form.organisation.data.isdigit():
            filters.organisation_id = int(form.organisation.data)
        filters.target_type = form.target_type.data or ""
        filters.target_id = form.target_id.data
        if form.since.data:
            filters.since = _local_midnight(form.since.data)
        if form.until.data:
            filters.until = _local_midnight(form.until.data + timedelta(days=1))
    page = queries.log_entries(
        scope,
        filters,
        clamp_page(request.args.get("page"), LOG_PER_PAGE, default_per_page=LOG_PER_PAGE)[0],
        LOG_PER_PAGE,
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("moderation/log.html", form=form, page=page, args=args)


# The demo step registers itself when the blueprint is loaded.
from engage.moderation import demo as _demo  # noqa: E402, F401
