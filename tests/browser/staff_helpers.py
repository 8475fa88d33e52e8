"""Helpers for the staff journeys (moderator, Innovation Unit, admin) in the browser.

Staff accounts are created directly in the live server's database with a second factor; the
browser signs in with the password and the current TOTP code. Page texts are looked up in the
German catalogue (``de("Sign in")``), so the tests follow the translators' wording.
"""

from __future__ import annotations

import gettext
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pyotp
from werkzeug.security import generate_password_hash

PASSWORD = "Zeche-Hannover-Staff-2026"
_TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
_GERMAN = gettext.translation("messages", _TRANSLATIONS, languages=["de"], fallback=True)


def de(msgid: str, **params) -> str:
    """The German text of ``msgid`` as the pages show it (English where not translated yet)."""
    text = _GERMAN.gettext(msgid)
    return text % params if params else text


def tag() -> str:
    return uuid.uuid4().hex[:8]


def make_person(
    role: str = "citizen",
    *,
    name: str | None = None,
    organisations: tuple[str, ...] = (),
    email: str | None = None,
):
    """A confirmed account (inside an app context of the live server; caller commits).
    Staff get an active second factor; returns the user."""
    from engage.accounts.models import OrganisationMembership, User
    from engage.core import clock
    from engage.extensions import db
    from engage.organisations.models import Organisation

    user = User(
        email=email or f"{role}-{tag()}@example.org",
        display_name=name or f"{role.title()} {tag()}",
        role=role,
        password_hash=generate_password_hash(PASSWORD),
        email_confirmed_dt=clock.now(),
    )
    if role != "citizen":
        user.totp_secret = pyotp.random_base32()
        user.totp_enabled_dt = clock.now()
    db.session.add(user)
    for slug in organisations:
        organisation = db.session.query(Organisation).filter_by(slug=slug).one()
        db.session.add(OrganisationMembership(user=user, organisation=organisation))
    db.session.flush()
    return user


def make_process(
    *,
    title: str,
    phases: list[tuple[str, timedelta, timedelta]],
    moderation: str = "post",
    theme: str = "mobilitaet-umwelt",
    organisation: str = "bogestra",
):
    """A published process whose phases run from ``now + start`` to ``now + end``."""
    from engage.core import clock
    from engage.extensions import db
    from engage.organisations.models import Organisation
    from engage.processes.models import Phase, Process
    from engage.themes.models import Theme

    now = clock.now()
    process = Process(
        title=title,
        slug=f"beteiligung-{tag()}",
        summary="Eine Beteiligung für die Browsertests.",
        description="<p>Beschreibung</p>",
        theme=db.session.query(Theme).filter_by(slug=theme).one(),
        organisation=db.session.query(Organisation).filter_by(slug=organisation).one(),
        status="published",
        moderation=moderation,
    )
    for position, (kind, start, end) in enumerate(phases):
        process.phases.append(
            Phase(kind=kind, start_dt=now + start, end_dt=now + end, position=position)
        )
    db.session.add(process)
    db.session.flush()
    return process


def sign_in(page, email: str, secret: str | None = None) -> None:
    """Sign in through the form, with the current code of the second factor for staff."""
    page.goto("/account/login")
    page.get_by_label(de("E-mail address")).fill(email)
    page.get_by_label(de("Password"), exact=True).fill(password_field_value())
    page.get_by_role("button", name=de("Sign in")).click()
    page.wait_for_load_state()
    if secret is not None:
        page.get_by_label(de("Six-digit code")).fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name=de("Sign in")).click()
        page.wait_for_load_state()
    assert "/account/login" not in page.url, page.locator("main").inner_text()


def password_field_value() -> str:
    return PASSWORD


def submit(page, name: str) -> None:
    """Click the submit button called ``name`` and wait for the next page."""
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def flash_text(page) -> str:
    return page.locator("main").inner_text()


def wait_until(predicate, timeout: float = 10.0, what: str = "condition"):
    """Poll ``predicate`` (e.g. a mail arriving at the local SMTP server) until it is truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


_DUPLICATE_IDS = """() => {
  // Hidden inputs (the CSRF token of every form) are never labelled or focused.
  const ids = [...document.querySelectorAll("[id]:not(input[type=hidden])")].map((el) => el.id);
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}"""


def assert_unique_ids(page, label: str) -> None:
    """No id twice on a page: a label's ``for`` (or an error link) would reach the wrong field.
    (axe 4 no longer reports duplicate ids under WCAG 2.1.)"""
    duplicates = page.evaluate(_DUPLICATE_IDS)
    assert not duplicates, f"{label}: ids used twice: {duplicates} ({page.url})"


class Visits:
    """The pages a journey visited, to scan each again in English at the end."""

    def __init__(self, page, scan) -> None:
        self.page = page
        self.scan = scan
        self.urls: list[tuple[str, str]] = []

    def check(self, label: str) -> None:
        """Scan the page the browser shows now (in German) and remember it for English."""
        self.scan(self.page, f"{label} (de)")
        assert_unique_ids(self.page, label)
        url = self.page.url
        if all(url != seen for _, seen in self.urls):
            self.urls.append((label, url))

    def check_english(self, switch_language) -> None:
        """Switch the session to English, scan every remembered page, switch back."""
        switch_language(self.page, "en")
        for label, url in self.urls:
            self.page.goto(url)
            self.scan(self.page, f"{label} (en)")
        switch_language(self.page, "de")


# --- downloads -----------------------------------------------------------------------------------


def download(page, link) -> bytes:
    """Click ``link`` (a locator), catch the download through Playwright, return its bytes."""
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def read_csv(data: bytes) -> list[list[str]]:
    import csv
    import io

    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;")
    return list(csv.reader(io.StringIO(text), dialect))


def read_xlsx(data: bytes) -> list[str]:
    """Every non-empty cell of every worksheet, as text."""
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def read_pdf(data: bytes) -> str:
    """The text of every page, whitespace normalised (lines wrap anywhere)."""
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.pages, "the PDF has no pages"
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
