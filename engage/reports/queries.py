"""The engagement report's figures, each computed by SQL aggregates (never a loop over rows).

One :class:`ReportFilter` (theme, process, organisation, a date range in Europe/Berlin and the
viewer's organisations) applies to every figure.  What counts as what (see ``DEFINITIONS``):

- **Activities** are counted when they happened inside the date range (their ``created_dt``),
  on content of a process that matches the filter (theme, process, owning organisation):

  - *ideas*: ideas submitted, in every status (pending, hidden, withdrawn and merged included:
    someone took part);
  - *supports*: supports given, on ideas in any status;
  - *comments*: comments written on ideas, including those later deleted or hidden;
  - *survey responses*: responses started, anonymous ones included;
  - *draft comments*: comments written on draft paragraphs, including deleted or hidden ones.

- **Participants**: distinct accounts that did at least one of those activities (anonymous
  survey responses have no account and are not participants).
- **Funnel** (ideas submitted in the range): *submitted* all of them; *published* ever made
  public (``published_dt`` set, even if hidden or withdrawn later); *bundled* in a submitted or
  decided bundle, or in status "bundled"; *decided* in a decided bundle or in status accepted,
  rejected or implemented; *implemented* in status implemented.
- **Top ideas**: public ideas (published … implemented, not merged) submitted in the range, by
  their current number of supports.
- **Districts**: participants by the district of their profile (only with profile consent;
  the rest are "unknown"), against each district's share of the population; the
  representativeness is a district's share of the participants with a known district divided
  by its population share (1.0: as many as its population suggests).
- **Moderation**: *flags* raised in the range on ideas and comments (idea and draft) in scope,
  by status; *hidden items*: ideas submitted in the range now hidden plus comments written in
  the range now hidden (deleted comments are not counted as hidden); *median time to a first
  moderator action*: over ideas and comments submitted in the range that a person (not the
  system) acted on, the time from submission to the first entry in the moderation log;
  *overdue official answers*: assignments not answered whose due date has passed (today, in
  Bochum; the date range does not apply: it is the state now), by the organisation that must
  answer (the organisation filter and a moderator's scope select that organisation; theme and
  process select the idea's process).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from engage.accounts.models import User
from engage.bundles.models import Bundle, BundleItem, BundleStatus
from engage.core import clock
from engage.core.districts import DISTRICTS
from engage.core.models import UTCDateTime
from engage.drafts.models import Draft, DraftParagraph, DraftVersion
from engage.extensions import db
from engage.ideas.models import PUBLIC_STATUSES, Comment, Flag, Idea, IdeaStatus
from engage.moderation.models import Assignment, ModerationLogEntry
from engage.organisations.models import Organisation
from engage.processes.models import Process
from engage.reports.models import DistrictPopulation
from engage.surveys.models import Response, Survey
from engage.themes.models import Theme

ZONE = ZoneInfo("Europe/Berlin")
TOP_IDEAS = 10
KINDS = ("ideas", "supports", "comments", "survey_responses", "draft_comments")
KIND_CODES = {kind: code for code, kind in enumerate(KINDS, start=1)}
FLAG_STATUSES = ("open", "upheld", "dismissed")
MONDAY_1970 = date(1970, 1, 5)  # the first Monday of the epoch


# --- the filter --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers; dates are calendar days in Europe/Berlin, both inclusive.

    ``organisation_ids`` is the viewer's scope (a moderator's organisations); None: all.
    """

    theme_id: int | None = None
    process_id: int | None = None
    organisation_id: int | None = None
    start: date | None = None
    end: date | None = None
    organisation_ids: frozenset[int] | None = None

    @property
    def start_utc(self) -> datetime | None:
        if self.start is None:
            return None
        return datetime.combine(self.start, time(), ZONE).astimezone(UTC)

    @property
    def end_utc(self) -> datetime | None:
        """Exclusive: midnight after the last day."""
        if self.end is None:
            return None
        return datetime.combine(self.end + timedelta(days=1), time(), ZONE).astimezone(UTC)

    @property
    def has_scope(self) -> bool:
        return (
            self.theme_id is not None
            or self.process_id is not None
            or self.organisation_id is not None
            or self.organisation_ids is not None
        )

    def process_ids(self):
        """A subquery of the ids of the processes in scope (use only when ``has_scope``)."""
        query = select(Process.id)
        if self.theme_id is not None:
            query = query.where(Process.theme_id == self.theme_id)
        if self.process_id is not None:
            query = query.where(Process.id == self.process_id)
        if self.organisation_id is not None:
            query = query.where(Process.organisation_id == self.organisation_id)
        if self.organisation_ids is not None:
            query = query.where(Process.organisation_id.in_(sorted(self.organisation_ids)))
        return query

    def in_range(self, column) -> list[ColumnElement]:
        conditions = []
        if self.start_utc is not None:
            conditions.append(column >= self.start_utc)
        if self.end_utc is not None:
            conditions.append(column < self.end_utc)
        return conditions

    def in_scope(self, process_column) -> list[ColumnElement]:
        return [process_column.in_(self.process_ids())] if self.has_scope else []

    def as_params(self) -> dict[str, Any]:
        """The filter as it is written in URLs (ids and ISO dates)."""
        return {
            key: value
            for key, value in {
                "theme": self.theme_id,
                "process": self.process_id,
                "organisation": self.organisation_id,
                "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None,
            }.items()
            if value is not None
        }


