"""A new citizen registers, confirms by the mailed link and signs in — in a real browser."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_register_confirm_and_sign_in(page, live_server, mailbox):
    email = "neu.buergerin@example.org"
    password = "Sonnenblume-am-Kemnader-See"
    page.goto("/")
    page.get_by_role("link", name="Registrieren").click()
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Öffentlicher Name").fill("Ruth aus Langendreer")
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_label("Passwort wiederholen").fill(password)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Registrieren").click()
    page.wait_for_load_state()
    assert "E-Mail" in page.locator("main").inner_text()

    mails = mailbox.to(email)
    assert len(mails) == 1
    link = next(url for url in mailbox.links(mails[0]) if "/confirm/" in url)
    page.goto(link)
    assert "bestätigt" in page.locator("main").inner_text()

    page.goto("/account/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Ruth aus Langendreer").is_visible()
    # Every request of the journey went to the platform itself.
    assert all(url.startswith(live_server.url) for url in page.requested_urls), [
        url for url in page.requested_urls if not url.startswith(live_server.url)
    ]
    assert not [url for url in page.requested_urls if re.search(r"//(?!127\.0\.0\.1)", url)]
