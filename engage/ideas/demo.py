"""Demo ideas, supports, comments and flags at any scale: a step of ``flask --app engage demo``.

Every process with an ideas phase that has begun gets ideas dated inside that phase, written
from the material in :mod:`engage.ideas.demo_texts`, in every status with a consistent history
(pending only under pre-moderation, official answers for decisions, hidden ideas by moderators
or by flags). Supports and comments are spread with a long tail over the ideas that were public;
supports never repeat a citizen per idea, never come from the idea's author and respect a
process's support limit; comments nest up to depth 2, a few are deleted, flagged or hidden.

Built for scale (100,000 ideas, 1,000,000 supports): rows are generated as tuples with
explicit ids for ideas and comments, counters are computed from the generated rows, bodies are
assembled from Markdown blocks rendered once each (the same sanitised HTML that
:func:`~engage.core.text.render_markdown` gives for the whole text), and rows go to the database
in big batches (``COPY`` on PostgreSQL, ``executemany`` on SQLite). The search index follows
(SQLite triggers, PostgreSQL expression index); the similar-idea index is rebuilt by its own
step afterwards (:mod:`engage.ideas.similarity_store`). Deterministic for one seed.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from markupsafe import escape
from sqlalchemy import func, select, text

from engage.accounts.models import OrganisationMembership, Role, User
from engage.core import clock
from engage.core.text import render_markdown
from engage.extensions import db
from engage.ideas import demo_texts as texts
from engage.ideas.models import (
    Comment,
    Flag,
    FlagReason,
    FlagStatus,
    FlagTarget,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    Origin,
    Support,
    Tag,
    idea_tags,
)
from engage.processes.models import Moderation, Process
from engage.processes.phases import COMMENT, SUBMIT_IDEA, SUPPORT
from engage.site import demo_data
from engage.site.demo import DemoBuilder, demo_step

_TAG_JUNK = re.compile(r"[^\w\- ]")
BATCH = 10_000  # rows per executemany on SQLite
SQLITE_LOAD_CACHE = -256_000  # KiB of SQLite page cache while loading (negative: KiB)
SUPPORTS_PER_CITIZEN = 50  # on average at most; more supports need more citizens
POOL_SHARE = 0.6  # share of the citizens who take part in one process (large demos)

S = IdeaStatus
# Status mix per stage of a process (weights); pending is decided by age under pre-moderation.
STATUS_MIX: dict[str, dict[IdeaStatus, float]] = {
    "collecting": {
        S.PUBLISHED: 88,
        S.UNDER_REVIEW: 4,
        S.WITHDRAWN: 2.5,
        S.HIDDEN: 2,
        S.REJECTED: 1.5,
        S.BUNDLED: 1,
        S.ACCEPTED: 1,
    },
    "supporting": {
        S.PUBLISHED: 72,
        S.UNDER_REVIEW: 10,
        S.BUNDLED: 4,
        S.ACCEPTED: 4,
        S.REJECTED: 4,
        S.WITHDRAWN: 3,
        S.HIDDEN: 2,
        S.IMPLEMENTED: 1,
    },
    "evaluating": {
        S.PUBLISHED: 40,
        S.UNDER_REVIEW: 14,
        S.ACCEPTED: 13,
        S.REJECTED: 14,
        S.IMPLEMENTED: 7,
        S.BUNDLED: 6,
        S.WITHDRAWN: 3,
        S.HIDDEN: 3,
    },
}
# The path from "published" to each status (hidden and withdrawn are handled on their own).
PATHS: dict[IdeaStatus, tuple[IdeaStatus, ...]] = {
    S.PUBLISHED: (),
    S.UNDER_REVIEW: (S.UNDER_REVIEW,),
    S.BUNDLED: (S.BUNDLED,),
    S.ACCEPTED: (S.UNDER_REVIEW, S.ACCEPTED),
    S.REJECTED: (S.UNDER_REVIEW, S.REJECTED),
    S.IMPLEMENTED: (S.UNDER_REVIEW, S.ACCEPTED, S.IMPLEMENTED),
}
# How strongly each status attracts supports and comments.
ATTENTION = {
    S.PUBLISHED: 1.0,
    S.UNDER_REVIEW: 1.8,
    S.BUNDLED: 2.2,
    S.ACCEPTED: 2.6,
    S.REJECTED: 1.1,
    S.IMPLEMENTED: 2.8,
    S.WITHDRAWN: 0.3,
    S.HIDDEN: 0.3,
}


def citizens_needed(supports: int, ideas: int) -> int:
    """Citizens a demo needs for ``supports`` supports on ``ideas`` ideas.

    Nobody supports an idea twice: at most 50 supports per citizen on average, and three times
    as many citizens as the average idea has supporters (the popular ideas have many more).
    """
    if not supports or not ideas:
        return 0
    return max(math.ceil(supports / SUPPORTS_PER_CITIZEN), math.ceil(3 * supports / ideas))


# --- generated rows ---------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Proc:
    process: Process
    topic: dict
    places: list[tuple]
    start: datetime
    end: datetime  # last moment an idea can be dated (≤ now)
    stage: str
    pre: bool
    support_end: datetime
    comment_end: datetime
    moderators: list[int]
    pool: list[int] = field(default_factory=list)
    limit: int | None = None


@dataclass(slots=True, eq=False)
class _Idea:
    proc: _Proc
    author: int | None
    title: str
    body_source: str
    body: str
    district: str | None
    lat: float | None
    lon: float | None
    tags: tuple[str, ...]
    origin: str
    origin_note: str | None
    created: datetime
    status: IdeaStatus = S.PUBLISHED
    id: int = 0
    published: datetime | None = None
    before_hidden: str | None = None
    updated: datetime | None = None
    history: list[tuple] = field(default_factory=list)  # (status, note, official, actor, dt)
    open_until: datetime | None = None  # supports and comments only before this
    weight: float = 0.0
    supports: int = 0
    comments: int = 0


def _allocate(total: int, weights: Sequence[float], caps: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` without exceeding ``caps`` (exact sum)."""
    n = len(weights)
    counts = [0] * n
    open_ = [i for i in range(n) if caps[i] > 0 and weights[i] > 0]
    remaining = min(total, sum(caps[i] for i in open_))
    while remaining > 0 and open_:
        weight_sum = sum(weights[i] for i in open_)
        shares = [(i, remaining * weights[i] / weight_sum) for i in open_]
        given = 0
        fractions = []
        for i, share in shares:
            whole = min(int(share), caps[i] - counts[i])
            counts[i] += whole
            given += whole
            fractions.append((share - int(share), i))
        left = remaining - given
        # Largest remainders first; deterministic tie-break by position.
        for _fraction, i in sorted(fractions, key=lambda f: (-f[0], f[1])):
            if left <= 0:
                break
            if counts[i] < caps[i]:
                counts[i] += 1
                left -= 1
        remaining = left
        open_ = [i for i in open_ if counts[i] < caps[i]]
    return counts


