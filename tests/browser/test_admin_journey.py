"""An administrator in a real browser: makes a citizen a moderator of an organisation, and edits
a theme's description and colour, which a visitor then sees on the public theme page. Every
page is scanned by axe-core in German and in English."""

from __future__ import annotations

import a11y
import pytest
from staff_helpers import Visits, de, make_person, sign_in, submit

from engage.extensions import db

pytestmark = pytest.mark.browser
THEME = "wirtschaft-wissenschaft"


@pytest.fixture
def admin_data(live_server):
    from engage.themes.models import Theme

    with live_server.app.app_context():
        admin = make_person("admin", name="Ada Administratorin")
        citizen = make_person(name="Carla Kandidatin")
        theme = db.session.query(Theme).filter_by(slug=THEME).one()
        before = (theme.description_de, theme.color)
        db.session.commit()
        data = {
            "admin": (admin.email, admin.totp_secret),
            "citizen": citizen.id,
            "citizen_email": citizen.email,
            "theme": theme.id,
            "theme_name": theme.name_de,
        }
    yield data
    # The live server is shared by the session: put the theme back as it was.
    with live_server.app.app_context():
        theme = db.session.get(Theme, data["theme"])
        theme.description_de, theme.color = before
        db.session.commit()


def test_admin_gives_a_role_and_edits_a_theme(chromium, live_server, admin_data):
    from engage.accounts.models import User
    from engage.themes.models import Theme

    data = admin_data
    app = live_server.app
    context = chromium.new_context(locale="de-DE", base_url=live_server.url)
    page = context.new_page()
    visits = Visits(page, a11y.check_a11y)
    description = "Hochschulen und **Gründerinnen** entwickeln gemeinsam Lösungen."
    try:
        sign_in(page, *data["admin"])
        page.get_by_role("navigation", name=de("Main navigation")).get_by_role(
            "link", name=de("Administration")
        ).click()
        visits.check("administration")

        # --- give a citizen the moderator role for one organisation --------------------------
        page.goto("/admin/users/")
        visits.check("users")
        page.get_by_label(de("E-mail or name")).fill(data["citizen_email"])
        submit(page, de("Search"))
        visits.check("users found")
        page.get_by_role("link", name="Carla Kandidatin").click()
        visits.check("edit user")
        page.get_by_label(de("Moderator"), exact=True).check()
        page.get_by_label("Stadtwerke Bochum", exact=True).check()
        submit(page, de("Save"))
        visits.check("user saved")
        with app.app_context():
            user = db.session.get(User, data["citizen"])
            assert user.role == "moderator"
            assert [m.organisation.slug for m in user.memberships] == ["stadtwerke"]

        # --- edit a theme: an invalid colour is refused at the field, then a valid one -------
        page.goto("/admin/themes/")
        visits.check("themes")
        page.get_by_role("link", name=data["theme_name"], exact=True).click()
        visits.check("edit theme")
        page.get_by_label(de("Description (German)"), exact=True).fill(description)
        page.get_by_label(de("Colour"), exact=True).fill("#ffff00")
        submit(page, de("Save"))
        visits.check("edit theme with an error")
        assert page.locator("#color[aria-invalid=true]").count() == 1
        with app.app_context():
            assert db.session.get(Theme, data["theme"]).color != "#ffff00"
        page.get_by_label(de("Colour"), exact=True).fill("#1d5e3a")
        submit(page, de("Save"))
        with app.app_context():
            theme = db.session.get(Theme, data["theme"])
            assert theme.color == "#1d5e3a"
            assert "<strong>Gründerinnen</strong>" in theme.description_de
        visits.check_english(a11y.switch_language)
    finally:
        context.close()

    # --- a visitor sees the new description and colour on the public theme page -------------
    context = chromium.new_context(locale="de-DE", base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto(f"/themes/{THEME}")
        header = page.locator("header.theme-header")
        assert "Hochschulen und Gründerinnen entwickeln gemeinsam Lösungen." in header.inner_text()
        assert header.locator("strong").inner_text() == "Gründerinnen"
        colour = header.evaluate(
            "(el) => getComputedStyle(el).getPropertyValue('--theme-color').trim()"
        )
        assert colour == "#1d5e3a"
        a11y.check_a11y_both(page, "public theme page after the change")
    finally:
        context.close()