# --- SQL building blocks ---------------------------------------------------------------------


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def epoch_seconds(column) -> ColumnElement:
    """Whole seconds since 1970 (UTC) of a timestamp column, on SQLite and PostgreSQL."""
    if _dialect() == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return cast(func.floor(func.extract("epoch", column)), BigInteger)


def week_boundary(index: int) -> datetime:
    """Monday 00:00 in Bochum of week ``index``, in UTC."""
    return datetime.combine(week_start(index), time(), ZONE).astimezone(UTC)


def week_of(column, first: int, last: int) -> ColumnElement:
    """The week index of a timestamp known to lie in weeks ``first`` … ``last``: a binary search
    over the weeks' starts written as nested CASEs (a few comparisons per row, exact across
    summer time, no date functions)."""
    if first >= last:
        return literal(first, Integer)
    middle = (first + last + 1) // 2
    return case(
        (column < literal(week_boundary(middle), UTCDateTime), week_of(column, first, middle - 1)),
        else_=week_of(column, middle, last),
    )


def week_start(index: int) -> date:
    return MONDAY_1970 + timedelta(weeks=int(index))


def _draft_process():
    """Comment → paragraph → version → draft: the join to a draft comment's process."""
    return (
        select(Draft.process_id)
        .join(DraftVersion, DraftVersion.draft_id == Draft.id)
        .join(DraftParagraph, DraftParagraph.version_id == DraftVersion.id)
        .where(DraftParagraph.id == Comment.paragraph_id)
        .scalar_subquery()
    )


def _idea_ids_in_scope(f: ReportFilter):
    return select(Idea.id).where(Idea.process_id.in_(f.process_ids()))


def _paragraph_ids_in_scope(f: ReportFilter):
    return (
        select(DraftParagraph.id)
        .join(DraftVersion, DraftParagraph.version_id == DraftVersion.id)
        .join(Draft, DraftVersion.draft_id == Draft.id)
        .where(Draft.process_id.in_(f.process_ids()))
    )


def _comment_scope(f: ReportFilter, *, draft: bool | None) -> list[ColumnElement]:
    """Comments in scope: idea comments (draft=False), draft comments (True) or both (None)."""
    kinds = []
    if draft in (False, None):
        kinds.append(
            and_(
                Comment.idea_id.is_not(None),
                *([Comment.idea_id.in_(_idea_ids_in_scope(f))] if f.has_scope else []),
            )
        )
    if draft in (True, None):
        kinds.append(
            and_(
                Comment.paragraph_id.is_not(None),
                *([Comment.paragraph_id.in_(_paragraph_ids_in_scope(f))] if f.has_scope else []),
            )
        )
    return [or_(*kinds)] if len(kinds) > 1 else kinds


