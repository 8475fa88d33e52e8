"""Draft pages: the draft paragraph by paragraph, its versions and changes, paragraph comment
threads, the moderators' editor, and the response table with its exports.

Every form works without JavaScript (POST, then redirect 303); one commit per view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from engage.accounts.permissions import is_signed_in
from engage.core.errors import abort_with
from engage.core.pagination import clamp_page
from engage.core.permissions import require
from engage.extensions import db
from engage.ideas.forms import CommentForm, EditCommentForm, FlagForm, ReplyForm, apply_errors
from engage.ideas.models import Comment
from engage.ideas.operations import IdeaError
from engage.ideas.views import posting_limit
from engage.processes.models import Process
from engage.processes.permissions import can_view_process

from . import exports, queries
from . import operations as ops
from . import permissions as perms
from .forms import DraftForm, ResponseForm, VersionForm
from .models import Draft, DraftParagraph, DraftVersion, Outcome
from .text import compare

bp = Blueprint("drafts", __name__)


def _user() -> Any:
    return current_user if current_user.is_authenticated else None


# --- loading ----------------------------------------------------------------------------------


def _draft_or_404(draft_id: int) -> Draft:
    draft = queries.draft_for_page(draft_id)
    if draft is None or not perms.can_view_draft(current_user, draft):
        abort(404)
    return draft


def _managed_draft(draft_id: int) -> Draft:
    draft = _draft_or_404(draft_id)
    require(perms.can_manage_draft(current_user, draft))
    return draft


def _paragraph_or_404(draft: Draft, paragraph_id: int) -> DraftParagraph:
    paragraph = queries.paragraph_in_draft(draft, paragraph_id)
    if paragraph is None or not paragraph.version.is_published:
        abort(404)
    return paragraph


def _comment_or_404(comment_id: int) -> tuple[Comment, DraftParagraph, Draft]:
    found = queries.comment_with_draft(comment_id)
    if found is None or not perms.can_view_draft(current_user, found[2]):
        abort(404)
    return found


def _refuse(err: IdeaError) -> None:
    if err.status == 401:
        require(False)
    abort_with(err.status if err.status in (403, 409) else 400, err.message)


@bp.app_template_global("process_drafts")
def process_drafts(process: Process) -> dict[str, Any]:
    """The drafts of a process for its page (two queries)."""
    can_manage = perms.can_manage_process(current_user, process)
    return {
        "drafts": queries.drafts_of_process(process, include_unpublished=can_manage),
        "can_manage": can_manage,
        "can_create": perms.can_create_draft(current_user, process),
    }


# --- the draft --------------------------------------------------------------------------------


def _render_version(draft: Draft, version: DraftVersion):
    user = _user()
    published = queries.versions(draft)
    previous = max(
        (v for v in published if v.number < version.number), key=lambda v: v.number, default=None
    )
    is_current = version.id == draft.current_version_id
    return render_template(
        "drafts/detail.html",
        draft=draft,
        process=draft.process,
        version=version,
        versions=published,
        previous=previous,
        is_current=is_current,
        paragraphs=queries.paragraph_views(draft, version),
        most_commented=queries.most_commented(draft) if is_current else [],
        comment_total=queries.comment_total(draft),
        denial=perms.participation_denial(user, draft.process, perms.actions.COMMENT_DRAFT),
        can_manage=perms.can_manage_draft(user, draft),
        can_see_responses=perms.can_see_responses(user, draft),
        pending=ops.pending_version(draft) if perms.can_manage_draft(user, draft) else None,
    )


@bp.get("/drafts/<int:draft_id>")
def detail(draft_id: int):
    """The current version, paragraph by paragraph, with comment counts and links."""
    draft = _draft_or_404(draft_id)
    if draft.current_version is None:
        return redirect(url_for(".preview", draft_id=draft.id), 303)
    return _render_version(draft, draft.current_version)


@bp.get("/drafts/<int:draft_id>/versions/<int:number>")
def version(draft_id: int, number: int):
    """An earlier (or the current) published version with the comments written on it."""
    draft = _draft_or_404(draft_id)
    found = queries.version_by_number(draft, number)
    if found is None or not found.is_published:
        abort(404)
    return _render_version(draft, found)


@bp.get("/drafts/<int:draft_id>/versions/<int:number>/changes")
def changes(draft_id: int, number: int):
    """What changed in a version against the version before it."""
    draft = _draft_or_404(draft_id)
    found = queries.version_by_number(draft, number)
    if found is None or not found.is_published:
        abort(404)
    previous = max(
        (v for v in queries.versions(draft) if v.number < found.number),
        key=lambda v: v.number,
        default=None,
    )
    if previous is None:
        abort(404)
    diff = compare(queries.paragraphs_of(previous), queries.paragraphs_of(found))
    return render_template(
        "drafts/changes.html",
        draft=draft,
        process=draft.process,
        version=found,
        previous=previous,
        changes=diff,
        counts=_change_counts(diff),
    )


def _change_counts(diff) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0, "unchanged": 0}
    for change in diff:
        counts[change.status] += 1
    return counts


# --- writing and publishing versions (moderators) ---------------------------------------------


@bp.route("/processes/<int:process_id>/drafts/new", methods=["GET", "POST"])
def create(process_id: int):
    process = db.session.get(Process, process_id)
    if process is None or not can_view_process(current_user, process):
        abort(404)
    require(perms.can_create_draft(current_user, process))
    form = DraftForm()
    if form.validate_on_submit():
        try:
            draft = ops.create_draft(
                current_user, process, form.title.data or "", form.source.data or ""
            )
        except IdeaError as err:
            if not err.errors:
                _refuse(err)
            apply_errors(form, err.errors)
        else:
            db.session.commit()
            flash(_("The draft has been saved. Check the preview, then publish it."), "success")
            return redirect(url_for(".preview", draft_id=draft.id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("drafts/edit.html", form=form, process=process, draft=None), status


@bp.route("/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
def edit(draft_id: int):
    """Write the next version; it is kept for a preview until it is published."""
    draft = _managed_draft(draft_id)
    denial = perms.publish_version_denial(current_user, draft)
    if denial is not None:
        _refuse(IdeaError.from_denial(denial))
    pending = ops.pending_version(draft)
    base = pending or draft.current_version
    form = VersionForm(
        data={
            "title": draft.title,
            "source": base.source if base else "",
            "change_note": (pending.change_note if pending else "") or "",
        }
    )
    if form.validate_on_submit():
        try:
            ops.save_version(
                current_user,
                draft,
                form.title.data or "",
                form.source.data or "",
                form.change_note.data or "",
            )
        except IdeaError as err:
            if not err.errors:
                _refuse(err)
            apply_errors(form, err.errors)
        else:
            db.session.commit()
            flash(
                _("The new version has been saved. Check the preview, then publish it."), "success"
            )
            return redirect(url_for(".preview", draft_id=draft.id), 303)
    status = 422 if request.method == "POST" else 200
    return (
        render_template("drafts/edit.html", form=form, process=draft.process, draft=draft),
        status,
    )


@bp.get("/drafts/<int:draft_id>/preview")
def preview(draft_id: int):
    """The version being prepared as readers will see it, and its changes."""
    draft = _managed_draft(draft_id)
    pending = ops.pending_version(draft)
    if pending is None:
        if draft.current_version is None:
            abort(404)
        flash(_("There is no new version to publish."), "info")
        return redirect(url_for(".detail", draft_id=draft.id), 303)
    diff = None
    if draft.current_version is not None:
        diff = compare(queries.paragraphs_of(draft.current_version), queries.paragraphs_of(pending))
    return render_template(
        "drafts/preview.html",
        draft=draft,
        process=draft.process,
        version=pending,
        paragraphs=queries.paragraphs_of(pending),
        changes=diff,
        counts=_change_counts(diff) if diff is not None else None,
    )


@bp.post("/drafts/<int:draft_id>/publish")
def publish(draft_id: int):
    draft = _managed_draft(draft_id)
    try:
        version = ops.publish_version(current_user, draft)
    except IdeaError as err:
        _refuse(err)
    db.session.commit()
    flash(_("Version %(num)d has been published.", num=version.number), "success")
    return redirect(url_for(".detail", draft_id=draft.id), 303)


@bp.post("/drafts/<int:draft_id>/discard")
def discard(draft_id: int):
    draft = _managed_draft(draft_id)
    try:
        ops.discard_version(current_user, draft)
    except IdeaError as err:
        _refuse(err)
    db.session.commit()
    flash(_("The unpublished version has been discarded."), "success")
    return redirect(url_for(".detail", draft_id=draft.id), 303)


# --- paragraphs and their comments ------------------------------------------------------------


def _paragraph_url(draft: Draft, paragraph_id: int, comment: Comment | None = None) -> str:
    args: dict[str, Any] = {}
    anchor = "comments"
    if comment is not None:
        page = queries.thread_page(comment)
        if page > 1:
            args["cpage"] = page
        anchor = f"comment-{comment.id}"
    url = url_for(".paragraph", draft_id=draft.id, paragraph_id=paragraph_id, **args)
    return f"{url}#{anchor}"


@dataclass
class _Forms:
    comment_form: Any = None
    reply_form: Any = None
    reply_to: Comment | None = None
    edit_form: Any = None
    editing: Comment | None = None
    flag_form: Any = None
    flag_target: Comment | None = None


def _render_paragraph(draft: Draft, paragraph: DraftParagraph, forms: _Forms, status: int = 200):
    user = _user()
    cpage, _per_page = clamp_page(request.args.get("cpage"), queries.COMMENT_THREADS_PER_PAGE)
    threads_page, threads = queries.comment_threads(
        paragraph, cpage, with_responses=draft.responses_published
    )
    denial = perms.comment_denial(user, draft, paragraph)
    if forms.reply_to is None and denial is None and request.args.get("reply_to"):
        candidate = queries.comment_in_paragraph(paragraph, request.args.get("reply_to"))
        if candidate is not None and candidate.is_visible and candidate.depth < 2:
            forms.reply_to = candidate
    if forms.editing is None and request.args.get("edit_comment"):
        candidate = queries.comment_in_paragraph(paragraph, request.args.get("edit_comment"))
        if candidate is not None and perms.can_edit_comment(user, candidate, draft):
            forms.editing = candidate
            forms.edit_form = EditCommentForm(prefix="edit", data={"body": candidate.body})
    if forms.flag_target is None and request.args.get("flag_comment"):
        candidate = queries.comment_in_paragraph(paragraph, request.args.get("flag_comment"))
        if candidate is not None and perms.can_flag(user, candidate, draft):
            forms.flag_target = candidate
    if forms.reply_to is not None and forms.reply_form is None:
        forms.reply_form = ReplyForm(
            prefix="reply", formdata=None, data={"parent_id": forms.reply_to.id}
        )
    if forms.flag_target is not None and forms.flag_form is None:
        forms.flag_form = FlagForm(prefix="flag-comment", formdata=None)
    version = paragraph.version
    successor = None
    if version.id != draft.current_version_id and draft.current_version is not None:
        successor = next(
            (p for p in queries.paragraphs_of(draft.current_version) if p.key == paragraph.key),
            None,
        )
    earlier = {v.paragraph.id: v.earlier for v in queries.paragraph_views(draft, version)}.get(
        paragraph.id
    )
    return (
        render_template(
            "drafts/paragraph.html",
            draft=draft,
            process=draft.process,
            version=version,
            paragraph=paragraph,
            successor=successor,
            earlier=earlier,
            threads=threads,
            threads_page=threads_page,
            comment_denial=denial,
            comment_form=forms.comment_form or CommentForm(formdata=None),
            reply_form=forms.reply_form,
            reply_to=forms.reply_to,
            edit_form=forms.edit_form,
            editing=forms.editing,
            flag_form=forms.flag_form,
            flag_comment_id=forms.flag_target.id if forms.flag_target is not None else None,
            perms=perms,
            user=user,
        ),
        status,
    )


@bp.get("/drafts/<int:draft_id>/paragraphs/<int:paragraph_id>")
def paragraph(draft_id: int, paragraph_id: int):
    """One paragraph with its comment threads and the form to comment (in the phase)."""
    draft = _draft_or_404(draft_id)
    return _render_paragraph(draft, _paragraph_or_404(draft, paragraph_id), _Forms())


@bp.post("/drafts/<int:draft_id>/paragraphs/<int:paragraph_id>/comments")
@posting_limit
def comment(draft_id: int, paragraph_id: int):
    require(is_signed_in(current_user))
    draft = _draft_or_404(draft_id)
    paragraph = _paragraph_or_404(draft, paragraph_id)
    parent = None
    raw_parent = request.form.get("reply-parent_id")
    if raw_parent is not None:
        parent = queries.comment_in_paragraph(paragraph, raw_parent)
        if parent is None:
            abort(404)
    form = ReplyForm(prefix="reply") if parent is not None else CommentForm()
    if form.validate_on_submit():
        try:
            created = ops.add_comment(
                current_user, draft, paragraph, form.body.data or "", parent=parent
            )
        except IdeaError as err:
            if not err.errors:
                _refuse(err)
            for message in apply_errors(form, err.errors):
                flash(message, "error")
        else:
            db.session.commit()
            flash(_("Your comment has been published."), "success")
            return redirect(_paragraph_url(draft, paragraph.id, created), 303)
    forms = _Forms(reply_form=form, reply_to=parent) if parent else _Forms(comment_form=form)
    return _render_paragraph(draft, paragraph, forms, status=422)


@bp.post("/drafts/comments/<int:comment_id>/edit")
@posting_limit
def edit_comment(comment_id: int):
    require(is_signed_in(current_user))
    comment, paragraph, draft = _comment_or_404(comment_id)
    form = EditCommentForm(prefix="edit")
    if form.validate_on_submit():
        try:
            ops.edit_comment(current_user, draft, comment, form.body.data or "")
        except IdeaError as err:
            if not err.errors:
                _refuse(err)
            apply_errors(form, err.errors)
        else:
            db.session.commit()
            flash(_("Your comment has been changed."), "success")
            return redirect(_paragraph_url(draft, paragraph.id, comment), 303)
    return _render_paragraph(draft, paragraph, _Forms(edit_form=form, editing=comment), status=422)


@bp.post("/drafts/comments/<int:comment_id>/delete")
def delete_comment(comment_id: int):
    require(is_signed_in(current_user))
    comment, paragraph, draft = _comment_or_404(comment_id)
    try:
        ops.delete_comment(current_user, draft, comment)
    except IdeaError as err:
        _refuse(err)
    db.session.commit()
    flash(_("The comment has been deleted."), "success")
    return redirect(_paragraph_url(draft, paragraph.id, comment), 303)


@bp.post("/drafts/comments/<int:comment_id>/flag")
@posting_limit
def flag_comment(comment_id: int):
    require(is_signed_in(current_user))
    comment, paragraph, draft = _comment_or_404(comment_id)
    form = FlagForm(prefix="flag-comment")
    if form.validate_on_submit():
        try:
            ops.flag_comment(
                current_user, draft, comment, form.reason.data or "", form.text.data or ""
            )
        except IdeaError as err:
            if not err.errors:
                flash(err.message, "error")
                return redirect(_paragraph_url(draft, paragraph.id, comment), 303)
            apply_errors(form, err.errors)
        else:
            db.session.commit()
            flash(_("Thank you for your report. A moderator will look at it."), "success")
            return redirect(_paragraph_url(draft, paragraph.id, comment), 303)
    return _render_paragraph(
        draft, paragraph, _Forms(flag_form=form, flag_target=comment), status=422
    )


# --- the response table -----------------------------------------------------------------------


def _filters(draft: Draft, can_manage: bool) -> tuple[str | None, int | None]:
    """The table's filters from the query string; unknown values are ignored."""
    outcome = request.args.get("outcome") or None
    allowed = {o.value for o in Outcome} | ({queries.NO_RESPONSE} if can_manage else set())
    if outcome not in allowed:
        outcome = None
    paragraph_id = queries._int_id(request.args.get("paragraph"))
    return outcome, paragraph_id


