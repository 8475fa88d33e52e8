"""A citizen's whole journey in a real browser, three ways: with JavaScript (axe-core on every
page, in German and in English), with JavaScript switched off, and with the keyboard alone
(Tab, Shift+Tab, Enter, Space, arrow keys; the focus always visible, never lost).

Register, confirm by the mailed link, sign in, set the language, submit an idea and see the
similar one, support it, comment and reply, report it, answer a survey, comment on a draft
paragraph, read what became of an idea (decided bundle, project), download one's data, delete
the account. Selectors use names and form actions, so the steps work in either language."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from a11y import assert_focus_visible, check_a11y, check_a11y_both, current_language, focused
from citizen_world import *  # noqa: F403 (the world fixture)
from citizen_world import PASSWORD

from engage.extensions import db

pytestmark = pytest.mark.browser


class Journey:
    """Drives the page by mouse (``javascript`` true or false) or by keyboard alone."""

    def __init__(self, page, mode: str) -> None:
        self.page = page
        self.mode = mode  # "js", "nojs" or "keyboard"
        self.visited: list[str] = []
        self.scanned: set[str] = set()

    # -- moving through pages ----------------------------------------------------------------

    def goto(self, path: str, label: str) -> None:
        """Typing an address (allowed for keyboard users too), then the page is checked."""
        self.page.goto(path)
        self.arrived(label)

    def arrived(self, label: str, then=None) -> None:
        """A page has loaded: ``then()`` checks it, then axe scans it in both languages (the
        journey goes on in the other language: its steps do not depend on the page texts; later
        states of the same page, e.g. after a comment, in the language shown) or the keyboard
        checks where the focus is."""
        self.page.wait_for_load_state()
        assert self.page.locator("main").count() == 1, self.page.url
        self.visited.append(label)
        if then is not None:
            then()
        if self.mode == "js":
            path = urlsplit(self.page.url).path
            if path in self.scanned:  # another state of a page scanned in both languages
                check_a11y(self.page, label)
            else:
                self.scanned.add(path)
                check_a11y_both(self.page, label, back=False)
        elif self.mode == "keyboard":
            self._focus_not_lost(label)

    def _focus_not_lost(self, label: str) -> None:
        """After loading, focus is either placed by the page (visibly) or starts at the top,
        where the first Tab reaches the skip link (a fragment moves the start point)."""
        if focused(self.page) != "body":
            assert_focus_visible(self.page)
            return
        if "#" in self.page.url:
            return
        self.page.keyboard.press("Tab")
        assert self.page.evaluate("() => document.activeElement.matches('a.skip-link')"), (
            f"first Tab on {label} went to {focused(self.page)}"
        )
        assert_focus_visible(self.page)

    # -- acting ---------------------------------------------------------------------------

    def focus(self, locator) -> None:
        """Tab or Shift+Tab (whichever way the element lies) until it has the focus."""
        locator.wait_for(state="visible")
        handle = locator.element_handle()
        before = self.page.evaluate(
            """(el) => {
                const a = document.activeElement;
                if (!a || a === document.body) return false;
                return !!(a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
            }""",
            handle,
        )
        key = "Shift+Tab" if before else "Tab"
        path = []
        for _ in range(250):
            if self.page.evaluate("(el) => el === document.activeElement", handle):
                return
            self.page.keyboard.press(key)
            path.append(focused(self.page))
            if path[-1] == "body":  # past the last element, into the browser's own controls
                assert path.count("body") == 1, f"{locator} not reached: {path}"
                continue
            assert_focus_visible(self.page)
        raise AssertionError(f"could not reach {locator} with {key}: {path[-20:]}")

    def click(self, locator, *, navigates: bool = True, label: str | None = None, then=None):
        locator = locator.first
        if self.mode == "keyboard":
            self.focus(locator)
            if navigates:
                with self.page.expect_navigation():
                    self.page.keyboard.press("Enter")
            else:
                self.page.keyboard.press("Enter")
        else:
            locator.click()
        if navigates:
            self.arrived(label or "after click", then)

    def fill(self, locator, text: str) -> None:
        if self.mode == "keyboard":
            self.focus(locator)
            self.page.keyboard.type(text)
        else:
            locator.fill(text)

    def type_slowly(self, locator, text: str) -> None:
        if self.mode == "keyboard":
            self.focus(locator)
            self.page.keyboard.type(text, delay=15)
        else:
            locator.press_sequentially(text, delay=15)

    def check(self, locator) -> None:
        if self.mode == "keyboard":
            self.focus(locator)
            self.page.keyboard.press("Space")
            assert locator.is_checked()
        else:
            locator.check()

    def choose(self, group: str, locator) -> None:
        """A radio button: the keyboard Tabs into the group, then arrows to the choice."""
        if self.mode != "keyboard":
            locator.check()
            return
        self.focus(self.page.locator(f"input[type=radio][name='{group}']").first)
        for _ in range(12):
            if locator.evaluate("(el) => el === document.activeElement"):
                break
            self.page.keyboard.press("ArrowDown")
            assert_focus_visible(self.page)
        self.page.keyboard.press("Space")
        assert locator.is_checked()

    def select(self, locator, value: str, text: str) -> None:
        if self.mode == "keyboard":
            self.focus(locator)
            self.page.keyboard.type(text)
            assert locator.input_value() == value
        else:
            locator.select_option(value)

    def open_details(self, summary) -> None:
        if self.mode == "keyboard":
            self.focus(summary)
            self.page.keyboard.press("Enter")
        else:
            summary.click()


def main_text(page) -> str:
    return page.locator("main").inner_text()


def run_citizen_journey(page, live_server, mailbox, world, mode: str) -> Journey:
    from engage.accounts.models import User
    from engage.drafts.models import Draft
    from engage.ideas.models import Comment, Flag, Idea, Support
    from engage.surveys.models import Response

    j = Journey(page, mode)
    email = f"citizen-{mode}-{uuid.uuid4().hex[:6]}@example.org"
    name = f"Ruth {mode} aus Langendreer"

    # Register and confirm by the mailed link.
    j.goto("/", "home")
    j.click(page.locator("header a[href='/account/register']"), label="register form")
    j.fill(page.locator("input[name=email]"), email)
    j.fill(page.locator("input[name=display_name]"), name)
    j.fill(page.locator("input[name=password]"), PASSWORD)
    j.fill(page.locator("input[name=password_repeat]"), PASSWORD)
    j.check(page.locator("input[name=consent]"))
    j.click(page.locator("main form button[type=submit]"), label="check your mail")
    mails = mailbox.to(email)
    assert len(mails) == 1, [m["Subject"] for m in mailbox]
    link = next(url for url in mailbox.links(mails[0]) if "/confirm/" in url)
    j.goto(re.sub(r"^https?://[^/]+", "", link), "address confirmed")
    with live_server.app.app_context():
        user = db.session.query(User).filter_by(email=email).one()
        assert user.email_confirmed_dt is not None
        user_id = user.id
        db.session.remove()

    # Sign in.
    j.click(page.locator("header a[href^='/account/login']"), label="sign-in form")
    j.fill(page.locator("input[name=email]"), email)
    j.fill(page.locator("input[name=password]"), PASSWORD)
    j.click(page.locator("main form button[type=submit]"), label="signed in")
    assert page.locator("header").get_by_role("link", name=name).count() == 1

    # Set the language in the profile (English), then back to German with the header switch.
    j.click(page.locator("header a[href='/account/']"), label="profile")
    j.select(page.locator("select[name=locale]"), "en", "English")

    def speaks(lang: str, heading: str):
        def check() -> None:
            assert current_language(page) == lang
            assert heading in page.locator("h1").inner_text()
            with live_server.app.app_context():
                assert db.session.get(User, user_id).locale == lang
                db.session.remove()

        return check

    j.click(
        page.locator("main form button[type=submit]"),
        label="profile saved (English)",
        then=speaks("en", "Your account"),
    )
    j.click(
        page.locator("form.language-switch button[value=de]"),
        label="profile (German)",
        then=speaks("de", "Ihr Konto"),
    )

    # Submit an idea; the similar one is offered.
    j.goto(f"/processes/{world['ideas']}", "participation")
    j.click(page.locator(f"main a[href='/processes/{world['ideas']}/ideas/new']"), label="new idea")
    title = f"Fahrradbügel am Hauptbahnhof ({mode})"
    if mode == "nojs":
        j.fill(page.locator("input[name=title]"), title)
    else:
        j.type_slowly(page.locator("input[name=title]"), title)
        live = page.locator(
            "[data-similar-live] li", has_text="Mehr Fahrradständer am Hauptbahnhof"
        )
        live.wait_for(state="visible")
    j.fill(page.locator("textarea[name=body]"), "Überdachte Bügel am Nordausgang, bitte.")
    if mode == "nojs":
        j.click(page.locator("button[name=action][value=check]"), label="similar ideas")
        assert "Mehr Fahrradständer am Hauptbahnhof" in page.locator("#similar").inner_text()
    elif mode == "js":  # (the language switch would reload the form, losing the input)
        check_a11y(page, "new idea with live suggestions")
    j.click(page.locator("button[name=action][value=submit]"), label="idea submitted")
    with live_server.app.app_context():
        idea = db.session.query(Idea).filter_by(title=title).one()
        assert idea.author_id == user_id
        assert f"/ideas/{idea.id}" in page.url
        db.session.remove()

    # Support the similar idea, comment, reply, report it.
    similar = world["similar"]
    j.goto(f"/ideas/{similar}", "similar idea")
    j.click(page.locator(f"form[action='/ideas/{similar}/support'] button"), label="supported")
    j.fill(page.locator("#new-comment textarea[name=body]"), f"Gute Idee ({mode}).")
    j.click(page.locator("#new-comment button[type=submit]"), label="commented")
    with live_server.app.app_context():
        mine = db.session.query(Comment).filter_by(idea_id=similar, author_id=user_id).one()
        db.session.remove()
    j.click(page.locator(f"#comment-{mine.id} a[href*='reply_to']"), label="reply form")
    j.fill(page.locator("#reply textarea[name=reply-body]"), "Und überdacht sollten sie sein.")
    j.click(page.locator("#reply button[type=submit]"), label="replied")
    assert "Und überdacht sollten sie sein." in main_text(page)
    j.open_details(page.locator("#flag-idea summary"))
    j.choose("flag-idea-reason", page.locator("#flag-idea input[value=spam]"))
    j.click(page.locator("#flag-idea button[type=submit]"), label="reported")
    with live_server.app.app_context():
        assert db.session.query(Support).filter_by(idea_id=similar, user_id=user_id).count() == 1
        comments = db.session.query(Comment).filter_by(idea_id=similar, author_id=user_id).all()
        assert sorted((c.body, c.parent_id) for c in comments) == [
            (f"Gute Idee ({mode}).", None),
            ("Und überdacht sollten sie sein.", mine.id),
        ]
        flag = db.session.query(Flag).filter_by(target_type="idea", target_id=similar).all()
        assert [f.reason for f in flag if f.user_id == user_id] == ["spam"]
        db.session.remove()

    # Answer the survey.
    survey = world["survey"]
    j.goto(f"/surveys/{survey}", "survey")
    questions = page.locator("main form .survey-question")
    radios = questions.nth(0).locator("input[type=radio]")
    j.choose(radios.first.get_attribute("name"), radios.nth(1))
    j.check(questions.nth(1).locator("input[type=checkbox]").nth(0))
    j.check(questions.nth(1).locator("input[type=checkbox]").nth(2))
    scale = questions.nth(2).locator("input[type=radio]")
    j.choose(scale.first.get_attribute("name"), scale.nth(3))
    j.fill(questions.nth(3).locator("input[type=text]"), "Bochum Hbf")
    j.click(page.locator("main form button[type=submit]").last, label="survey answered")
    with live_server.app.app_context():
        responses = db.session.query(Response).filter_by(survey_id=survey, user_id=user_id).all()
        assert len(responses) == 1
        texts = sorted(str(a.text) for a in responses[0].answers if a.text)
        assert texts == ["Bochum Hbf"]
        db.session.remove()

    # Comment on a paragraph of the draft.
    j.goto(f"/drafts/{world['draft']}", "draft")
    j.click(page.locator("main .draft-paragraph-links a").nth(2), label="draft paragraph")
    j.fill(page.locator("#comment-form textarea[name=body]"), "Bitte auch Ampeln für Räder.")
    j.click(page.locator("#comment-form button[type=submit]"), label="paragraph commented")
    with live_server.app.app_context():
        draft = db.session.get(Draft, world["draft"])
        bodies = [
            c.body
            for c in db.session.query(Comment).filter_by(author_id=user_id).all()
            if c.paragraph_id is not None
        ]
        assert bodies == ["Bitte auch Ampeln für Räder."], draft.id
        db.session.remove()

    # What became of an idea: the bundle's decision and the project.
    j.goto(f"/ideas/{world['decided']}", "decided idea")
    assert "Der Radweg wird 2027 gebaut." in page.locator("#bundles").inner_text()
    j.click(page.locator(f"#bundles a[href='/projects/{world['project']}']"), label="project")
    assert "Sichere Radwege zur Universität" in main_text(page)
    j.click(page.locator("header a[href='/projects/']"), label="projects")
    j.goto(f"/bundles/{world['bundle']}", "bundle")

    # Download one's data, then delete the account.
    j.click(page.locator("header a[href='/account/']"), label="profile again")
    with page.expect_download() as download_info:
        j.click(page.locator("main a[href='/account/data']"), navigates=False)
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert email in json.dumps(data, ensure_ascii=False)
    j.click(page.locator("main a[href='/account/delete']"), label="delete account")
    j.fill(page.locator("input[name=password]"), PASSWORD)
    j.check(page.locator("input[name=confirm]"))
    j.click(page.locator("main form button[type=submit]"), label="account deleted")
    assert page.locator("header a[href^='/account/login']").count() == 1
    with live_server.app.app_context():
        gone = db.session.get(User, user_id)
        assert gone.deleted_dt is not None and gone.email is None
        db.session.remove()
    return j


def test_citizen_journey_with_javascript_and_axe_in_german_and_english(
    page, live_server, mailbox, world
):
    journey = run_citizen_journey(page, live_server, mailbox, world, "js")
    assert len(journey.visited) >= 25, journey.visited


def test_citizen_journey_without_javascript(page_nojs, live_server, mailbox, world):
    journey = run_citizen_journey(page_nojs, live_server, mailbox, world, "nojs")
    assert "similar ideas" in journey.visited


def test_citizen_journey_with_the_keyboard_alone(page, live_server, mailbox, world):
    run_citizen_journey(page, live_server, mailbox, world, "keyboard")