def _parts(f: ReportFilter) -> list[tuple[str, Any, Any, list[ColumnElement]]]:
    """Each counted activity: (kind, account column, time column, conditions of scope and range)."""
    from engage.ideas.models import Support

    supports = list(f.in_range(Support.created_dt))
    responses = list(f.in_range(Response.created_dt))
    if f.has_scope:
        supports.append(Support.idea_id.in_(_idea_ids_in_scope(f)))
        responses.append(
            Response.survey_id.in_(select(Survey.id).where(Survey.process_id.in_(f.process_ids())))
        )
    return [
        (
            "ideas",
            Idea.author_id,
            Idea.created_dt,
            [*f.in_scope(Idea.process_id), *f.in_range(Idea.created_dt)],
        ),
        ("supports", Support.user_id, Support.created_dt, supports),
        (
            "comments",
            Comment.author_id,
            Comment.created_dt,
            [*_comment_scope(f, draft=False), *f.in_range(Comment.created_dt)],
        ),
        ("survey_responses", Response.user_id, Response.created_dt, responses),
        (
            "draft_comments",
            Comment.author_id,
            Comment.created_dt,
            [*_comment_scope(f, draft=True), *f.in_range(Comment.created_dt)],
        ),
    ]


def activity(f: ReportFilter):
    """Every counted activity in scope and range: (kind code, account id, when)."""
    return union_all(
        *(
            select(
                literal(KIND_CODES[kind], Integer).label("kind"),
                user.label("user_id"),
                created.label("created_dt"),
            ).where(*where)
            for kind, user, created, where in _parts(f)
        )
    ).subquery("activity")


def participant_ids(f: ReportFilter):
    """The distinct accounts that did anything in scope and range (one column, ``user_id``)."""
    return union(
        *(
            select(user.label("user_id")).where(*where, user.is_not(None)).group_by(user)
            for _kind, user, _created, where in _parts(f)
        )
    ).subquery("participants")


def hour_bucket(column) -> ColumnElement:
    """The UTC hour of a timestamp (every hour lies in one week in Bochum): cheap to group by."""
    # Constants written into the SQL: bound parameters would make the SELECT and the GROUP BY
    # expressions differ for PostgreSQL.
    if _dialect() == "sqlite":
        return func.substr(column, literal_column("1"), literal_column("13"))
    return func.date_trunc(literal_column("'hour'"), column)


def _hour_week(value: Any) -> int:
    """The week index (weeks since Monday 5 January 1970, in Bochum) of an hour bucket."""
    if isinstance(value, str):
        moment = datetime.strptime(value, "%Y-%m-%d %H").replace(tzinfo=UTC)
    else:
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    return (moment.astimezone(ZONE).date() - MONDAY_1970).days // 7


# --- the figures -------------------------------------------------------------------------------


@dataclass
class Week:
    start: date  # the Monday
    ideas: int = 0
    supports: int = 0
    comments: int = 0
    survey_responses: int = 0
    draft_comments: int = 0
    participants: int = 0

    def extra(self) -> tuple[int, int]:
        return self.survey_responses, self.draft_comments