@bp.get("/drafts/<int:draft_id>/responses")
def responses(draft_id: int):
    """The response table (Abwägungstabelle), filterable by outcome and paragraph."""
    draft = _draft_or_404(draft_id)
    require(perms.can_see_responses(current_user, draft))
    can_manage = perms.can_manage_draft(current_user, draft)
    outcome, paragraph_id = _filters(draft, can_manage)
    page, _per_page = clamp_page(request.args.get("page"), queries.RESPONSES_PER_PAGE)
    table = queries.response_table(draft, outcome=outcome, paragraph_id=paragraph_id, page=page)
    return render_template(
        "drafts/responses.html",
        draft=draft,
        process=draft.process,
        table=table,
        outcome=outcome,
        paragraph_id=paragraph_id,
        outcomes=list(Outcome),
        paragraph_choices=queries.commented_paragraphs(draft),
        counts=queries.outcome_counts(draft),
        unanswered=queries.unanswered_count(draft) if can_manage else 0,
        can_manage=can_manage,
        respond_denial=perms.respond_denial(current_user, draft) if can_manage else None,
        no_response=queries.NO_RESPONSE,
    )


@bp.get("/drafts/<int:draft_id>/responses.<any(csv, xlsx, pdf):fmt>")
def export(draft_id: int, fmt: str):
    """The response table as CSV, XLSX or PDF, with the same filters as the page."""
    draft = _draft_or_404(draft_id)
    require(perms.can_see_responses(current_user, draft))
    outcome, paragraph_id = _filters(draft, perms.can_manage_draft(current_user, draft))
    rows = queries.response_rows(draft, outcome=outcome, paragraph_id=paragraph_id)
    name = exports.filename(draft, fmt)
    if fmt == "csv":
        body, mimetype = exports.csv_file(draft, rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exports.xlsx_file(draft, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype = exports.pdf_file(draft, rows), "application/pdf"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/drafts/<int:draft_id>/responses/<int:comment_id>", methods=["GET", "POST"])
def respond(draft_id: int, comment_id: int):
    """A moderator records how one comment was handled and why."""
    draft = _managed_draft(draft_id)
    found = queries.comment_with_draft(comment_id)
    if found is None or found[2].id != draft.id or not found[0].is_visible:
        abort(404)
    comment, paragraph, _draft = found
    denial = perms.respond_denial(current_user, draft)
    if denial is not None:
        _refuse(IdeaError.from_denial(denial))
    existing = queries.response_for(comment)
    form = ResponseForm(
        data={"outcome": existing.outcome, "rationale": existing.rationale} if existing else None
    )
    if form.validate_on_submit():
        try:
            ops.record_response(
                current_user, draft, comment, form.outcome.data, form.rationale.data or ""
            )
        except IdeaError as err:
            if not err.errors:
                _refuse(err)
            apply_errors(form, err.errors)
        else:
            db.session.commit()
            flash(_("The response has been saved."), "success")
            return redirect(
                url_for(".responses", draft_id=draft.id) + f"#response-{comment.id}", 303
            )
    status = 422 if request.method == "POST" else 200
    return (
        render_template(
            "drafts/respond.html",
            draft=draft,
            process=draft.process,
            comment=comment,
            paragraph=paragraph,
            form=form,
        ),
        status,
    )


@bp.post("/drafts/<int:draft_id>/responses/publish")
def publish_responses(draft_id: int):
    draft = _managed_draft(draft_id)
    try:
        count = ops.publish_responses(current_user, draft)
    except IdeaError as err:
        if err.code == "incomplete":
            flash(err.message, "error")
            return redirect(url_for(".responses", draft_id=draft.id), 303)
        _refuse(err)
    db.session.commit()
    flash(
        ngettext(
            "The response table has been published. The author of %(num)d comment is being "
            "told how it was handled.",
            "The response table has been published. The authors of %(num)d comments are being "
            "told how they were handled.",
            count,
        ),
        "success",
    )
    return redirect(url_for(".responses", draft_id=draft.id), 303)
