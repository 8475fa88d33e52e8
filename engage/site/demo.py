"""Realistic German demo data, deterministic for one seed: ``flask --app engage demo``.

:class:`DemoBuilder` runs its steps in order inside the caller's transaction (it flushes, the
command commits once). Every random choice comes from one ``random.Random(seed)``; every date
is an offset from the base day (today, midnight in Bochum), so that the phases stand before,
during and after their windows relative to the day the demo is loaded.

Later areas add their steps (ideas, supports, comments, survey answers, drafts, bundles,
projects) as methods named in :attr:`DemoBuilder.steps` or with :func:`demo_step`; the options
``ideas``, ``supports`` and ``comments`` are accepted now and used once those areas exist.
"""

from __future__ import annotations

import contextlib
import functools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from time import perf_counter
from zoneinfo import ZoneInfo

from sqlalchemy import exists, insert, select
from werkzeug.security import generate_password_hash

from engage.accounts.models import OrganisationMembership, Role, User
from engage.core import clock
from engage.core.districts import DISTRICTS
from engage.core.text import render_markdown, slugify
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes.models import Phase, Process
from engage.site import demo_data
from engage.site.seed import seed_reference_data
from engage.themes.models import Theme

BERLIN = ZoneInfo("Europe/Berlin")
AGE_BRACKETS = ("18_29", "30_44", "45_59", "60_74", "75_plus")
CHUNK = 1000  # rows per bulk insert

# A progress reporter: ``with progress(length, label) as bar: bar.update(n)``.
Progress = Callable[[int, str], contextlib.AbstractContextManager]


@contextlib.contextmanager
def _no_progress(length: int, label: str) -> Iterator:
    class _Bar:
        def update(self, n: int) -> None:
            pass

    yield _Bar()


# Steps that other areas register: functions taking the builder, run after the built-in steps
# in the order of their ``order`` key.
_extra_steps: list[tuple[int, str, Callable[[DemoBuilder], None]]] = []


def demo_step(order: int, name: str | None = None) -> Callable:
    """Decorator: add ``fn(builder)`` as a demo step (e.g. in ``engage/ideas/demo.py``)."""

    def decorator(fn: Callable[[DemoBuilder], None]) -> Callable[[DemoBuilder], None]:
        _extra_steps.append((order, name or fn.__name__, fn))
        _extra_steps.sort(key=lambda item: item[0])
        return fn

    return decorator


class DemoError(RuntimeError):
    """The demo cannot be loaded into this database."""


@dataclass
class DemoReport:
    """What a run created, for the command's summary and for tests."""

    base: datetime
    processes: list[Process] = field(default_factory=list)
    accounts: list[User] = field(default_factory=list)
    citizens: int = 0
    reference: dict[str, int] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the steps' summaries, for the command
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step


def base_day(at: datetime | None = None) -> datetime:
    """Today at midnight in Bochum (as aware UTC): the zero of every demo date."""
    local = (at or clock.now()).astimezone(BERLIN)
    return datetime.combine(local.date(), time(0), tzinfo=BERLIN).astimezone(UTC)


def demo_data_present() -> bool:
    """Whether demo accounts exist already (a second run would collide with them)."""
    return bool(
        db.session.scalar(select(exists().where(User.email.like(f"%@{demo_data.DEMO_DOMAIN}"))))
    )


def any_process_exists() -> bool:
    return bool(db.session.scalar(select(exists().where(Process.id.isnot(None)))))


