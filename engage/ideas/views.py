"""Idea pages: lists per process, the idea form, the idea page with supports, comments and
flags. Every form works without JavaScript (POST, then redirect); one commit per view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as web_session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from engage.accounts.permissions import is_signed_in
from engage.core.districts import DISTRICT_LABELS, DISTRICTS
from engage.core.errors import abort_with
from engage.core.pagination import clamp_page
from engage.core.permissions import require
from engage.core.text import normalize_line
from engage.extensions import db, limiter
from engage.ideas import operations as ops
from engage.ideas import permissions as perms
from engage.ideas import queries
from engage.ideas.forms import (
    CommentForm,
    EditCommentForm,
    FlagForm,
    IdeaForm,
    ReplyForm,
    apply_errors,
)
from engage.ideas.models import (
    IDEA_STATUS_LABELS,
    PUBLIC_STATUSES,
    Comment,
    FlagReason,
    Idea,
    IdeaStatus,
)
from engage.processes.models import Process
from engage.processes.permissions import can_view_process

bp = Blueprint("ideas", __name__)

DEFAULT_POSTING_LIMIT = "30 per minute;300 per hour"
SORT_LABELS = {
    "newest": _l("Newest first"),
    "supports": _l("Most supported"),
    "comments": _l("Most commented"),
    "random": _l("Random order"),
}


def _posting_limit() -> str:
    return current_app.config.get("RATELIMIT_POSTING", DEFAULT_POSTING_LIMIT)


posting_limit = limiter.limit(_posting_limit, methods=["POST"])


# --- loading ----------------------------------------------------------------------------------


def _process_or_404(process_id: int) -> Process:
    process = db.session.scalar(
        select(Process)
        .where(Process.id == process_id)
        .options(
            selectinload(Process.phases),
            selectinload(Process.theme),
            selectinload(Process.organisation),
        )
    )
    if process is None or not can_view_process(current_user, process):
        abort(404)
    return process


def _idea_or_404(idea_id: int) -> Idea:
    idea = queries.idea_for_page(idea_id)
    if idea is None or not perms.can_see_idea(current_user, idea):
        abort(404)
    return idea


def _comment_or_404(comment_id: int) -> tuple[Comment, Idea]:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.idea_id is None:
        abort(404)
    return comment, _idea_or_404(comment.idea_id)


def _refuse(err: ops.IdeaError) -> None:
    """A refusal that no form field explains: sign in, or an error page with the reason."""
    if err.status == 401:
        require(False)
    abort_with(err.status if err.status in (403, 409) else 400, err.message)


def _user() -> Any:
    return current_user if current_user.is_authenticated else None


# --- lists ------------------------------------------------------------------------------------


@dataclass
class IdeaFilter:
    """The list filters from the query string; unknown values are dropped, never an error."""

    district: str | None = None
    status: str | None = None
    tag: str | None = None
    q: str | None = None
    sort: str = "newest"

    @classmethod
    def from_args(cls, args) -> IdeaFilter:
        district = (args.get("district") or "").strip()
        status = (args.get("status") or "").strip()
        sort = (args.get("sort") or "").strip()
        tag = normalize_line(args.get("tag") or "")[:40].lower()
        q = normalize_line(args.get("q") or "")[:200]
        return cls(
            district=district if district in DISTRICTS else None,
            status=status if status in PUBLIC_STATUSES else None,
            tag=tag or None,
            q=q or None,
            sort=sort if sort in queries.SORTS else "newest",
        )

    def args(self) -> dict[str, str]:
        """Query-string arguments that reproduce this filter (for page links)."""
        values = {
            "district": self.district,
            "status": self.status,
            "tag": self.tag,
            "q": self.q,
            "sort": self.sort if self.sort != "newest" else None,
        }
        return {k: v for k, v in values.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.district or self.status or self.tag or self.q)


def _random_seed() -> int:
    seed = web_session.get("ideas_seed")
    if not isinstance(seed, int):
        seed = queries.new_random_seed()
        web_session["ideas_seed"] = seed
    return seed


@bp.get("/processes/<int:process_id>/ideas")
def index(process_id: int):
    """The ideas of one process: filter, search, sort, paginate."""
    process = _process_or_404(process_id)
    flt = IdeaFilter.from_args(request.args)
    page, per_page = clamp_page(
        request.args.get("page"), request.args.get("per_page"), max_per_page=queries.MAX_PER_PAGE
    )
    seed = _random_seed() if flt.sort == "random" else None
    ideas = queries.list_ideas(
        process=process,
        district=flt.district,
        status=flt.status,
        tag=flt.tag,
        q=flt.q,
        sort=flt.sort,
        seed=seed,
        page=page,
        per_page=per_page,
    )
    return render_template(
        "ideas/index.html",
        process=process,
        ideas_page=ideas,
        flt=flt,
        tags=queries.tags_in_use(process),
        supported=queries.supported_ids(_user(), [i.id for i in ideas.items]),
        submit_denial=perms.submit_denial(_user(), process),
        district_labels=DISTRICT_LABELS,
        status_labels={s: IDEA_STATUS_LABELS[s] for s in IdeaStatus if s in PUBLIC_STATUSES},
        sort_labels=SORT_LABELS,
    )


# --- the idea form ----------------------------------------------------------------------------


@bp.route("/processes/<int:process_id>/ideas/new", methods=["GET", "POST"])
@posting_limit
def new(process_id: int):
    """Submit an idea; "Check for similar ideas" shows existing ones first."""
    process = _process_or_404(process_id)
    denial = perms.submit_denial(_user(), process)
    if denial is not None:
        status = 200 if request.method == "GET" else 403
        return render_template("ideas/closed.html", process=process, denial=denial), status
    form = IdeaForm()
    similar = None
    status = 200
    if form.validate_on_submit():
        values = form.values()
        if request.form.get("action") == "check":
            similar = queries.similar_ideas_for(values["title"], values["body"], process)
        else:
            try:
                idea = ops.submit_idea(current_user, process, origin="web", **values)
            except ops.IdeaError as err:
                for message in apply_errors(form, err.errors) or (
                    [] if err.errors else [err.message]
                ):
                    flash(message, "error")
                status = 422
            else:
                db.session.commit()
                if idea.status == IdeaStatus.PENDING:
                    flash(
                        _(
                            "Thank you! Your idea will appear once a moderator has checked it. "
                            "Until then only you can see it."
                        ),
                        "success",
                    )
                else:
                    flash(_("Thank you! Your idea has been published."), "success")
                return redirect(url_for(".detail", idea_id=idea.id), 303)
    elif form.errors:
        status = 422
    return (
        render_template(
            "ideas/form.html",
            form=form,
            process=process,
            idea=None,
            similar=similar,
            supported=queries.supported_ids(_user(), [i.id for i in similar or []]),
        ),
        status,
    )


@bp.route("/ideas/<int:idea_id>/edit", methods=["GET", "POST"])
@posting_limit
def edit(idea_id: int):
    """Its author (while ideas are collected) or a moderator changes an idea."""
    idea = _idea_or_404(idea_id)
    denial = perms.edit_denial(_user(), idea)
    if denial is not None:
        _refuse(ops.IdeaError.from_denial(denial))
    if request.method == "GET":
        form = IdeaForm(
            data={
                "title": idea.title,
                "body": idea.body_source,
                "district": idea.district or "",
                "tags": ", ".join(t.name for t in idea.tags),
                "lat": "" if idea.lat is None else f"{idea.lat:.6f}".rstrip("0").rstrip("."),
                "lon": "" if idea.lon is None else f"{idea.lon:.6f}".rstrip("0").rstrip("."),
            }
        )
    else:
        form = IdeaForm()
    status = 200
    if form.validate_on_submit():
        try:
            ops.edit_idea(current_user, idea, **form.values())
        except ops.IdeaError as err:
            for message in apply_errors(form, err.errors) or ([] if err.errors else [err.message]):
                flash(message, "error")
            status = 422
        else:
            db.session.commit()
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for(".detail", idea_id=idea.id), 303)
    elif form.errors:
        status = 422
    return (
        render_template(
            "ideas/form.html", form=form, process=idea.process, idea=idea, similar=None
        ),
        status,
    )


@bp.route("/ideas/<int:idea_id>/withdraw", methods=["GET", "POST"])
def withdraw(idea_id: int):
    """Its author withdraws an idea, after confirming."""
    idea = _idea_or_404(idea_id)
    denial = perms.withdraw_denial(_user(), idea)
    if denial is not None:
        _refuse(ops.IdeaError.from_denial(denial))
    if request.method == "POST":
        try:
            ops.withdraw_idea(current_user, idea)
        except ops.IdeaError as err:
            _refuse(err)
        db.session.commit()
        flash(_("Your idea has been withdrawn. It no longer appears in the lists."), "success")
        return redirect(url_for(".detail", idea_id=idea.id), 303)
    return render_template("ideas/withdraw.html", idea=idea)


# --- the idea page ----------------------------------------------------------------------------


def _thread_page(comment: Comment) -> int:
    """The page of top-level threads on which ``comment`` appears."""
    root = comment
    while root.parent_id is not None and root.parent is not None:
        root = root.parent
    before = db.session.scalar(
        select(func.count(Comment.id)).where(
            Comment.idea_id == root.idea_id,
            Comment.parent_id.is_(None),
            (Comment.created_dt < root.created_dt)
            | ((Comment.created_dt == root.created_dt) & (Comment.id < root.id)),
        )
    )
    return (before or 0) // queries.COMMENT_THREADS_PER_PAGE + 1


def _detail_url(idea: Idea, comment: Comment | None = None, anchor: str | None = None) -> str:
    args: dict[str, Any] = {}
    if comment is not None:
        page = _thread_page(comment)
        if page > 1:
            args["cpage"] = page
        anchor = anchor or f"comment-{comment.id}"
    url = url_for(".detail", idea_id=idea.id, **args)
    return f"{url}#{anchor}" if anchor else url


def _render_detail(
    idea: Idea,
    *,
    comment_form: CommentForm | None = None,
    reply_form: ReplyForm | None = None,
    reply_to: Comment | None = None,
    edit_form: EditCommentForm | None = None,
    editing: Comment | None = None,
    flag_form: FlagForm | None = None,
    flag_target: Comment | Idea | None = None,
    status: int = 200,
):
    user = _user()
    cpage, _per_page = clamp_page(request.args.get("cpage"), queries.COMMENT_THREADS_PER_PAGE)
    threads_page, threads = queries.comment_threads(idea, cpage)
    comment_denial = perms.comment_denial(user, idea)
    if reply_to is None and comment_denial is None and request.args.get("reply_to"):
        candidate = queries.comment_in_idea(idea, request.args.get("reply_to"))
        if candidate is not None and candidate.is_visible and candidate.depth < 2:
            reply_to = candidate
    if editing is None and request.args.get("edit_comment"):
        candidate = queries.comment_in_idea(idea, request.args.get("edit_comment"))
        if candidate is not None and perms.can_edit_comment(user, candidate, idea):
            editing = candidate
            edit_form = EditCommentForm(prefix="edit", data={"body": candidate.body})
    if flag_target is None and request.args.get("flag_comment"):
        candidate = queries.comment_in_idea(idea, request.args.get("flag_comment"))
        if candidate is not None and perms.can_flag(user, candidate, idea):
            flag_target = candidate
    if reply_to is not None and reply_form is None:
        reply_form = ReplyForm(prefix="reply", formdata=None, data={"parent_id": reply_to.id})
    flag_comment_id = flag_target.id if isinstance(flag_target, Comment) else None
    if flag_target is not None and flag_form is None:
        flag_form = FlagForm(prefix=_flag_prefix(flag_target), formdata=None)
    support_denial = perms.support_denial(user, idea)
    supported = bool(queries.supported_ids(user, [idea.id]))
    supports_left = None
    if idea.process.support_limit and is_signed_in(user):
        supports_left = max(idea.process.support_limit - ops.supports_used(user, idea.process), 0)
    similar = (
        queries.similar_ideas_for(idea.title, idea.body_source, idea.process, exclude_id=idea.id)
        if idea.is_public
        else []
    )
    return (
        render_template(
            "ideas/detail.html",
            idea=idea,
            process=idea.process,
            threads=threads,
            threads_page=threads_page,
            comment_form=comment_form or CommentForm(formdata=None),
            comment_denial=comment_denial,
            reply_form=reply_form,
            reply_to=reply_to,
            edit_form=edit_form,
            editing=editing,
            flag_form=flag_form,
            flag_target=flag_target,
            flag_comment_id=flag_comment_id,
            idea_flag_form=(
                flag_form if flag_target is idea else FlagForm(prefix="flag-idea", formdata=None)
            ),
            can_flag_idea=perms.can_flag(user, idea, idea),
            support_denial=support_denial,
            supported=supported,
            supports_left=supports_left,
            can_edit=perms.can_edit_idea(user, idea),
            can_withdraw=perms.can_withdraw(user, idea),
            can_moderate=perms.can_moderate_idea(user, idea),
            is_author=perms.is_author(user, idea),
            similar=similar,
            perms=perms,
            user=user,
            flag_reasons=list(FlagReason),
        ),
        status,
    )


@bp.get("/ideas/<int:idea_id>")
def detail(idea_id: int):
    """The idea page: text, status history, supports, threaded comments, flags."""
    idea = queries.idea_for_page(idea_id)
    if idea is None or not can_view_process(current_user, idea.process):
        abort(404)
    if not perms.can_see_idea(current_user, idea):
        if idea.status == IdeaStatus.WITHDRAWN:
            return render_template("ideas/withdrawn.html", idea=idea), 410
        abort(404)
    return _render_detail(idea)


# --- supports ---------------------------------------------------------------------------------


def _support_action(idea_id: int, add: bool):
    require(is_signed_in(current_user))
    idea = _idea_or_404(idea_id)
    try:
        changed = (ops.support_idea if add else ops.withdraw_support)(current_user, idea)
    except ops.IdeaError as err:
        flash(err.message, "error")
        return redirect(_detail_url(idea, anchor="support"), 303)
    db.session.commit()
    if changed:
        flash(
            _("Thank you for your support!") if add else _("Your support has been withdrawn."),
            "success",
        )
    return redirect(_detail_url(idea, anchor="support"), 303)


@bp.post("/ideas/<int:idea_id>/support")
@posting_limit
def support(idea_id: int):
    return _support_action(idea_id, add=True)


@bp.post("/ideas/<int:idea_id>/support/withdraw")
@posting_limit
def unsupport(idea_id: int):
    return _support_action(idea_id, add=False)


# --- comments ---------------------------------------------------------------------------------


@bp.post("/ideas/<int:idea_id>/comments")
@posting_limit
def comment(idea_id: int):
    """Write a comment, or a reply when ``parent_id`` is given."""
    require(is_signed_in(current_user))
    idea = _idea_or_404(idea_id)
    parent = None
    raw_parent = request.form.get("reply-parent_id")
    if raw_parent is not None:
        parent = queries.comment_in_idea(idea, raw_parent)
        if parent is None:
            abort(404)
    form = ReplyForm(prefix="reply") if parent is not None else CommentForm()
    if form.validate_on_submit():
        try:
            created = ops.add_comment(current_user, idea, form.body.data or "", parent=parent)
        except ops.IdeaError as err:
            if not err.errors:
                _refuse(err)
            for message in apply_errors(form, err.errors):
                flash(message, "error")
        else:
            db.session.commit()
            flash(_("Your comment has been published."), "success")
            return redirect(_detail_url(idea, created), 303)
    if parent is not None:
        return _render_detail(idea, reply_form=form, reply_to=parent, status=422)
    return _render_detail(idea, comment_form=form, status=422)


@bp.post("/ideas/comments/<int:comment_id>/edit")
@posting_limit
def edit_comment(comment_id: int):
    require(is_signed_in(current_user))
    comment, idea = _comment_or_404(comment_id)
    form = EditCommentForm(prefix="edit")
    if form.validate_on_submit():
        try:
            ops.edit_comment(current_user, comment, form.body.data or "")
        except ops.IdeaError as err:
            if not err.errors:
                _refuse(err)
            apply_errors(form, err.errors)
        else:
            db.session.commit()
            flash(_("Your comment has been changed."), "success")
            return redirect(_detail_url(idea, comment), 303)
    return _render_detail(idea, edit_form=form, editing=comment, status=422)


@bp.post("/ideas/comments/<int:comment_id>/delete")
def delete_comment(comment_id: int):
    require(is_signed_in(current_user))
    comment, idea = _comment_or_404(comment_id)
    try:
        ops.delete_comment(current_user, comment)
    except ops.IdeaError as err:
        _refuse(err)
    db.session.commit()
    flash(_("The comment has been deleted."), "success")
    return redirect(_detail_url(idea, comment), 303)


# --- flags ------------------------------------------------------------------------------------


def _flag_prefix(target: Idea | Comment) -> str:
    return "flag-comment" if isinstance(target, Comment) else "flag-idea"


def _flag(target: Idea | Comment, idea: Idea):
    require(is_signed_in(current_user))
    form = FlagForm(prefix=_flag_prefix(target))
    if form.validate_on_submit():
        try:
            ops.flag(current_user, target, form.reason.data or "", form.text.data or "")
        except ops.IdeaError as err:
            if not err.errors:
                flash(err.message, "error")
                return redirect(_detail_url(idea), 303)
            apply_errors(form, err.errors)
        else:
            db.session.commit()
            flash(
                _("Thank you for your report. A moderator will look at it."),
                "success",
            )
            anchor = f"comment-{target.id}" if isinstance(target, Comment) else None
            return redirect(_detail_url(idea, anchor=anchor), 303)
    return _render_detail(idea, flag_form=form, flag_target=target, status=422)


@bp.post("/ideas/<int:idea_id>/flag")
@posting_limit
def flag_idea(idea_id: int):
    idea = _idea_or_404(idea_id)
    return _flag(idea, idea)


@bp.post("/ideas/comments/<int:comment_id>/flag")
@posting_limit
def flag_comment(comment_id: int):
    comment, idea = _comment_or_404(comment_id)
    return _flag(comment, idea)
