"""Pages outside the journeys: the error pages and the pages no journey walks through scanned
by axe-core in German and English; at 360 px no main page scrolls sideways, and screenshots of
the main pages at 360 and 1280 px are written to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from a11y import check_a11y_both, small_screens
from browser_helpers import create_account, sign_in
from citizen_world import *  # noqa: F403 (the world fixture)

pytestmark = pytest.mark.browser


def test_error_pages_in_german_and_english(page, live_server):
    response = page.goto("/gibt-es-nicht")
    assert response.status == 404
    check_a11y_both(page, "404 page")

    response = page.goto("/language")  # the language switch takes POST only
    assert response.status == 405
    check_a11y_both(page, "405 page")

    sign_in(page, create_account(live_server))
    response = page.goto("/moderation/")
    assert response.status == 403
    assert "Moderation" not in page.locator("header nav").first.inner_text()
    check_a11y_both(page, "403 page")


def test_pages_outside_the_journeys_in_german_and_english(page, world):
    for path, label in [
        ("/themes/", "themes"),
        ("/themes/mobilitaet-umwelt", "a theme"),
        ("/processes/", "participations"),
        (f"/processes/{world['ideas']}/ideas", "idea list"),
        ("/bundles/", "bundles"),
        ("/organisations/", "partners"),
        ("/pages/impressum", "imprint"),
        ("/pages/datenschutz", "privacy"),
        ("/pages/barrierefreiheit", "accessibility statement"),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        check_a11y_both(page, label)


def test_small_screens_and_screenshots(page, live_server, world):
    """No page scrolls sideways at 360 px; screenshots at 360 and 1280 px (artefacts)."""
    public = [
        ("/", "home"),
        ("/themes/", "themes"),
        ("/processes/", "participations"),
        (f"/processes/{world['ideas']}", "participation"),
        (f"/processes/{world['ideas']}/ideas", "idea-list"),
        (f"/ideas/{world['similar']}", "idea"),
        (f"/ideas/{world['decided']}", "idea-decided"),
        (f"/drafts/{world['draft']}", "draft"),
        ("/bundles/", "bundles"),
        (f"/bundles/{world['bundle']}", "bundle"),
        ("/projects/", "projects"),
        (f"/projects/{world['project']}", "project"),
        ("/account/login", "login"),
        ("/account/register", "register"),
        ("/pages/impressum", "imprint"),
        ("/pages/datenschutz", "privacy"),
        ("/pages/barrierefreiheit", "accessibility-statement"),
    ]
    for path, name in public:
        assert page.goto(path).status == 200, path
        small_screens(page, name)

    sign_in(page, create_account(live_server, name="Ruth aus Langendreer"))
    for path, name in [
        (f"/processes/{world['ideas']}/ideas/new", "idea-form"),
        (f"/surveys/{world['survey']}", "survey"),
        (f"/drafts/{world['draft']}", "draft-signed-in"),
        ("/account/", "profile"),
    ]:
        assert page.goto(path).status == 200, path
        small_screens(page, name)
    # The draft's paragraph page with its comment form.
    page.goto(f"/drafts/{world['draft']}")
    page.locator("main .draft-paragraph-links a").nth(1).click()
    small_screens(page, "draft-paragraph")


def test_requests_to_other_hosts_are_recorded_and_blocked(page, live_server):
    """The automatic no-third-party check sees a request to another host (and it never leaves)."""
    import browser_helpers
    from playwright.sync_api import Error

    page.goto("/")
    with pytest.raises(Error, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://192.0.2.1/pixel.png")
    assert "http://192.0.2.1/pixel.png" in browser_helpers._REQUESTED
    assert not browser_helpers._own("http://192.0.2.1/pixel.png")
    assert browser_helpers._own(f"{live_server.url}/static/css/engage.css")
    browser_helpers._REQUESTED.remove("http://192.0.2.1/pixel.png")  # else this test fails
