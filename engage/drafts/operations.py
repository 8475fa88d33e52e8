"""Write-side use cases of drafts: write and publish versions, comment on paragraphs, record
and publish the response table.

As in the ideas area, operations validate, change, flush, log and send a signal — never commit
— and refusals raise :class:`~engage.ideas.operations.IdeaError` (field errors and the HTTP
status), so that the shared comment forms and error handling work unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from engage.accounts.models import User
from engage.core import clock
from engage.core.text import normalize_line, normalize_text
from engage.extensions import db
from engage.ideas.models import Comment, FlagTarget
from engage.ideas.operations import (
    IdeaError,
    flag_threshold,
    record_flag,
    reply_depth,
    validate_comment_body,
    validate_flag_input,
)
from engage.moderation.log import log_action
from engage.processes.models import Process

from . import permissions, signals
from .models import (
    CHANGE_NOTE_MAX,
    PARAGRAPH_MAX,
    PARAGRAPHS_MAX,
    RATIONALE_MAX,
    SOURCE_MAX,
    TITLE_MAX,
    TITLE_MIN,
    CommentResponse,
    Draft,
    DraftParagraph,
    DraftStatus,
    DraftVersion,
    Outcome,
)
from .text import Block, map_keys, split_paragraphs

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check(denial) -> None:
    if denial is not None:
        raise IdeaError.from_denial(denial)


def _invalid(errors: dict[str, str]) -> IdeaError:
    return IdeaError(_("Please correct the marked fields."), errors=errors)


# --- validation -------------------------------------------------------------------------------


def validate_draft_input(
    title: Any, source: Any, change_note: Any = None
) -> tuple[str, str, str | None, list[Block]]:
    """Title, text (split into paragraphs) and change note, or field errors for all at once."""
    errors: dict[str, str] = {}
    title = title if isinstance(title, str) else ""
    source = source if isinstance(source, str) else ""
    change_note = change_note if isinstance(change_note, str) else ""
    if _CONTROL.search(title):
        errors["title"] = _("The title contains characters that are not allowed.")
    clean_title = normalize_line(title)
    if "title" not in errors and not TITLE_MIN <= len(clean_title) <= TITLE_MAX:
        errors["title"] = _(
            "The title needs %(min)d to %(max)d characters.", min=TITLE_MIN, max=TITLE_MAX
        )
    clean_source = normalize_text(source).strip()
    blocks: list[Block] = []
    if len(clean_source) > SOURCE_MAX:
        errors["source"] = _(
            "The text can have at most %(max)d characters; it has %(count)d.",
            max=SOURCE_MAX,
            count=len(clean_source),
        )
    else:
        blocks = split_paragraphs(clean_source)
        if not any(b.kind == "paragraph" for b in blocks):
            errors["source"] = _("Please write the text of the draft, with at least one paragraph.")
        elif len(blocks) > PARAGRAPHS_MAX:
            errors["source"] = _(
                "A draft can have at most %(max)d paragraphs and headings.", max=PARAGRAPHS_MAX
            )
        else:
            longest = max(len(b.text) for b in blocks)
            if longest > PARAGRAPH_MAX:
                errors["source"] = _(
                    "A paragraph can have at most %(max)d characters. Please split long "
                    "paragraphs with a blank line.",
                    max=PARAGRAPH_MAX,
                )
    if _CONTROL.search(change_note):
        errors["change_note"] = _("The note contains characters that are not allowed.")
    clean_note = normalize_text(change_note).strip()
    if "change_note" not in errors and len(clean_note) > CHANGE_NOTE_MAX:
        errors["change_note"] = _(
            "The note can have at most %(max)d characters.", max=CHANGE_NOTE_MAX
        )
    if errors:
        raise _invalid(errors)
    return clean_title, clean_source, clean_note or None, blocks


# --- versions ---------------------------------------------------------------------------------


def create_draft(user: User, process: Process, title: str, source: str) -> Draft:
    """A new draft with its first version, unpublished until a moderator publishes it."""
    if not permissions.can_create_draft(user, process):
        raise IdeaError(
            _("Only the moderators of this participation can do this."),
            status=403,
            code="forbidden",
        )
    clean_title, clean_source, _note, blocks = validate_draft_input(title, source)
    draft = Draft(
        process_id=process.id,
        title=clean_title,
        status=DraftStatus.DRAFT.value,
        created_by_id=user.id,
        created_dt=clock.now(),
    )
    db.session.add(draft)
    db.session.flush()
    _write_version(user, draft, clean_source, None, blocks)
    log_action(user, "draft_create", "draft", draft.id, organisation_id=process.organisation_id)
    return draft


def pending_version(draft: Draft) -> DraftVersion | None:
    """The version being prepared (not yet published), if any."""
    return db.session.scalar(
        select(DraftVersion).where(
            DraftVersion.draft_id == draft.id, DraftVersion.published_dt.is_(None)
        )
    )


def save_version(
    user: User, draft: Draft, title: str, source: str, change_note: str | None = None
) -> DraftVersion:
    """Write the next version (kept unpublished for preview); replaces an earlier preview."""
    _check(permissions.publish_version_denial(user, draft))
    clean_title, clean_source, clean_note, blocks = validate_draft_input(title, source, change_note)
    draft.title = clean_title
    pending = pending_version(draft)
    if pending is not None:
        # Nobody can have commented on an unpublished version: it is simply rewritten.
        pending.paragraphs.clear()
        db.session.flush()
        pending.source = clean_source
        pending.change_note = clean_note
        pending.created_by_id = user.id
        pending.created_dt = clock.now()
        _fill_paragraphs(draft, pending, blocks)
        db.session.flush()
        return pending
    return _write_version(user, draft, clean_source, clean_note, blocks)


def _write_version(
    user: User, draft: Draft, source: str, note: str | None, blocks: list[Block]
) -> DraftVersion:
    number = (
        db.session.scalar(
            select(func.max(DraftVersion.number)).where(DraftVersion.draft_id == draft.id)
        )
        or 0
    ) + 1
    version = DraftVersion(
        draft_id=draft.id,
        number=number,
        source=source,
        change_note=note,
        created_by_id=user.id,
        created_dt=clock.now(),
    )
    db.session.add(version)
    db.session.flush()
    _fill_paragraphs(draft, version, blocks)
    db.session.flush()
    return version


def _fill_paragraphs(draft: Draft, version: DraftVersion, blocks: list[Block]) -> None:
    """Number the blocks and give them keys mapped from the current published version."""
    previous: list[tuple[str, str, str]] = []
    if draft.current_version_id is not None and draft.current_version_id != version.id:
        previous = [
            (p.key, p.kind, p.text)
            for p in db.session.scalars(
                select(DraftParagraph)
                .where(DraftParagraph.version_id == draft.current_version_id)
                .order_by(DraftParagraph.position)
            )
        ]
    mapped = map_keys(previous, blocks, lambda j: f"v{version.number}p{j + 1}")
    number = 0
    for position, (block, key, _pred) in enumerate(mapped, start=1):
        if block.kind == "paragraph":
            number += 1
        version.paragraphs.append(
            DraftParagraph(
                position=position,
                number=number if block.kind == "paragraph" else None,
                kind=block.kind,
                text=block.text,
                key=key,
            )
        )


def publish_version(user: User, draft: Draft) -> DraftVersion:
    """Publish the version being prepared: it becomes the current one, the draft public."""
    _check(permissions.publish_version_denial(user, draft))
    version = pending_version(draft)
    if version is None:
        raise IdeaError(
            _("There is no new version to publish."), status=409, code="nothing_to_publish"
        )
    now = clock.now()
    version.published_dt = now
    draft.current_version = version  # the relationship, so loaded objects follow at once
    draft.status = DraftStatus.PUBLISHED.value
    db.session.flush()
    log_action(
        user,
        "draft_publish_version",
        "draft",
        draft.id,
        organisation_id=draft.process.organisation_id,
        version=version.number,
    )
    signals.version_published.send("publish_version", draft=draft, version=version)
    return version


def discard_version(user: User, draft: Draft) -> None:
    """Drop the version being prepared (never published, so nobody commented on it)."""
    _check(permissions.publish_version_denial(user, draft))
    version = pending_version(draft)
    if version is None:
        return
    if draft.current_version_id is None:
        raise IdeaError(
            _("The first version cannot be discarded; change it instead."),
            status=409,
            code="first_version",
        )
    db.session.delete(version)
    db.session.flush()


# --- comments ---------------------------------------------------------------------------------


def add_comment(
    user: User,
    draft: Draft,
    paragraph: DraftParagraph,
    body: str,
    parent: Comment | None = None,
) -> Comment:
    """A comment on a paragraph of the current version, or a reply (three levels at most)."""
    _check(permissions.comment_denial(user, draft, paragraph))
    depth = reply_depth(
        parent, same_thread=parent is not None and parent.paragraph_id == paragraph.id
    )
    text = validate_comment_body(body)
    comment = Comment(
        paragraph_id=paragraph.id,
        parent_id=parent.id if parent is not None else None,
        depth=depth,
        author_id=user.id,
        body=text,
        created_dt=clock.now(),
    )
    db.session.add(comment)
    db.session.flush()
    signals.draft_comment_added.send(
        "add_comment", comment=comment, draft=draft, paragraph=paragraph
    )
    return comment


def edit_comment(user: User, draft: Draft, comment: Comment, body: str) -> Comment:
    """Its author changes a comment within 15 minutes of writing it."""
    _check(permissions.comment_edit_denial(user, comment, draft))
    text = validate_comment_body(body)
    if text != comment.body:
        comment.body = text
        comment.edited_dt = clock.now()
        db.session.flush()
    return comment


def delete_comment(user: User, draft: Draft, comment: Comment) -> Comment:
    """Delete a comment: its text is removed, a placeholder keeps the thread readable."""
    _check(permissions.comment_delete_denial(user, comment, draft))
    if comment.is_deleted:
        return comment
    comment.deleted_dt = clock.now()
    comment.body = ""
    db.session.flush()
    if not permissions.is_author(user, comment):
        log_action(
            user,
            "delete",
            "comment",
            comment.id,
            organisation_id=draft.process.organisation_id,
        )
    return comment


def flag_comment(user: User, draft: Draft, comment: Comment, reason: str, text: Any = None):
    """Report a paragraph comment; enough open reports hide it until a moderator decides."""
    _check(permissions.flag_denial(user, comment, draft))
    clean = validate_flag_input(reason, text)
    new_flag, open_flags = record_flag(user, FlagTarget.COMMENT, comment.id, reason, clean)
    if open_flags >= flag_threshold() and comment.is_visible:
        comment.hidden_dt = clock.now()
        db.session.flush()
        signals.comment_hidden.send("flag", comment=comment, draft=draft, reason="flags")
    return new_flag


# --- the response table -----------------------------------------------------------------------


def validate_response(outcome: Any, rationale: Any) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if outcome not in {o.value for o in Outcome}:
        errors["outcome"] = _("Please choose how the comment was handled.")
    rationale = rationale if isinstance(rationale, str) else ""
    if _CONTROL.search(rationale):
        errors["rationale"] = _("The text contains characters that are not allowed.")
    clean = normalize_text(rationale).strip()
    if "rationale" not in errors:
        if not clean:
            errors["rationale"] = _("Please give the reason.")
        elif len(clean) > RATIONALE_MAX:
            errors["rationale"] = _(
                "The reason can have at most %(max)d characters.", max=RATIONALE_MAX
            )
    if errors:
        raise _invalid(errors)
    return outcome, clean


def record_response(
    user: User, draft: Draft, comment: Comment, outcome: Any, rationale: Any
) -> CommentResponse:
    """Record (or change) how a comment was handled; after publishing, its author is told."""
    _check(permissions.respond_denial(user, draft))
    if not comment.is_visible:
        raise IdeaError(
            _("Deleted or hidden comments are not part of the response table."),
            status=409,
            code="not_shown",
        )
    outcome, clean = validate_response(outcome, rationale)
    response = db.session.scalar(
        select(CommentResponse).where(CommentResponse.comment_id == comment.id)
    )
    if response is None:
        response = CommentResponse(comment_id=comment.id)
        db.session.add(response)
    elif response.outcome == outcome and response.rationale == clean:
        return response
    response.outcome = outcome
    response.rationale = clean
    response.responded_by_id = user.id
    response.responded_dt = clock.now()
    db.session.flush()
    log_action(
        user,
        "draft_response",
        "comment",
        comment.id,
        organisation_id=draft.process.organisation_id,
        outcome=outcome,
    )
    if draft.responses_published:
        signals.comment_response_published.send(
            "record_response", comment=comment, response=response
        )
    return response


def publish_responses(user: User, draft: Draft) -> int:
    """Publish the response table once every shown comment has a response; tell each author.

    Returns the number of responses published.
    """
    from . import queries

    _check(permissions.respond_denial(user, draft))
    if draft.responses_published:
        raise IdeaError(
            _("The response table has already been published."), status=409, code="published"
        )
    missing = queries.unanswered_count(draft)
    if missing:
        raise IdeaError(
            ngettext(
                "%(num)d comment still has no response. Every comment needs one before the "
                "table can be published.",
                "%(num)d comments still have no response. Every comment needs one before the "
                "table can be published.",
                missing,
            ),
            status=409,
            code="incomplete",
        )
    draft.response_table_published_dt = clock.now()
    db.session.flush()
    log_action(
        user,
        "draft_publish_responses",
        "draft",
        draft.id,
        organisation_id=draft.process.organisation_id,
    )
    rows = queries.responded_comments(draft)
    for comment, response in rows:
        signals.comment_response_published.send(
            "publish_responses", comment=comment, response=response
        )
    return len(rows)