def _spread(rng, start: datetime, end: datetime, skew: float = 1.0) -> datetime:
    """A moment between ``start`` and ``end`` (early moments likelier for ``skew`` > 1)."""
    span = (end - start).total_seconds()
    if span <= 0:
        return start
    return start + timedelta(seconds=int(span * rng.random() ** skew))


class _Markdown:
    """Renders Markdown blocks once each; an idea's HTML is its blocks' HTML joined.

    A block is a template and its place: the template is rendered with a placeholder word,
    the place (plain words without Markdown or HTML syntax) is put into source and HTML
    afterwards. The tests check the result against ``render_markdown`` of the whole text.
    """

    TOKEN, CAPITAL = "Xqzplacezqx", "Xqzplacecapzqx"

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, blocks: list[str], place: str | None = None) -> tuple[str, str]:
        html = []
        for block in blocks:
            rendered = self.cache.get(block)
            if rendered is None:
                rendered = self.cache[block] = render_markdown(block)
            html.append(rendered)
        source, body = "\n\n".join(blocks), "\n".join(html)
        if place is not None and (self.TOKEN in source or self.CAPITAL in source):
            capital = place[0].upper() + place[1:]
            source = source.replace(self.CAPITAL, capital).replace(self.TOKEN, place)
            body = body.replace(self.CAPITAL, escape(capital)).replace(self.TOKEN, escape(place))
        return source, body


# --- the step ---------------------------------------------------------------------------------