class DemoBuilder:
    """Builds the demo step by step; see the module docstring."""

    steps: tuple[str, ...] = ("reference_data", "accounts", "citizens", "processes")

    def __init__(
        self,
        *,
        seed: int = 2026,
        users: int = 50,
        ideas: int = 0,
        supports: int = 0,
        comments: int = 0,
        responses: int | None = None,
        progress: Progress | None = None,
        at: datetime | None = None,
    ) -> None:
        self.seed = seed
        self.users = max(0, users)
        self.ideas = max(0, ideas)  # used by the ideas step (engage.ideas.demo)
        self.supports = max(0, supports)
        self.comments = max(0, comments)
        # Survey responses in all (engage.surveys.demo); None: the surveys' own few hundred.
        self.responses = None if responses is None else max(0, responses)
        self.progress = progress or _no_progress
        self.base = base_day(at)
        self.report = DemoReport(base=self.base)
        self.password_hash = ""
        self.themes: dict[str, Theme] = {}
        self.organisations: dict[str, Organisation] = {}

    # --- helpers ------------------------------------------------------------------------------

    def rng(self, step: str) -> random.Random:
        """A random stream per step: one step's choices do not shift another's."""
        return random.Random(f"{self.seed}:{step}")  # noqa: S311 - demo data, not secrets

    def day(self, offset: int) -> datetime:
        """Midnight in Bochum ``offset`` days from the base day, as aware UTC (DST-proof)."""
        local = self.base.astimezone(BERLIN).date() + timedelta(days=offset)
        return datetime.combine(local, time(0), tzinfo=BERLIN).astimezone(UTC)

    def email(self, local_part: str) -> str:
        return f"{local_part}@{demo_data.DEMO_DOMAIN}"

    def jitter(self, bounds: list[int], rng: random.Random) -> list[int]:
        """Move phase boundaries by up to two days without crossing today or each other."""
        moved = []
        for offset in bounds:
            shift = rng.randint(-2, 2)
            moved.append(offset + shift if abs(offset) >= 5 else offset)
        if any(b <= a for a, b in pairwise(moved)):
            return list(bounds)
        return moved

    # --- run ----------------------------------------------------------------------------------

    def run(self) -> DemoReport:
        """Run every step; raises :class:`DemoError` if demo accounts exist already."""
        if demo_data_present():
            raise DemoError(
                "Demo data is already loaded (demo accounts exist). Use a fresh database."
            )
        steps = [(name, getattr(self, name)) for name in self.steps]
        steps += [(name, functools.partial(fn, self)) for _order, name, fn in list(_extra_steps)]
        for name, step in steps:
            started = perf_counter()
            step()
            self.report.steps.append(name)
            self.report.timings[name] = perf_counter() - started
        db.session.flush()
        return self.report

    # --- steps --------------------------------------------------------------------------------

    def reference_data(self) -> None:
        """Themes, organisations and legal pages (only what is missing)."""
        self.report.reference = seed_reference_data()
        self.themes = {t.slug: t for t in db.session.scalars(select(Theme))}
        self.organisations = {o.slug: o for o in db.session.scalars(select(Organisation))}

    def accounts(self) -> None:
        """One account per role (a moderator per organisation), all with the demo password."""
        self.password_hash = generate_password_hash(demo_data.DEMO_PASSWORD)
        created = self.base - timedelta(days=400)
        for local_part, name, role, org_slugs, all_orgs in demo_data.FIXED_ACCOUNTS:
            user = User(
                email=self.email(local_part),
                display_name=name,
                password_hash=self.password_hash,
                role=Role(role).value,
                all_organisations=all_orgs,
                email_confirmed_dt=created,
                created_dt=created,
                updated_dt=created,
                locale="de",
            )
            # Staff get no second factor here: they set up TOTP on their first sign-in.
            db.session.add(user)
            for slug in org_slugs:
                organisation = self.organisations.get(slug)
                if organisation is not None:
                    user.memberships.append(OrganisationMembership(organisation=organisation))
            self.report.accounts.append(user)
        db.session.flush()

    def citizens(self) -> None:
        """``users`` extra citizens with German names, some with a consented profile."""
        if not self.users:
            return
        rng = self.rng("citizens")
        used_emails: set[str] = set()
        rows: list[dict] = []
        with self.progress(self.users, "Citizens") as bar:
            for n in range(1, self.users + 1):
                first = rng.choice(demo_data.FIRST_NAMES)
                last = rng.choice(demo_data.LAST_NAMES)
                style = rng.random()
                if style < 0.5:
                    display = f"{first} {last[0]}."
                elif style < 0.85:
                    display = f"{first} {last}"
                else:
                    display = f"{first}{rng.randint(1, 99)}"
                local_part = f"{slugify(first)}.{slugify(last)}.{n}"
                email = self.email(local_part)
                if email in used_emails:  # pragma: no cover - n keeps them unique
                    continue
                used_emails.add(email)
                created = self.base - timedelta(minutes=rng.randint(60, 365 * 24 * 60))
                consented = rng.random() < 0.4
                rows.append(
                    {
                        "email": email,
                        "display_name": display,
                        "password_hash": self.password_hash,
                        "role": Role.CITIZEN.value,
                        "all_organisations": False,
                        "email_confirmed_dt": created + timedelta(minutes=7),
                        "created_dt": created,
                        "updated_dt": created,
                        "last_login_dt": min(
                            created + timedelta(days=rng.randint(0, 30)), self.base
                        ),
                        "locale": "de" if rng.random() < 0.9 else "en",
                        "district": rng.choice(DISTRICTS) if consented else None,
                        "age_bracket": rng.choice(AGE_BRACKETS) if consented else None,
                        "profile_consent_dt": created if consented else None,
                        "session_version": 1,
                    }
                )
                if len(rows) >= CHUNK:
                    db.session.execute(insert(User), rows)
                    bar.update(len(rows))
                    rows = []
            if rows:
                db.session.execute(insert(User), rows)
                bar.update(len(rows))
        self.report.citizens = self.users

    def processes(self) -> None:
        """About a dozen processes across all themes, before, during and after their phases."""
        rng = self.rng("processes")
        for spec in demo_data.PROCESSES:
            bounds = self.jitter(spec["bounds"], rng)
            first_start = self.day(bounds[0])
            created = min(first_start - timedelta(days=21), self.base - timedelta(days=1))
            process = Process(
                title=spec["title"],
                slug=slugify(spec["title"]),
                summary=spec["summary"],
                description=render_markdown(spec["description"], rich=True),
                theme=self.themes[spec["theme"]],
                organisation=self.organisations[spec["organisation"]],
                district=spec["district"],
                moderation=spec["moderation"],
                status=spec.get("status", "published"),
                support_limit=spec.get("support_limit"),
                created_dt=created,
                updated_dt=created,
            )
            position = 0
            for index, kind in enumerate(spec["kinds"]):
                if kind is None:  # a gap between two phases
                    continue
                process.phases.append(
                    Phase(
                        kind=kind,
                        title=spec["titles"][index] or "",
                        description=demo_data.PHASE_NOTES.get((spec["title"], index), ""),
                        start_dt=self.day(bounds[index]),
                        end_dt=self.day(bounds[index + 1]),
                        position=position,
                    )
                )
                position += 1
            db.session.add(process)
            self.report.processes.append(process)
        db.session.flush()


# The areas' demo steps register themselves with @demo_step when their module is imported.
from engage.bundles import demo as _bundles_demo  # noqa: E402, F401
from engage.drafts import demo as _drafts_demo  # noqa: E402, F401
from engage.ideas import demo as _ideas_demo  # noqa: E402, F401
from engage.surveys import demo as _surveys_demo  # noqa: E402, F401
