"""Write-side use cases of ideas: submit, edit, withdraw, support, comment, flag.

Every operation validates, changes, flushes and sends a signal — it never commits (the view,
API endpoint or CLI command commits once). Refusals raise :class:`IdeaError` with the field at
fault and a localised message, so web forms and the API show them at the field.

Counters (``supports_count``, ``comments_count``) are kept in the same transaction with atomic
``UPDATE … SET n = n ± 1`` statements, and a support is inserted with ``ON CONFLICT DO NOTHING``:
only a row that was really inserted or deleted moves the counter, so the count is exact under
any concurrency.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from engage.accounts.models import User
from engage.core import clock
from engage.core.districts import DISTRICTS
from engage.core.text import normalize_line, normalize_text, render_markdown
from engage.extensions import db
from engage.ideas import permissions, signals
from engage.ideas.models import (
    BOCHUM_BOUNDS,
    BODY_MAX,
    COMMENT_MAX,
    COMMENT_MAX_DEPTH,
    FLAG_TEXT_MAX,
    ORIGIN_NOTE_MAX,
    PUBLIC_STATUSES,
    TAG_MAX,
    TAG_MIN,
    TAGS_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Comment,
    Flag,
    FlagReason,
    FlagStatus,
    FlagTarget,
    Idea,
    IdeaRevision,
    IdeaStatus,
    IdeaStatusChange,
    Origin,
    Support,
    Tag,
)
from engage.processes.models import Moderation, Process
from engage.processes.permissions import Denial

DEFAULT_FLAG_HIDE_THRESHOLD = 3


class IdeaError(Exception):
    """A refused operation: localised messages per field and the HTTP status the API uses.

    ``errors`` maps field names (``title``, ``body``, ``district``, ``tags``, ``lat``, ``lon``,
    ``parent_id``, ``reason``, ``text``) to a message; refusals that concern no single field
    (phase closed, not allowed) have no errors, only ``message``.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        errors: dict[str, str] | None = None,
        status: int = 422,
        code: str = "invalid_input",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})
        if field is not None:
            self.errors.setdefault(field, message)
        self.status = status
        self.code = code

    @property
    def field(self) -> str | None:
        return next(iter(self.errors), None)

    @classmethod
    def from_denial(cls, denial: Denial) -> IdeaError:
        return cls(str(denial), status=denial.status, code=denial.reason)


def _check(denial: Denial | None) -> None:
    if denial is not None:
        raise IdeaError.from_denial(denial)


def _invalid(errors: dict[str, str]) -> IdeaError:
    return IdeaError(_("Please correct the marked fields."), errors=errors)


# --- validation shared by the web form, the API and the import --------------------------------

# Control characters (NUL and friends) are refused, not silently dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG_CHARS = re.compile(r"^[\w][\w\- ]*$", re.UNICODE)


@dataclass
class IdeaInput:
    """Validated, normalised idea fields."""

    title: str
    body_source: str
    district: str | None = None
    tags: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None


def split_tags(raw: str | Iterable[str] | None) -> list[str]:
    """Tag names from text separated by commas or semicolons, or from a list; normalised."""
    if raw is None:
        return []
    parts = re.split(r"[;,]", raw) if isinstance(raw, str) else [str(p) for p in raw]
    names: list[str] = []
    for part in parts:
        name = normalize_line(part).lstrip("#").strip().lower()
        if name and name not in names:
            names.append(name)
    return names


