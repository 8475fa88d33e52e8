"""Browser fixtures (a pytest plugin, see tests/conftest.py): the app served on loopback from its
own SQLite database, and headless Chromium (Debian's package) driven by Playwright. Skipped
with a reason where no Chromium is installed; CI installs it."""

from __future__ import annotations

import os
import shutil
import threading

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


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM:
        pytest.skip("browser tests need Chromium (Debian package 'chromium'); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context (no cookies) whose requests are recorded by origin."""
    context = chromium.new_context(locale="de-DE", base_url=live_server.url)
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()