def weekly(f: ReportFilter) -> list[Week]:
    """Activities and participants per week (Monday to Sunday in Bochum); empty weeks between
    the first and last active week (or the filter's dates) are included with zeros."""
    # Counts per kind and UTC hour in SQL (the hours then fall into their weeks), and distinct
    # participants per week in SQL.
    hourly = union_all(
        *(
            select(
                literal(KIND_CODES[kind], Integer).label("kind"),
                hour_bucket(created).label("hour"),
                func.count().label("n"),
            )
            .where(*where)
            .group_by(hour_bucket(created))
            for kind, _user, created, where in _parts(f)
        )
    ).subquery("hourly")
    hours = db.session.execute(select(hourly.c.kind, hourly.c.hour, hourly.c.n)).all()
    counts: dict[tuple[int, int], int] = {}
    for kind, hour, n in hours:
        key = (int(kind), _hour_week(hour))
        counts[key] = counts.get(key, 0) + int(n)
    people = []
    if counts:
        a = activity(f)
        weeks = [w for _, w in counts]
        week = week_of(a.c.created_dt, min(weeks), max(weeks)).label("week")
        people = db.session.execute(
            select(week, func.count(a.c.user_id.distinct()))
            .where(a.c.user_id.is_not(None))
            .group_by(week)
        ).all()
    by_week: dict[int, Week] = {}
    names = {code: kind for kind, code in KIND_CODES.items()}
    indices = [w for _, w in counts] + [int(w) for w, _ in people]
    if f.start is not None:
        indices.append((f.start - MONDAY_1970).days // 7)
    if f.end is not None:
        indices.append((f.end - MONDAY_1970).days // 7)
    if not indices:
        return []
    for index in range(min(indices), max(indices) + 1):
        by_week[index] = Week(start=week_start(index))
    for (kind, index), count in counts.items():
        setattr(by_week[index], names[kind], count)
    for index, count in people:
        by_week[int(index)].participants = int(count)
    return [by_week[i] for i in sorted(by_week)]


@dataclass
class DistrictRow:
    district: str | None  # None: unknown (no district in the profile, or no consent)
    participants: int
    participant_share: float | None  # of the participants with a known district
    population: int | None
    population_share: float | None
    representativeness: float | None  # participant share / population share


def districts(f: ReportFilter) -> tuple[int, list[DistrictRow]]:
    """Participants (total) and participants per district against the population shares."""
    people = participant_ids(f)
    district = case((User.profile_consent_dt.is_not(None), User.district), else_=None)
    rows = db.session.execute(
        select(district.label("district"), func.count())
        .select_from(people)
        .join(User, User.id == people.c.user_id)
        .group_by(district)
    ).all()
    population = {
        district: int(number)
        for district, number in db.session.execute(
            select(DistrictPopulation.district, DistrictPopulation.population)
        )
    }
    counts = {d: int(n) for d, n in rows}
    total = sum(counts.values())
    known = sum(n for d, n in counts.items() if d is not None)
    people = sum(population.values())
    result = []
    for key in DISTRICTS:
        n = counts.get(key, 0)
        share = n / known if known else None
        pop = population.get(key)
        pop_share = pop / people if pop is not None and people else None
        result.append(
            DistrictRow(
                district=key,
                participants=n,
                participant_share=share,
                population=pop,
                population_share=pop_share,
                representativeness=(
                    round(share / pop_share, 2) if share is not None and pop_share else None
                ),
            )
        )
    result.append(DistrictRow(None, counts.get(None, 0), None, None, None, None))
    return total, result


def funnel(f: ReportFilter) -> dict[str, int]:
    """Ideas submitted in the range and how far they came (see the module's definitions)."""
    in_bundle = (
        select(BundleItem.id)
        .join(Bundle, Bundle.id == BundleItem.bundle_id)
        .where(BundleItem.idea_id == Idea.id, Bundle.status != BundleStatus.DRAFT.value)
    )
    in_decided = in_bundle.where(Bundle.status == BundleStatus.DECIDED.value)
    decided_statuses = [IdeaStatus.ACCEPTED.value, IdeaStatus.REJECTED.value]
    implemented = Idea.status == IdeaStatus.IMPLEMENTED.value

    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(
        select(
            func.count(),
            total(Idea.published_dt.is_not(None)),
            total(or_(Idea.status == IdeaStatus.BUNDLED.value, exists(in_bundle))),
            total(or_(Idea.status.in_(decided_statuses), implemented, exists(in_decided))),
            total(implemented),
        ).where(*f.in_scope(Idea.process_id), *f.in_range(Idea.created_dt))
    ).one()
    return dict(
        zip(
            ("submitted", "published", "bundled", "decided", "implemented"),
            (int(v) for v in row),
            strict=True,
        )
    )


@dataclass
class TopIdea:
    id: int
    title: str
    status: str
    supports: int
    comments: int
    process_id: int
    process_title: str


def top_ideas(f: ReportFilter, limit: int = TOP_IDEAS) -> list[TopIdea]:
    rows = db.session.execute(
        select(
            Idea.id,
            Idea.title,
            Idea.status,
            Idea.supports_count,
            Idea.comments_count,
            Process.id,
            Process.title,
        )
        .join(Process, Process.id == Idea.process_id)
        .where(
            Idea.status.in_([s.value for s in PUBLIC_STATUSES]),
            Idea.merged_into_id.is_(None),
            *f.in_scope(Idea.process_id),
            *f.in_range(Idea.created_dt),
        )
        .order_by(Idea.supports_count.desc(), Idea.id)
        .limit(limit)
    ).all()
    return [TopIdea(*row) for row in rows]


@dataclass
class OverdueRow:
    organisation_id: int
    organisation: str
    overdue: int


@dataclass
class ModerationFigures:
    flags: dict[str, int] = field(default_factory=dict)  # total and per status
    hidden_ideas: int = 0
    hidden_comments: int = 0
    first_action_items: int = 0  # items the median is taken over
    median_first_action_seconds: float | None = None
    overdue: list[OverdueRow] = field(default_factory=list)

    @property
    def hidden_items(self) -> int:
        return self.hidden_ideas + self.hidden_comments

    @property
    def overdue_total(self) -> int:
        return sum(row.overdue for row in self.overdue)


def _flag_scope(f: ReportFilter) -> list[ColumnElement]:
    if not f.has_scope:
        return []
    comment_ids = select(Comment.id).where(*_comment_scope(f, draft=None))
    return [
        or_(
            and_(Flag.target_type == "idea", Flag.target_id.in_(_idea_ids_in_scope(f))),
            and_(Flag.target_type == "comment", Flag.target_id.in_(comment_ids)),
        )
    ]


def moderation(f: ReportFilter, today: date | None = None) -> ModerationFigures:
    figures = ModerationFigures()
    flag_rows = db.session.execute(
        select(Flag.status, func.count())
        .where(*_flag_scope(f), *f.in_range(Flag.created_dt))
        .group_by(Flag.status)
    ).all()
    flags = dict.fromkeys(FLAG_STATUSES, 0)
    flags.update({status: int(n) for status, n in flag_rows})
    figures.flags = {"total": sum(flags.values()), **flags}

    hidden_ideas = (
        select(func.count())
        .select_from(Idea)
        .where(
            Idea.status == IdeaStatus.HIDDEN.value,
            *f.in_scope(Idea.process_id),
            *f.in_range(Idea.created_dt),
        )
        .scalar_subquery()
    )
    hidden_comments = (
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.hidden_dt.is_not(None),
            *_comment_scope(f, draft=None),
            *f.in_range(Comment.created_dt),
        )
        .scalar_subquery()
    )
    figures.hidden_ideas, figures.hidden_comments = (
        int(v) for v in db.session.execute(select(hidden_ideas, hidden_comments)).one()
    )

    figures.first_action_items, figures.median_first_action_seconds = _median_first_action(f)
    figures.overdue = overdue_answers(f, today)
    return figures


def _median_first_action(f: ReportFilter) -> tuple[int, float | None]:
    first = (
        select(
            ModerationLogEntry.target_type.label("target_type"),
            ModerationLogEntry.target_id.label("target_id"),
            func.min(ModerationLogEntry.created_dt).label("first_dt"),
        )
        .where(
            ModerationLogEntry.actor_id.is_not(None),
            ModerationLogEntry.target_type.in_(("idea", "comment")),
        )
        .group_by(ModerationLogEntry.target_type, ModerationLogEntry.target_id)
        .subquery("first_action")
    )
    ideas = (
        select((epoch_seconds(first.c.first_dt) - epoch_seconds(Idea.created_dt)).label("s"))
        .select_from(first)
        .join(Idea, and_(first.c.target_type == "idea", first.c.target_id == Idea.id))
        .where(*f.in_scope(Idea.process_id), *f.in_range(Idea.created_dt))
    )
    comments = (
        select((epoch_seconds(first.c.first_dt) - epoch_seconds(Comment.created_dt)).label("s"))
        .select_from(first)
        .join(Comment, and_(first.c.target_type == "comment", first.c.target_id == Comment.id))
        .where(*_comment_scope(f, draft=None), *f.in_range(Comment.created_dt))
    )
    durations = union_all(ideas, comments).subquery("durations")
    n = int(db.session.scalar(select(func.count()).select_from(durations)) or 0)
    if n == 0:
        return 0, None
    middle = db.session.scalars(
        select(durations.c.s).order_by(durations.c.s).offset((n - 1) // 2).limit(1 if n % 2 else 2)
    ).all()
    return n, sum(float(v) for v in middle) / len(middle)


def overdue_answers(f: ReportFilter, today: date | None = None) -> list[OverdueRow]:
    today = today or clock.now().astimezone(ZONE).date()
    query = (
        select(Organisation.id, Organisation.name, func.count(Assignment.id))
        .select_from(Assignment)
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .where(Assignment.answered_dt.is_(None), Assignment.due_date < today)
        .group_by(Organisation.id, Organisation.name, Organisation.position)
        .order_by(func.count(Assignment.id).desc(), Organisation.position)
    )
    if f.organisation_id is not None:
        query = query.where(Assignment.organisation_id == f.organisation_id)
    if f.organisation_ids is not None:
        query = query.where(Assignment.organisation_id.in_(sorted(f.organisation_ids) or [-1]))
    if f.theme_id is not None or f.process_id is not None:
        processes = ReportFilter(theme_id=f.theme_id, process_id=f.process_id).process_ids()
        query = query.where(
            Assignment.idea_id.in_(select(Idea.id).where(Idea.process_id.in_(processes)))
        )
    return [OverdueRow(*row) for row in db.session.execute(query).all()]


# --- the whole report ------------------------------------------------------------------------


@dataclass
class EngagementReport:
    filter: ReportFilter
    generated: datetime
    totals: dict[str, int]
    weekly: list[Week]
    funnel: dict[str, int]
    districts: list[DistrictRow]
    top_ideas: list[TopIdea]
    moderation: ModerationFigures

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON export and API); dates as ISO strings."""
        m = self.moderation
        return {
            "filter": self.filter.as_params(),
            "generated_at": self.generated.isoformat(),
            "totals": dict(self.totals),
            "weekly": [
                {"week_start": w.start.isoformat(), **_without(asdict(w), "start")}
                for w in self.weekly
            ],
            "funnel": dict(self.funnel),
            "districts": [asdict(d) for d in self.districts],
            "top_ideas": [asdict(t) for t in self.top_ideas],
            "moderation": {
                "flags": dict(m.flags),
                "hidden_items": m.hidden_items,
                "hidden_ideas": m.hidden_ideas,
                "hidden_comments": m.hidden_comments,
                "first_action_items": m.first_action_items,
                "median_first_action_seconds": m.median_first_action_seconds,
                "overdue_total": m.overdue_total,
                "overdue": [asdict(o) for o in m.overdue],
            },
        }


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


def engagement_report(f: ReportFilter, *, today: date | None = None) -> EngagementReport:
    """Every figure of the report; a fixed number of queries whatever the amount of data."""
    weeks = weekly(f)
    participants, district_rows = districts(f)
    totals = {"participants": participants}
    for kind in KINDS:
        totals[kind] = sum(getattr(w, kind) for w in weeks)
    return EngagementReport(
        filter=f,
        generated=clock.now(),
        totals=totals,
        weekly=weeks,
        funnel=funnel(f),
        districts=district_rows,
        top_ideas=top_ideas(f),
        moderation=moderation(f, today),
    )


# --- choices for the filter form -------------------------------------------------------------


def filter_choices(organisation_ids: frozenset[int] | None) -> dict[str, list]:
    """Themes, processes and organisations to choose from (processes and organisations limited
    to the viewer's organisations)."""
    themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
    processes = select(Process).order_by(Process.title)
    organisations = select(Organisation).order_by(Organisation.position, Organisation.name)
    if organisation_ids is not None:
        ids = sorted(organisation_ids) or [-1]
        processes = processes.where(Process.organisation_id.in_(ids))
        organisations = organisations.where(Organisation.id.in_(ids))
    return {
        "themes": themes,
        "processes": db.session.scalars(processes).all(),
        "organisations": db.session.scalars(organisations).all(),
    }


__all__ = [
    "DistrictRow",
    "EngagementReport",
    "ModerationFigures",
    "ReportFilter",
    "TopIdea",
    "Week",
    "engagement_report",
]