def _coordinate(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("not a number")
    number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def validate_idea_input(
    title: Any,
    body: Any,
    district: Any = None,
    tags: Any = (),
    lat: Any = None,
    lon: Any = None,
) -> IdeaInput:
    """Check and normalise an idea's fields; raise :class:`IdeaError` naming every bad field."""
    errors: dict[str, str] = {}
    title = title if isinstance(title, str) else ""
    body = body if isinstance(body, str) else ""
    if _CONTROL.search(title):
        errors["title"] = _("The title contains characters that are not allowed.")
    if _CONTROL.search(body):
        errors["body"] = _("The description contains characters that are not allowed.")
    clean_title = normalize_line(title)
    clean_body = normalize_text(body).strip()
    if "title" not in errors:
        if len(clean_title) < TITLE_MIN:
            errors["title"] = _("The title needs at least %(min)d characters.", min=TITLE_MIN)
        elif len(clean_title) > TITLE_MAX:
            errors["title"] = _("The title can have at most %(max)d characters.", max=TITLE_MAX)
    if "body" not in errors:
        if not clean_body:
            errors["body"] = _("Please describe your idea.")
        elif len(clean_body) > BODY_MAX:
            errors["body"] = _(
                "The description can have at most %(max)d characters; it has %(count)d.",
                max=BODY_MAX,
                count=len(clean_body),
            )

    clean_district = None
    if district is not None and not isinstance(district, str):
        errors["district"] = _("Please choose one of Bochum's districts.")
    elif district and district.strip():
        clean_district = district.strip().lower()
        if clean_district not in DISTRICTS:
            errors["district"] = _("Please choose one of Bochum's districts.")

    try:
        names = split_tags(tags or None)
    except TypeError:
        names = []
        errors["tags"] = _("Please give the keywords as text, separated by commas.")
    if any(_CONTROL.search(n) for n in names):
        errors["tags"] = _("The keywords contain characters that are not allowed.")
    elif len(names) > TAGS_MAX:
        errors["tags"] = ngettext(
            "You can give at most %(num)d keyword.",
            "You can give at most %(num)d keywords.",
            TAGS_MAX,
        )
    else:
        for name in names:
            if not TAG_MIN <= len(name) <= TAG_MAX:
                errors["tags"] = _(
                    "Each keyword needs %(min)d to %(max)d characters: “%(tag)s” does not fit.",
                    min=TAG_MIN,
                    max=TAG_MAX,
                    tag=name[:40],
                )
                break
            if not _TAG_CHARS.match(name):
                errors["tags"] = _(
                    "Keywords can contain letters, digits, spaces and hyphens: “%(tag)s” does "
                    "not fit.",
                    tag=name[:40],
                )
                break

    clean_lat = clean_lon = None
    try:
        clean_lat = _coordinate(lat)
    except (TypeError, ValueError):
        errors["lat"] = _("Please give the latitude as a decimal number, e.g. 51.4818.")
    try:
        clean_lon = _coordinate(lon)
    except (TypeError, ValueError):
        errors["lon"] = _("Please give the longitude as a decimal number, e.g. 7.2162.")
    if "lat" not in errors and "lon" not in errors:
        if (clean_lat is None) != (clean_lon is None):
            missing = "lat" if clean_lat is None else "lon"
            errors[missing] = _("Please give both latitude and longitude, or neither.")
        elif clean_lat is not None:
            (lat_min, lat_max), (lon_min, lon_max) = BOCHUM_BOUNDS["lat"], BOCHUM_BOUNDS["lon"]
            if not lat_min <= clean_lat <= lat_max:
                errors["lat"] = _(
                    "The place must be in Bochum: the latitude lies between %(min)s and %(max)s.",
                    min=lat_min,
                    max=lat_max,
                )
            if not lon_min <= clean_lon <= lon_max:
                errors["lon"] = _(
                    "The place must be in Bochum: the longitude lies between %(min)s and %(max)s.",
                    min=lon_min,
                    max=lon_max,
                )
    if errors:
        raise _invalid(errors)
    return IdeaInput(clean_title, clean_body, clean_district, names, clean_lat, clean_lon)


def validate_comment_body(body: Any) -> str:
    """A comment's plain text: required, at most :data:`COMMENT_MAX` characters, no controls."""
    body = body if isinstance(body, str) else ""
    if _CONTROL.search(body):
        raise _invalid({"body": _("The comment contains characters that are not allowed.")})
    text = normalize_text(body).strip()
    if not text:
        raise _invalid({"body": _("Please write a comment.")})
    if len(text) > COMMENT_MAX:
        raise _invalid(
            {
                "body": _(
                    "A comment can have at most %(max)d characters; it has %(count)d.",
                    max=COMMENT_MAX,
                    count=len(text),
                )
            }
        )
    return text


# --- helpers ----------------------------------------------------------------------------------


def _dialect_insert(model):
    """``INSERT`` of the session's dialect, which offers ``on_conflict_do_nothing()``."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def tags_for(names: list[str]) -> list[Tag]:
    """The tags with these names, created if missing (safe when two people add one at once)."""
    if not names:
        return []
    db.session.execute(
        _dialect_insert(Tag).values([{"name": n} for n in names]).on_conflict_do_nothing()
    )
    found = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(names)))}
    return [found[n] for n in names]


def _bump(idea: Idea, column: str, delta: int) -> None:
    """Atomically add ``delta`` to a counter of ``idea`` and load the new value into it."""
    col = getattr(Idea, column)
    value = db.session.execute(
        update(Idea)
        .where(Idea.id == idea.id)
        .values({col: col + delta, Idea.updated_dt: Idea.updated_dt})
        .returning(col),
        execution_options={"synchronize_session": False},
    ).scalar_one()
    set_committed_value(idea, column, value)


def _apply(idea: Idea, data: IdeaInput) -> None:
    idea.title = data.title
    idea.body_source = data.body_source
    idea.body = render_markdown(data.body_source)
    idea.district = data.district
    idea.lat, idea.lon = data.lat, data.lon
    idea.tags = sorted(tags_for(data.tags), key=lambda t: t.name)


# --- ideas ------------------------------------------------------------------------------------


def _create_idea(
    process: Process,
    author: User | None,
    data: IdeaInput,
    *,
    status: IdeaStatus,
    origin: Origin,
    origin_note: str | None = None,
) -> Idea:
    now = clock.now()
    idea = Idea(
        process=process,
        author=author,
        status=IdeaStatus.PENDING,
        origin=origin,
        origin_note=(normalize_line(origin_note)[:ORIGIN_NOTE_MAX] or None)
        if origin_note
        else None,
        created_dt=now,
        updated_dt=now,
    )
    _apply(idea, data)
    db.session.add(idea)
    if status is IdeaStatus.PUBLISHED:
        idea.change_status(IdeaStatus.PUBLISHED, actor=author, at=now)
    else:  # the history starts with "awaiting moderation"
        idea.history.append(
            IdeaStatusChange(
                status=IdeaStatus.PENDING.value,
                actor_id=author.id if author is not None else None,
                created_dt=now,
            )
        )
    db.session.flush()
    signals.idea_submitted.send("submit_idea", idea=idea)
    return idea


def submit_idea(
    user: User,
    process: Process,
    title: str,
    body: str,
    district: str | None = None,
    tags: Iterable[str] | str = (),
    lat: float | None = None,
    lon: float | None = None,
    origin: str = Origin.WEB,
) -> Idea:
    """A citizen submits an idea: pending under pre-moderation, else published at once."""
    _check(permissions.submit_denial(user, process))
    data = validate_idea_input(title, body, district, tags, lat, lon)
    status = IdeaStatus.PENDING if process.moderation == Moderation.PRE else IdeaStatus.PUBLISHED
    return _create_idea(process, user, data, status=status, origin=Origin(origin))


def import_idea(process: Process, data: IdeaInput, *, note: str) -> Idea:
    """An idea collected offline (workshop, paper), already validated; published at once."""
    return _create_idea(
        process, None, data, status=IdeaStatus.PUBLISHED, origin=Origin.IMPORT, origin_note=note
    )


def edit_idea(
    user: User,
    idea: Idea,
    title: str,
    body: str,
    district: str | None = None,
    tags: Iterable[str] | str = (),
    lat: float | None = None,
    lon: float | None = None,
) -> Idea:
    """Its author (while ideas may be submitted) or a moderator changes an idea's text.

    The text before the edit is kept as an :class:`IdeaRevision` for the moderators.
    """
    _check(permissions.edit_denial(user, idea))
    data = validate_idea_input(title, body, district, tags, lat, lon)
    old_tags = [t.name for t in idea.tags]
    if (
        data.title == idea.title
        and data.body_source == idea.body_source
        and data.district == idea.district
        and sorted(data.tags) == sorted(old_tags)
        and (data.lat, data.lon) == (idea.lat, idea.lon)
    ):
        return idea  # nothing changed: no revision, no "edited" mark
    now = clock.now()
    db.session.add(
        IdeaRevision(
            idea_id=idea.id,
            title=idea.title,
            body_source=idea.body_source,
            district=idea.district,
            tags=", ".join(old_tags)[:200],
            lat=idea.lat,
            lon=idea.lon,
            editor_id=user.id,
            created_dt=now,
        )
    )
    _apply(idea, data)
    idea.edited_dt = now
    db.session.flush()
    signals.idea_edited.send("edit_idea", idea=idea, editor=user)
    return idea


def withdraw_idea(user: User, idea: Idea) -> Idea:
    """Its author takes the idea back; it leaves all lists (supports and comments are kept)."""
    _check(permissions.withdraw_denial(user, idea))
    change = idea.change_status(IdeaStatus.WITHDRAWN, actor=user)
    db.session.flush()
    signals.idea_status_changed.send("withdraw_idea", idea=idea, change=change)
    return idea


# --- supports ---------------------------------------------------------------------------------


def _has_supported(user: User, idea: Idea) -> bool:
    return (
        db.session.scalar(
            select(Support.id).where(Support.idea_id == idea.id, Support.user_id == user.id)
        )
        is not None
    )


def supports_used(user: User, process: Process) -> int:
    """Supports ``user`` gave in ``process`` that count against its limit.

    Supports of ideas that were withdrawn, hidden or merged are given back.
    """
    return (
        db.session.scalar(
            select(func.count(Support.id))
            .join(Idea, Idea.id == Support.idea_id)
            .where(
                Support.user_id == user.id,
                Idea.process_id == process.id,
                Idea.status.in_(PUBLIC_STATUSES),
                Idea.merged_into_id.is_(None),
            )
        )
        or 0
    )


def support_idea(user: User, idea: Idea) -> bool:
    """Support an idea; ``True`` if a support was added, ``False`` if it was there already."""
    _check(permissions.support_denial(user, idea))
    process = idea.process
    if process.support_limit:
        if db.session.get_bind().dialect.name == "postgresql":
            # One person's parallel requests queue up here, so the limit holds exactly.
            db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
        if _has_supported(user, idea):
            return False
        used = supports_used(user, process)
        if used >= process.support_limit:
            raise IdeaError(
                ngettext(
                    "You have given your %(num)d support in this participation. Withdraw it "
                    "to support another idea.",
                    "You have given all %(num)d supports in this participation. Withdraw one "
                    "to support another idea.",
                    process.support_limit,
                ),
                status=409,
                code="support_limit",
            )
    inserted = db.session.execute(
        _dialect_insert(Support)
        .values(idea_id=idea.id, user_id=user.id, created_dt=clock.now())
        .on_conflict_do_nothing()
        .returning(Support.id)
    ).scalar()
    if inserted is None:
        return False
    _bump(idea, "supports_count", +1)
    return True


def withdraw_support(user: User, idea: Idea) -> bool:
    """Take a support back; ``True`` if one was removed, ``False`` if there was none."""
    _check(permissions.support_denial(user, idea))
    deleted = db.session.execute(
        delete(Support)
        .where(Support.idea_id == idea.id, Support.user_id == user.id)
        .returning(Support.id),
        execution_options={"synchronize_session": False},
    ).scalar()
    if deleted is None:
        return False
    _bump(idea, "supports_count", -1)
    return True


# --- comments ---------------------------------------------------------------------------------


def reply_depth(parent: Comment | None, *, same_thread: bool) -> int:
    """The depth of a new comment under ``parent`` (ideas and drafts alike): the parent must
    belong to the same idea or paragraph, be visible, and leave room for a third level."""
    if parent is None:
        return 0
    if not same_thread:
        raise _invalid({"parent_id": _("The comment you reply to does not exist.")})
    if not parent.is_visible:
        raise IdeaError(
            _("You cannot reply to a deleted or hidden comment."),
            field="parent_id",
            status=409,
            code="parent_gone",
        )
    if parent.depth >= COMMENT_MAX_DEPTH:
        raise _invalid(
            {
                "parent_id": _(
                    "Replies can be nested at most three levels deep. Please reply to "
                    "the comment above."
                )
            }
        )
    return parent.depth + 1


def add_comment(user: User, idea: Idea, body: str, parent: Comment | None = None) -> Comment:
    """A comment on an idea, or a reply to one of its comments (nested up to three levels)."""
    _check(permissions.comment_denial(user, idea))
    depth = reply_depth(parent, same_thread=parent is not None and parent.idea_id == idea.id)
    text = validate_comment_body(body)
    comment = Comment(
        idea_id=idea.id,
        parent_id=parent.id if parent is not None else None,
        depth=depth,
        author_id=user.id,
        body=text,
        created_dt=clock.now(),
    )
    db.session.add(comment)
    db.session.flush()
    _bump(idea, "comments_count", +1)
    signals.comment_added.send("add_comment", comment=comment, idea=idea)
    return comment


def edit_comment(user: User, comment: Comment, body: str) -> Comment:
    """Its author changes a comment within 15 minutes of writing it; afterwards it is locked."""
    idea = comment.idea
    _check(permissions.comment_edit_denial(user, comment, idea))
    text = validate_comment_body(body)
    if text != comment.body:
        comment.body = text
        comment.edited_dt = clock.now()
        db.session.flush()
    return comment


def delete_comment(user: User, comment: Comment) -> Comment:
    """Delete a comment: its text is removed, a placeholder keeps the thread readable."""
    idea = comment.idea
    _check(permissions.comment_delete_denial(user, comment, idea))
    if comment.is_deleted:
        return comment
    was_counted = comment.is_visible
    comment.deleted_dt = clock.now()
    comment.body = ""  # the author wanted it gone: the text is not kept
    db.session.flush()
    if was_counted:
        _bump(idea, "comments_count", -1)
    return comment


# --- flags ------------------------------------------------------------------------------------


def flag_threshold() -> int:
    return int(current_app.config.get("FLAG_HIDE_THRESHOLD", DEFAULT_FLAG_HIDE_THRESHOLD))


def flag(user: User, target: Idea | Comment, reason: str, text: str | None = None) -> Flag:
    """Report an idea or comment; enough open reports hide it until a moderator decides."""
    idea = target if isinstance(target, Idea) else target.idea
    _check(permissions.flag_denial(user, target, idea))
    clean = validate_flag_input(reason, text)
    target_type = FlagTarget.IDEA if isinstance(target, Idea) else FlagTarget.COMMENT
    new_flag, open_flags = record_flag(user, target_type, target.id, reason, clean)
    if open_flags >= flag_threshold():
        _hide_after_flags(target, idea)
    return new_flag


def validate_flag_input(reason: Any, text: Any) -> str:
    """A report's reason and explanation (required for "other"); the cleaned explanation."""
    errors: dict[str, str] = {}
    if reason not in {r.value for r in FlagReason}:
        errors["reason"] = _("Please choose a reason.")
    text = text if isinstance(text, str) else ""
    if _CONTROL.search(text):
        errors["text"] = _("The explanation contains characters that are not allowed.")
    clean = normalize_text(text).strip()
    if "text" not in errors:
        if reason == FlagReason.OTHER and not clean:
            errors["text"] = _("Please explain what is wrong.")
        elif len(clean) > FLAG_TEXT_MAX:
            errors["text"] = _(
                "The explanation can have at most %(max)d characters.", max=FLAG_TEXT_MAX
            )
    if errors:
        raise _invalid(errors)
    return clean


def record_flag(
    user: User, target_type: FlagTarget, target_id: int, reason: str, clean: str
) -> tuple[Flag, int]:
    """Insert an open flag (once per person and item) and count the item's open flags.

    Shared with the drafts area, whose paragraph comments are flagged like idea comments.
    """
    flag_id = db.session.execute(
        _dialect_insert(Flag)
        .values(
            target_type=str(target_type),
            target_id=target_id,
            user_id=user.id,
            reason=reason,
            text=clean or None,
            status=FlagStatus.OPEN.value,
            created_dt=clock.now(),
        )
        .on_conflict_do_nothing()
        .returning(Flag.id)
    ).scalar()
    if flag_id is None:
        raise IdeaError(
            _("You have already reported this. A moderator will look at it."),
            status=409,
            code="already_flagged",
        )
    open_flags = db.session.scalar(
        select(func.count(Flag.id)).where(
            Flag.target_type == str(target_type),
            Flag.target_id == target_id,
            Flag.status == FlagStatus.OPEN,
        )
    )
    return db.session.get(Flag, flag_id), open_flags


def _hide_after_flags(target: Idea | Comment, idea: Idea) -> None:
    """Hide an item that reached the flag threshold; the history records it (actor: nobody)."""
    if isinstance(target, Idea):
        if target.status == IdeaStatus.HIDDEN or not target.can_change_to(IdeaStatus.HIDDEN):
            return
        change = target.change_status(IdeaStatus.HIDDEN, actor=None)
        db.session.flush()
        signals.idea_status_changed.send("flag", idea=target, change=change)
    else:
        if not target.is_visible:
            return
        target.hidden_dt = clock.now()
        db.session.flush()
        _bump(idea, "comments_count", -1)
    signals.content_hidden.send("flag", target=target, idea=idea, reason="flags")
