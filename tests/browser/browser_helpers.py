"""Browser fixtures (a pytest plugin, see tests/conftest.py): the app served on loopback from its
own SQLite database, and headless Chromium (Debian's package) driven by Playwright. Skipped
with a reason where no Chromium is installed; CI installs it.

Fixtures: ``live_server`` (one per session), ``chromium`` (contexts it makes record every
request), ``page`` (JavaScript on, German browser), ``page_nojs`` (JavaScript switched off).
No third party: after every test, each request any browser context made must have gone to the
live server's own origin (checked automatically; other hosts are also blocked so nothing leaks).
Accounts: ``create_account(live_server, role, ...)`` makes a confirmed account of any role
(staff with an active second factor), ``sign_in(page, account)`` signs it in through the form
(password, then the current TOTP code for staff), in either language.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import uuid
from dataclasses import dataclass

import pytest

CHROMIUM = (
    os.environ.get("ENGAGE_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
# As the machine's documentation advises: no background traffic, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, smtp_server):
    """The platform served by werkzeug in a thread, with its own committed database."""
    from conftest import build_schema
    from werkzeug.serving import make_server

    from engage import create_app
    from engage.config import TestConfig

    _, smtp_port = smtp_server
    db_path = tmp_path_factory.mktemp("live") / "engage-live.db"

    class LiveConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{db_path}"
        MAIL_SERVER = "127.0.0.1"
        MAIL_PORT = smtp_port
        SERVER_NAME = None
        BASE_URL = ""
        RATELIMIT_ENABLED = False

    app = create_app(LiveConfig)
    with app.app_context():
        build_schema()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.app = app
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()


# Every URL any browser context asked for during the current test (see _no_third_party).
_REQUESTED: list[str] = []
_OWN_ORIGIN: list[str] = []  # the live server's origin once it runs


def _own(url: str) -> bool:
    if url.startswith(("data:", "about:", "blob:")):
        return True
    return bool(_OWN_ORIGIN) and (url == _OWN_ORIGIN[0] or url.startswith(_OWN_ORIGIN[0] + "/"))


class RecordingBrowser:
    """The Playwright browser, whose new contexts record every request and block other hosts."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.on("request", lambda request: _REQUESTED.append(request.url))
        # A regular expression (matched inside the driver): own requests never wait for Python.
        context.route(
            re.compile(rf"^(?!{re.escape(_OWN_ORIGIN[0])}(/|$)|data:|about:|blob:)"),
            lambda route: route.abort("blockedbyclient"),
        )
        return context


@pytest.fixture(autouse=True)
def _no_third_party():
    """No third party: every request a browser made in the test went to the platform itself."""
    _REQUESTED.clear()
    yield
    foreign = sorted({url for url in _REQUESTED if not _own(url)})
    _REQUESTED.clear()
    assert not foreign, f"requests to other origins than {_OWN_ORIGIN}: {foreign}"


@pytest.fixture(scope="session")
def chromium(live_server):
    if not CHROMIUM:
        pytest.skip("browser tests need Chromium (Debian package 'chromium'); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    _OWN_ORIGIN[:] = [live_server.url]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield RecordingBrowser(browser)
        browser.close()


def _new_page(chromium, live_server, **options):
    context = chromium.new_context(
        locale="de-DE", base_url=live_server.url, viewport={"width": 1280, "height": 800}, **options
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.javascript = options.get("java_script_enabled", True)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    return page


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context (no cookies, German) whose requests are recorded by origin."""
    page = _new_page(chromium, live_server)
    yield page
    page.context.close()


@pytest.fixture
def page_nojs(chromium, live_server):
    """Like ``page``, with JavaScript switched off (forms and links only)."""
    page = _new_page(chromium, live_server, java_script_enabled=False)
    yield page
    page.context.close()


# --- accounts ------------------------------------------------------------------------------

ACCOUNT_PASSWORD = "Kemnader-See-im-Sommer-2026"


@dataclass
class Account:
    id: int
    email: str
    name: str
    role: str
    password: str
    totp_secret: str | None
    app: object  # the live server's app, to reset the replay guard of the second factor


def create_account(
    live_server,
    role: str = "citizen",
    *,
    email: str | None = None,
    name: str | None = None,
    organisations: tuple[str, ...] = (),
    all_organisations: bool = False,
    locale: str | None = None,
) -> Account:
    """A confirmed account of ``role`` in the live server's database (committed). Staff get an
    active second factor (``account.totp_secret``); moderators the given organisations."""
    import pyotp
    from werkzeug.security import generate_password_hash

    from engage.accounts.models import OrganisationMembership, User
    from engage.core import clock
    from engage.extensions import db
    from engage.organisations.models import Organisation

    tag = uuid.uuid4().hex[:8]
    with live_server.app.app_context():
        user = User(
            email=email or f"{role}-{tag}@example.org",
            display_name=name or f"{role.title()} {tag}",
            role=role,
            all_organisations=all_organisations,
            locale=locale,
            password_hash=generate_password_hash(ACCOUNT_PASSWORD),
            email_confirmed_dt=clock.now(),
        )
        if role != "citizen":
            user.totp_secret = pyotp.random_base32()
            user.totp_enabled_dt = clock.now()
        db.session.add(user)
        for slug in organisations:
            organisation = db.session.query(Organisation).filter_by(slug=slug).one()
            db.session.add(OrganisationMembership(user=user, organisation=organisation))
        db.session.commit()
        account = Account(
            id=user.id,
            email=user.email,
            name=user.display_name,
            role=role,
            password=ACCOUNT_PASSWORD,
            totp_secret=user.totp_secret,
            app=live_server.app,
        )
        db.session.remove()
    return account


def sign_in(page, account: Account) -> None:
    """Sign in through the form (any language): password, then the TOTP code for staff."""
    page.goto("/account/login")
    page.locator("input[name=email]").fill(account.email)
    page.locator("input[name=password]").fill(account.password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if account.totp_secret:
        import pyotp

        from engage.accounts.models import User
        from engage.extensions import db

        with account.app.app_context():  # a second sign-in within 30 s would be a "replay"
            db.session.get(User, account.id).totp_last_step = None
            db.session.commit()
            db.session.remove()
        page.locator("input[name=code]").fill(pyotp.TOTP(account.totp_secret).now())
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
    assert "/account/login" not in page.url, page.locator("main").inner_text()