class IdeasDemo:
    """Generates and inserts the ideas part of the demo for one :class:`DemoBuilder`."""

    def __init__(self, builder: DemoBuilder) -> None:
        self.b = builder
        self.now = clock.now()
        self.markdown = _Markdown()
        self.wish_lists: list[str] = []
        self.notes: list[str] = []
        self.ideas: list[_Idea] = []
        self.comment_rows: list[tuple] = []
        self.flag_rows: list[tuple] = []
        self.support_total = 0
        self.timings: list[tuple[str, float]] = []
        self.dialect = db.session.get_bind().dialect.name

    # --- set-up -------------------------------------------------------------------------------

    def _citizens(self) -> tuple[list[int], dict[str, int]]:
        """Demo citizens' ids (in a database-independent order) and the fixed accounts."""
        rows = db.session.execute(
            select(User.id, User.email)
            .where(User.role == Role.CITIZEN.value, User.email.like(f"%@{demo_data.DEMO_DOMAIN}"))
            .order_by(User.email)
        ).all()
        accounts = {f"{local}@{demo_data.DEMO_DOMAIN}": local for local in ("buerger", "buergerin")}
        fixed = {accounts[email]: uid for uid, email in rows if email in accounts}
        return [uid for uid, _email in rows], fixed

    def _moderators(self) -> tuple[dict[int, list[int]], list[int]]:
        by_org: dict[int, list[int]] = {}
        for uid, org_id in db.session.execute(
            select(User.id, OrganisationMembership.organisation_id)
            .join(OrganisationMembership, OrganisationMembership.user_id == User.id)
            .where(User.role == Role.MODERATOR.value)
            .order_by(User.email)
        ):
            by_org.setdefault(org_id, []).append(uid)
        everywhere = list(
            db.session.scalars(
                select(User.id)
                .where(User.role == Role.MODERATOR.value, User.all_organisations.is_(True))
                .order_by(User.email)
            )
        )
        return by_org, everywhere

    def _processes(self, citizens: list[int]) -> list[_Proc]:
        """Processes whose ideas phase has begun (not drafts), with their windows and stage."""
        by_org, everywhere = self._moderators()
        rng = self.b.rng("ideas:pools")
        procs = []
        for process in self.b.report.processes:
            if process.status == "draft":
                continue
            phases = [p for p in process.phases if p.kind_class.allows(SUBMIT_IDEA)]
            if not phases or phases[0].start_dt >= self.now - timedelta(hours=6):
                continue
            ideas_phase = phases[0]
            end = min(ideas_phase.end_dt, self.now - timedelta(minutes=30))
            current = process.current_phase(self.now)
            if current is not None and current.kind_class.allows(SUBMIT_IDEA):
                stage = "collecting"
            elif current is not None and current.kind_class.allows(SUPPORT):
                stage = "supporting"
            else:
                stage = "evaluating"

            def last_end(action: str, process=process) -> datetime:
                ends = [p.end_dt for p in process.phases if p.kind_class.allows(action)]
                return min(max(ends), self.now - timedelta(minutes=1))

            title_topic = texts.PROCESS_TOPICS.get(process.title)
            topic = texts.TOPICS[title_topic or texts.THEME_TOPICS[process.theme.slug]]
            districts = topic["districts"] or ()
            if process.district and title_topic is None:
                districts = (process.district,)
            places = [p for p in texts.PLACES if p[0] in districts]
            pool = citizens
            if len(citizens) > 200:
                pool = sorted(rng.sample(citizens, int(len(citizens) * POOL_SHARE)))
            procs.append(
                _Proc(
                    process=process,
                    topic=topic,
                    places=places,
                    start=ideas_phase.start_dt,
                    end=end,
                    stage=stage,
                    pre=process.moderation == Moderation.PRE,
                    support_end=last_end(SUPPORT),
                    comment_end=last_end(COMMENT),
                    moderators=by_org.get(process.organisation_id) or everywhere,
                    pool=pool,
                    limit=process.support_limit,
                )
            )
        return procs

    # --- ideas --------------------------------------------------------------------------------

    def _title(self, rng, pattern: str, place: tuple | None) -> str:
        phrase = place[2] if place else "in Bochum"
        short = place[1] if place else "Bochum"
        title = pattern.format(place=phrase, short=short).strip()
        roll = rng.random()
        if roll < 0.08:
            title = f"Vorschlag: {title}"
        elif roll < 0.14:
            title = f"Wunsch: {title}"
        elif roll < 0.18:
            title = f"{title}!"
        elif roll < 0.21:
            title = f"{title} – für alle Generationen"
        return title[:120].rstrip()

    def _body(self, rng, proc: _Proc, detail: str, place: tuple | None) -> tuple[str, str]:
        subject = proc.topic["subject"]
        blocks = []
        if place is not None and rng.random() < 0.9:
            problem = rng.choice(texts.PROBLEMS)
            blocks.append(problem.format(place=_Markdown.TOKEN, Place=_Markdown.CAPITAL))
        elif rng.random() < 0.8:
            blocks.append(rng.choice(texts.PROBLEMS_CITYWIDE))
        blocks.append(f"{rng.choice(texts.PROPOSAL_LEADS)} {detail}")
        if rng.random() < 0.45:
            blocks.append(rng.choice(self.wish_lists))
        if rng.random() < 0.8:
            blocks.append(rng.choice(texts.REASONS).format(subject=subject))
        if rng.random() < 0.35:
            blocks.append(rng.choice(texts.CLOSINGS))
        return self.markdown(blocks, place[2] if place is not None else None)

    def _make_ideas(self, procs: list[_Proc], citizens: list[int], fixed: dict[str, int]) -> None:
        rng = self.b.rng("ideas")
        self.wish_lists = []
        for _ in range(40):  # a bounded set of lists: each is rendered once
            wishes = rng.sample(texts.WISHES, rng.randint(2, 4))
            items = "\n".join(f"- {w[0].upper()}{w[1:]}" for w in wishes)
            self.wish_lists.append(f"{rng.choice(texts.WISH_LEADS)}\n\n{items}")
        hours = [max((p.end - p.start).total_seconds() / 3600, 1) for p in procs]
        # At least ten days' worth each; the participations collecting now are the busiest.
        weights = [
            max(h, 240) * (2 if p.stage == "collecting" else 1)
            for h, p in zip(hours, procs, strict=True)
        ]
        per_process = _allocate(self.b.ideas, weights, [self.b.ideas] * len(procs))
        fixed_ids = set(fixed.values())
        regulars = [c for c in citizens if c not in fixed_ids] or citizens
        fixed_authors = [fixed[k] for k in ("buerger", "buergerin") if k in fixed]
        ideas = []
        k = 0
        for proc, count in zip(procs, per_process, strict=True):
            proposals = proc.topic["proposals"]
            for _ in range(count):
                pattern, detail, tags = rng.choice(proposals)
                place = rng.choice(proc.places) if proc.places else None
                origin, note, author = Origin.WEB.value, None, None
                if proc.stage != "collecting" and rng.random() < 0.02:
                    origin = Origin.IMPORT.value
                    short = place[1] if place else "Rathaus"
                    note = f"Ideenwerkstatt {short}"
                elif fixed_authors and k % 40 in (0, 20):
                    author = fixed_authors[(k // 20) % len(fixed_authors)]
                else:
                    author = rng.choice(regulars) if regulars else None
                if author is None and origin == Origin.WEB.value:
                    origin, note = Origin.IMPORT.value, "Ideenwerkstatt Rathaus"
                k += 1
                title = self._title(rng, pattern, place)
                body_source, body = self._body(rng, proc, detail, place)
                extra = ()
                if place is not None and "{" in pattern and rng.random() < 0.3:
                    extra = (_TAG_JUNK.sub("", place[1].lower().replace(" ", "-"))[:30],)
                district = place[0] if place and rng.random() < 0.85 else None
                lat = lon = None
                if place is not None and rng.random() < 0.4:
                    lat = round(place[3] + rng.uniform(-0.004, 0.004), 6)
                    lon = round(place[4] + rng.uniform(-0.006, 0.006), 6)
                chosen_tags = tuple(t for t in tags if rng.random() < 0.7) + extra
                ideas.append(
                    _Idea(
                        proc=proc,
                        author=author,
                        title=title,
                        body_source=body_source,
                        body=body,
                        district=district,
                        lat=lat,
                        lon=lon,
                        tags=tuple(dict.fromkeys(chosen_tags))[:5],
                        origin=origin,
                        origin_note=note,
                        created=_spread(rng, proc.start, proc.end),
                    )
                )
        ideas.sort(key=lambda idea: idea.created)  # ids grow with time, as in real life
        self.ideas = ideas

    def _statuses(self) -> None:
        """Status, history and dates of every idea; every status appears when there are enough."""
        rng = self.b.rng("ideas:status")
        for idea in self.ideas:
            proc = idea.proc
            if (
                proc.pre
                and proc.stage == "collecting"
                and idea.origin == Origin.WEB.value
                and self.now - idea.created < timedelta(hours=40)
                and rng.random() < 0.7
            ):
                idea.status = S.PENDING
            else:
                mix = STATUS_MIX[proc.stage]
                idea.status = rng.choices(list(mix), weights=list(mix.values()))[0]
                if idea.status is S.WITHDRAWN and idea.author is None:
                    idea.status = S.PUBLISHED  # an imported idea has nobody to withdraw it
        self._ensure_every_status(rng)
        for idea in self.ideas:
            self._history(rng, idea)

    def _ensure_every_status(self, rng) -> None:
        if len(self.ideas) < 2 * len(S):
            return
        present = {idea.status for idea in self.ideas}
        published = [i for i in self.ideas if i.status is S.PUBLISHED]
        for status in S:
            if status in present or not published:
                continue
            if status is S.PENDING:
                candidates = [i for i in published if i.proc.pre and i.proc.stage == "collecting"]
                candidates = [i for i in candidates if i.origin == Origin.WEB.value]
            else:
                candidates = [i for i in published if status is not S.WITHDRAWN or i.author]
            if candidates:
                chosen = rng.choice(candidates)
                chosen.status = status
                published.remove(chosen)

    def _history(self, rng, idea: _Idea) -> None:
        proc = idea.proc
        org = proc.process.organisation.name
        moderator = rng.choice(proc.moderators) if proc.moderators else None
        created = idea.created
        history = idea.history
        if idea.status is S.PENDING:
            history.append((S.PENDING, None, False, idea.author, created))
            idea.updated = created
            return
        if proc.pre and idea.origin == Origin.WEB.value:
            history.append((S.PENDING, None, False, idea.author, created))
            published = min(
                created + timedelta(minutes=rng.randint(40, 20 * 60)),
                self.now - timedelta(minutes=5),
            )
            published = max(published, created + timedelta(seconds=1))
            history.append((S.PUBLISHED, None, False, moderator, published))
        else:
            published = created
            history.append((S.PUBLISHED, None, False, idea.author, published))
        idea.published = published
        at = published
        final = idea.status
        if final in (S.WITHDRAWN, S.HIDDEN):
            moment = _spread(rng, published, self.now - timedelta(minutes=2), 1.5)
            moment = max(moment, at + timedelta(seconds=1))
            if final is S.WITHDRAWN:
                history.append((S.WITHDRAWN, None, False, idea.author, moment))
            elif rng.random() < 0.5:
                idea.before_hidden = S.PUBLISHED.value
                history.append((S.HIDDEN, rng.choice(texts.HIDE_NOTES), False, moderator, moment))
            else:  # three open flags hid it; a moderator still has to decide
                idea.before_hidden = S.PUBLISHED.value
                history.append((S.HIDDEN, None, False, None, moment))
                self._flags(rng, FlagTarget.IDEA, idea, 3, published, moment, hidden_by_flags=True)
            idea.open_until = moment
            idea.updated = moment
            return
        steps = PATHS[final]
        if steps:
            # Decisions come after the ideas phase if it is over, else some days after publishing.
            start = max(published + timedelta(hours=12), min(proc.end, self.now))
            if start >= self.now:
                start = published + (self.now - published) / 3
            moments = sorted(_spread(rng, start, self.now - timedelta(minutes=3)) for _ in steps)
            for step, moment in zip(steps, moments, strict=True):
                moment = max(moment, at + timedelta(seconds=1))
                notes = texts.OFFICIAL_NOTES.get(step.value)
                official = step is not S.UNDER_REVIEW or rng.random() < 0.5
                note = rng.choice(notes).format(organisation=org) if official and notes else None
                history.append((step, note, bool(note), moderator, moment))
                at = moment
            if final in (S.ACCEPTED, S.REJECTED, S.IMPLEMENTED):
                idea.open_until = history[-1][4] if final is not S.IMPLEMENTED else history[-2][4]
        idea.updated = history[-1][4]

    # --- flags --------------------------------------------------------------------------------

    def _flags(
        self,
        rng,
        target_type: FlagTarget,
        target: Any,
        count: int,
        start: datetime,
        end: datetime,
        *,
        hidden_by_flags: bool = False,
        upheld_by: int | None = None,
    ) -> None:
        """``count`` flags by distinct citizens; kept until the target has its id."""
        pool, author = target_pool(target), target_author(target)
        reporters = rng.sample(pool, min(count + 1, len(pool)))
        if author in reporters:
            reporters.remove(author)
        reporters = reporters[:count]
        if len(reporters) < count:
            return
        moments = sorted(_spread(rng, start, end) for _ in range(count))
        if hidden_by_flags:
            moments[-1] = end  # the last flag reached the threshold
        for user, moment in zip(reporters, moments, strict=True):
            reason = rng.choice(list(FlagReason))
            note = texts.FLAG_TEXTS[reason.value] if reason is FlagReason.OTHER else None
            if note is None and rng.random() < 0.4:
                note = texts.FLAG_TEXTS[reason.value]
            decided = upheld_by is not None
            self.flag_rows.append(
                (
                    target_type.value,
                    target,
                    user,
                    reason.value,
                    note,
                    FlagStatus.UPHELD.value if decided else FlagStatus.OPEN.value,
                    moment,
                    end if decided else None,
                    upheld_by,
                )
            )

    def _some_open_flags(self) -> None:
        """A few public ideas reported once: the moderation queue has something to look at."""
        rng = self.b.rng("ideas:flags")
        public = [i for i in self.ideas if i.status is S.PUBLISHED]
        if not public:
            return
        n = min(len(public), max(2, len(public) // 300)) if len(public) >= 20 else 0
        for idea in rng.sample(public, n):
            self._flags(rng, FlagTarget.IDEA, idea, 1, idea.published, self.now)

    # --- supports -----------------------------------------------------------------------------

    def _support_rows(self) -> Iterable[tuple[int, int, datetime]]:
        """Distinct supporters per idea (never its author), the process limit respected."""
        rng = self.b.rng("supports")
        eligible = [i for i in self.ideas if i.status is not S.PENDING]
        for idea in eligible:
            idea.weight = rng.lognormvariate(0, 1.2) * ATTENTION[idea.status]
        procs = list(dict.fromkeys(i.proc for i in eligible))
        by_proc = {p.process.id: [i for i in eligible if i.proc is p] for p in procs}
        caps = []
        for proc in procs:
            per_idea = int(0.55 * max(len(proc.pool) - 1, 0)) * len(by_proc[proc.process.id])
            if proc.limit:
                per_idea = min(per_idea, (proc.limit - 1) * len(proc.pool))
            caps.append(per_idea)
        totals = _allocate(
            self.b.supports,
            [sum(i.weight for i in by_proc[p.process.id]) for p in procs],
            caps,
        )
        self.support_total = sum(totals)
        if self.support_total < self.b.supports:
            self.notes.append(
                f"Only {self.support_total:,} of {self.b.supports:,} supports fit: each citizen "
                "supports an idea at most once. Add citizens with --users."
            )
        for proc, total in zip(procs, totals, strict=True):
            ideas = by_proc[proc.process.id]
            pool = proc.pool
            # Even the most popular idea is not supported by everyone who takes part.
            caps = [int((len(pool) - 1) * (0.55 + 0.4 * rng.random())) for _ in ideas]
            counts = _allocate(total, [i.weight for i in ideas], caps)
            cycle = rng.sample(pool, len(pool)) if proc.limit else None
            position = 0
            for idea, count in zip(ideas, counts, strict=True):
                idea.supports = count
                if not count:
                    continue
                if cycle is not None:  # round robin: nobody exceeds the limit
                    users = []
                    while len(users) < count:
                        user = cycle[position % len(cycle)]
                        position += 1
                        if user != idea.author:
                            users.append(user)
                else:
                    users = rng.sample(pool, min(count + 1, len(pool)))
                    if idea.author in users:
                        users.remove(idea.author)
                    users = users[:count]
                start = idea.published
                end = min(proc.support_end, idea.open_until or proc.support_end)
                span = max((end - start).total_seconds(), 1.0)
                for user in users:
                    yield (
                        idea.id,
                        user,
                        start + timedelta(seconds=int(span * rng.random() ** 1.6)),
                    )

    # --- comments -----------------------------------------------------------------------------

    def _make_comments(self, first_id: int) -> None:
        rng = self.b.rng("comments")
        eligible = [i for i in self.ideas if i.status is not S.PENDING]
        if not eligible or not self.b.comments:
            return
        weights = [(i.weight or 1.0) ** 0.7 * rng.lognormvariate(0, 0.6) for i in eligible]
        counts = _allocate(self.b.comments, weights, [self.b.comments] * len(eligible))
        next_id = first_id
        rows = self.comment_rows
        for idea, count in zip(eligible, counts, strict=True):
            if not count:
                continue
            proc = idea.proc
            place = next((p for p in proc.places if p[0] == idea.district), None)
            phrase = place[2] if place else "bei uns"
            start = idea.published
            end = min(proc.comment_end, idea.open_until or proc.comment_end)
            if end <= start:
                end = start + timedelta(minutes=count)
                end = min(end, self.now - timedelta(seconds=1))
            moments = sorted(_spread(rng, start, end, 1.4) for _ in range(count))
            thread: list[list] = []  # [id, depth, created, last_reply, row index]
            replyable: list[list] = []  # the entries of thread with depth < 2
            visible = 0
            for moment in moments:
                if replyable and rng.random() < 0.45:
                    parent = rng.choice(replyable)
                    depth = parent[1] + 1
                    parent[3] = max(parent[3], moment)
                    author = idea.author if idea.author and rng.random() < 0.25 else None
                    body = rng.choice(texts.REPLIES)
                    if rng.random() < 0.3:
                        body += " " + rng.choice(texts.COMMENT_MIDDLES).format(place=phrase)
                    parent_id = parent[0]
                else:
                    depth, parent_id, author = 0, None, None
                    opener = rng.choice(texts.COMMENT_OPENERS)
                    middle = rng.choice(texts.COMMENT_MIDDLES).format(place=phrase)
                    closer = rng.choice(texts.COMMENT_CLOSERS)
                    body = " ".join(part for part in (opener, middle, closer) if part)
                if author is None:
                    author = rng.choice(proc.pool) if proc.pool else idea.author
                thread.append([next_id, depth, moment, moment, len(rows)])
                if depth < 2:
                    replyable.append(thread[-1])
                rows.append([next_id, idea.id, parent_id, depth, author, body, moment, None, None])
                next_id += 1
            # A few comments are deleted by their authors, reported or hidden afterwards.
            for entry in thread:
                comment_id, _depth, created, last_reply, index = entry
                roll = rng.random()
                after = min(last_reply + timedelta(minutes=rng.randint(5, 600)), self.now)
                if roll < 0.015:
                    rows[index][5] = ""
                    rows[index][7] = after
                elif roll < 0.025:
                    row = rows[index]
                    row[5] = rng.choice(texts.RUDE_COMMENTS)
                    kind = rng.random()
                    target = _CommentRef(comment_id, row[4], proc.pool)
                    if kind < 0.4:  # hidden by three flags, waiting for a moderator
                        row[8] = after
                        self._flags(
                            rng, FlagTarget.COMMENT, target, 3, created, after, hidden_by_flags=True
                        )
                    elif kind < 0.7:  # reported, still visible
                        self._flags(
                            rng, FlagTarget.COMMENT, target, rng.randint(1, 2), created, after
                        )
                    else:  # hidden by a moderator who upheld the report
                        row[8] = after
                        moderator = rng.choice(proc.moderators) if proc.moderators else None
                        self._flags(
                            rng, FlagTarget.COMMENT, target, 1, created, after, upheld_by=moderator
                        )
                if rows[index][7] is None and rows[index][8] is None:
                    visible += 1
            idea.comments = visible

    # --- database -----------------------------------------------------------------------------

    def _next_id(self, model) -> int:
        return (db.session.scalar(select(func.max(model.id))) or 0) + 1

    def _insert(self, table, columns: Sequence[str], rows: Iterable[Sequence], bar=None) -> int:
        """Bulk insert tuples: ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""
        connection = db.session.connection()
        n = 0
        if self.dialect == "postgresql":
            cursor = connection.connection.driver_connection.cursor()
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
                    if bar is not None and n % BATCH == 0:
                        bar.update(BATCH)
            cursor.close()
            if bar is not None:
                bar.update(n % BATCH)
            return n
        # SQLite: the driver's executemany on tuples; values pass SQLAlchemy's bind processors
        # of their columns, so timestamps are stored exactly as the ORM stores them.
        dialect = connection.dialect
        processors = [
            (position, processor)
            for position, name in enumerate(columns)
            if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            is not None
        ]
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608
        cursor = connection.connection.driver_connection.cursor()
        iterator = iter(rows)
        while chunk := list(islice(iterator, BATCH)):
            if processors:
                chunk = [list(row) for row in chunk]
                for row in chunk:
                    for position, processor in processors:
                        row[position] = processor(row[position])
            cursor.executemany(sql, chunk)
            n += len(chunk)
            if bar is not None:
                bar.update(len(chunk))
        cursor.close()
        return n

    def _fix_sequences(self, *tables: str) -> None:
        """Explicit ids were inserted: move PostgreSQL's sequences past them."""
        if self.dialect != "postgresql":
            return
        for name in tables:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                )
            )

    def _tag_ids(self) -> dict[str, int]:
        names = sorted({t for idea in self.ideas for t in idea.tags})
        have = dict(db.session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(names))).all())
        missing = [n for n in names if n not in have]
        if missing:
            db.session.execute(Tag.__table__.insert(), [{"name": n} for n in missing])
            have.update(
                db.session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(missing))).all()
            )
        return have

    # --- run ----------------------------------------------------------------------------------

    def _timed(self, label: str, started: float) -> float:
        now = time.perf_counter()
        self.timings.append((label, now - started))
        return now

    def run(self) -> None:
        """Generate everything, insert it, record a summary in the builder's report."""
        if self.dialect != "sqlite":
            self._run()
            return
        # A big page cache for this load: the indexes of a million supports stay in memory.
        previous = db.session.execute(text("PRAGMA cache_size")).scalar()
        db.session.execute(text(f"PRAGMA cache_size = {SQLITE_LOAD_CACHE}"))
        try:
            self._run()
        finally:
            db.session.execute(text(f"PRAGMA cache_size = {int(previous)}"))

    def _run(self) -> None:
        b = self.b
        t = time.perf_counter()
        citizens, fixed = self._citizens()
        procs = self._processes(citizens)
        if not procs or not b.ideas:
            if b.ideas or b.supports or b.comments:
                self.notes.append("No ideas were made: no participation collects ideas yet.")
            return
        with b.progress(b.ideas, "Ideas") as bar:
            self._make_ideas(procs, citizens, fixed)
            self._statuses()
            first = self._next_id(Idea)
            for offset, idea in enumerate(self.ideas):
                idea.id = first + offset
            self._some_open_flags()
            t = self._timed("ideas generated", t)
            # Supports and comments are generated before the ideas are written, for the counters.
            supports = list(self._support_rows())
            self._make_comments(self._next_id(Comment))
            t = self._timed("supports and comments generated", t)
            self._insert(
                Idea.__table__,
                (
                    "id",
                    "process_id",
                    "author_id",
                    "title",
                    "body_source",
                    "body",
                    "district",
                    "lat",
                    "lon",
                    "status",
                    "status_before_hidden",
                    "supports_count",
                    "comments_count",
                    "origin",
                    "origin_note",
                    "created_dt",
                    "updated_dt",
                    "published_dt",
                ),
                (
                    (
                        i.id,
                        i.proc.process.id,
                        i.author,
                        i.title,
                        i.body_source,
                        i.body,
                        i.district,
                        i.lat,
                        i.lon,
                        i.status.value,
                        i.before_hidden,
                        i.supports,
                        i.comments,
                        i.origin,
                        i.origin_note,
                        i.created,
                        i.updated or i.created,
                        i.published,
                    )
                    for i in self.ideas
                ),
                bar,
            )
        tag_ids = self._tag_ids()
        self._insert(
            idea_tags,
            ("idea_id", "tag_id"),
            ((i.id, tag_ids[name]) for i in self.ideas for name in i.tags),
        )
        self._insert(
            IdeaStatusChange.__table__,
            ("idea_id", "status", "note", "is_official_answer", "actor_id", "created_dt"),
            (
                (i.id, status.value, note, official, actor, at)
                for i in self.ideas
                for status, note, official, actor, at in i.history
            ),
        )
        t = self._timed("ideas written", t)
        with b.progress(len(supports), "Supports") as bar:
            self._insert(Support.__table__, ("idea_id", "user_id", "created_dt"), supports, bar)
        t = self._timed("supports written", t)
        with b.progress(len(self.comment_rows), "Comments") as bar:
            self._insert(
                Comment.__table__,
                (
                    "id",
                    "idea_id",
                    "parent_id",
                    "depth",
                    "author_id",
                    "body",
                    "created_dt",
                    "deleted_dt",
                    "hidden_dt",
                ),
                self.comment_rows,
                bar,
            )
        self._insert(
            Flag.__table__,
            (
                "target_type",
                "target_id",
                "user_id",
                "reason",
                "text",
                "status",
                "created_dt",
                "decided_dt",
                "decided_by_id",
            ),
            ((row[0], row[1].id, *row[2:]) for row in self.flag_rows),
        )
        self._fix_sequences("ideas", "comments")
        self._timed("comments and flags written", t)
        self._summary(len(supports))

    def _summary(self, supports: int) -> None:
        by_status: dict[str, int] = {}
        for idea in self.ideas:
            by_status[idea.status.value] = by_status.get(idea.status.value, 0) + 1
        mix = ", ".join(f"{name} {count:,}" for name, count in sorted(by_status.items()))
        self.notes.insert(
            0,
            f"Ideas: {len(self.ideas):,} ({mix}); supports: {supports:,}; "
            f"comments: {len(self.comment_rows):,}; flags: {len(self.flag_rows):,}.",
        )
        self.notes.append(
            "Ideas timings: " + ", ".join(f"{label} {secs:.1f} s" for label, secs in self.timings)
        )


@dataclass(slots=True, eq=False)
class _CommentRef:
    """A comment as a flag target before it is written."""

    id: int
    author: int | None
    pool: list[int]


def target_pool(target: _Idea | _CommentRef) -> list[int]:
    return target.proc.pool if isinstance(target, _Idea) else target.pool


def target_author(target: _Idea | _CommentRef) -> int | None:
    return target.author


@demo_step(100, "ideas")
def build_demo_ideas(builder: DemoBuilder) -> None:
    """Ideas, supports, comments and flags as many as the builder's options ask for."""
    step = IdeasDemo(builder)
    step.run()
    builder.report.notes.extend(step.notes)
