"""The Innovation Unit in a real browser: the inbox, a decision on a submitted bundle, a project
with its lead organisation and a progress report; then the author of a bundled idea sees the
decision on the idea page and has it by mail. Every page is scanned by axe-core in German and
in English."""

from __future__ import annotations

from datetime import timedelta

import a11y
import pytest
from staff_helpers import Visits, de, make_person, make_process, sign_in, submit, tag, wait_until

from engage.extensions import db

pytestmark = pytest.mark.browser
DAY = timedelta(days=1)


@pytest.fixture
def submitted_bundle(live_server):
    """A bundle of two ideas, built and submitted by a moderator of BOGESTRA."""
    from engage.bundles import operations as bundle_ops
    from engage.ideas.operations import submit_idea, support_idea
    from engage.organisations.models import Organisation
    from engage.themes.models import Theme

    word = f"Quartier{tag()}"
    with live_server.app.app_context():
        moderator = make_person("moderator", organisations=("bogestra",))
        innovation = make_person("innovation", name="Ines Innovation")
        author = make_person(name="Anna aus Ehrenfeld")
        supporter = make_person(name="Sven Unterstützer")
        process = make_process(title=f"Mobilstationen {word}", phases=[("ideas", -DAY, 9 * DAY)])
        idea = submit_idea(
            author, process, f"Mobilstation {word} am Kortumpark", "Leihräder und Carsharing."
        )
        other = submit_idea(
            supporter, process, f"Lastenräder {word} leihen", "Für den Wocheneinkauf."
        )
        support_idea(supporter, idea)
        bundle = bundle_ops.create_bundle(
            moderator,
            title=f"Mobilstationen {word}",
            theme=db.session.query(Theme).filter_by(slug="mobilitaet-umwelt").one(),
            organisation=db.session.query(Organisation).filter_by(slug="bogestra").one(),
            summary="Zwei Ideen für geteilte Mobilität.",
            recommendation="Eine **Pilotstation** einrichten.",
        )
        bundle_ops.add_idea(moderator, bundle, idea)
        bundle_ops.add_idea(moderator, bundle, other)
        bundle_ops.submit_bundle(moderator, bundle)
        db.session.commit()
        return {
            "word": word,
            "bundle": bundle.id,
            "title": bundle.title,
            "idea": idea.id,
            "innovation": (innovation.email, innovation.totp_secret),
            "author": author.email,
            "supporter": supporter.email,
        }


def test_innovation_unit_decides_and_starts_a_project(
    chromium, live_server, mailbox, submitted_bundle
):
    from engage.bundles.models import Bundle, Project

    data = submitted_bundle
    app = live_server.app
    context = chromium.new_context(locale="de-DE", base_url=live_server.url)
    page = context.new_page()
    visits = Visits(page, a11y.check_a11y)
    rationale = "Die Stadtwerke richten am Kortumpark eine Mobilstation zur Probe ein."
    try:
        sign_in(page, *data["innovation"])
        page.get_by_role("navigation", name=de("Main navigation")).get_by_role(
            "link", name=de("Innovation Unit")
        ).click()
        visits.check("inbox of the Innovation Unit")
        row = page.get_by_role("row", name=data["title"], exact=False)
        row.get_by_role("link", name=data["title"], exact=True).click()
        visits.check("submitted bundle (Innovation Unit)")
        page.get_by_role("link", name=de("Record the decision")).click()
        visits.check("decision form")

        # Without a rationale, nothing is decided and the error is shown at the field.
        page.get_by_label(de("A project is started")).check()
        submit(page, de("Record decision"))
        visits.check("decision form with an error")
        assert page.locator("#rationale[aria-invalid=true]").count() == 1
        assert _bundle(app, data["bundle"]).status == "submitted"

        page.get_by_label(de("A project is started")).check()
        page.get_by_label(de("Rationale"), exact=True).fill(rationale)
        page.get_by_label(de("Existing project")).select_option(label=de("Start a new project"))
        submit(page, de("Record decision"))
        visits.check("new project")
        with app.app_context():
            bundle = db.session.get(Bundle, data["bundle"])
            assert (bundle.status, bundle.decision.outcome) == ("decided", "project")
            assert bundle.decision.rationale == rationale
            project_id = bundle.projects[0].id

        # The lead organisation and a first progress report.
        page.get_by_role("link", name=de("Change project")).click()
        visits.check("change project")
        page.get_by_label(de("Lead organisation")).select_option(label="Stadtwerke Bochum")
        submit(page, de("Save"))
        page.get_by_role("textbox", name=de("Progress"), exact=True).fill(
            "Der Standort ist gefunden."
        )
        page.get_by_label(de("New status")).select_option("running")
        submit(page, de("Publish progress report"))
        visits.check("project with a progress report")
        assert "Der Standort ist gefunden." in page.locator("#updates").inner_text()
        with app.app_context():
            project = db.session.get(Project, project_id)
            assert project.organisation.slug == "stadtwerke"
            assert project.status == "running"
            assert [u.text for u in project.updates] == ["Der Standort ist gefunden."]

        page.goto(f"/bundles/{data['bundle']}")
        visits.check("decided bundle (public)")
        _reports(page, app, visits)
        visits.check_english(a11y.switch_language)
    finally:
        context.close()

    # The author of a bundled idea sees the decision on the idea page ...
    context = chromium.new_context(locale="de-DE", base_url=live_server.url)
    page = context.new_page()
    try:
        sign_in(page, data["author"])
        page.goto(f"/ideas/{data['idea']}")
        section = page.locator("#bundles")
        assert de("A project is started") in section.inner_text()
        assert rationale in section.inner_text()
        a11y.check_a11y_both(page, "idea page with the decision")
        # The bundle and the project started from it (which took the bundle's title).
        links = section.get_by_role("link", name=data["title"])
        assert [links.nth(n).get_attribute("href") for n in range(links.count())] == [
            f"/bundles/{data['bundle']}",
            f"/projects/{project_id}",
        ]
        links.last.click()
        assert "Der Standort ist gefunden." in page.locator("#updates").inner_text()
    finally:
        context.close()
    # ... and has been told by mail, as has the supporter.
    for person in (data["author"], data["supporter"]):
        mails = wait_until(lambda person=person: mailbox.to(person), what=f"mail to {person}")
        assert any(rationale in mailbox.body(m) for m in mails), [mailbox.body(m) for m in mails]


def _bundle(app, bundle_id):
    from engage.bundles.models import Bundle

    with app.app_context():
        return db.session.get(Bundle, bundle_id)


THEME_DE = "Nachhaltige Mobilität und Umweltschutz"


def _reports(page, app, visits) -> None:
    """The dashboard filtered to one theme, and its four downloads, each opened and read."""
    import csv
    import io
    import json

    import openpyxl
    import pypdf

    page.get_by_role("navigation", name=de("Main navigation")).get_by_role(
        "link", name=de("Reports")
    ).click()
    visits.check("reports dashboard")
    page.get_by_label(de("Theme"), exact=True).select_option(label=THEME_DE)
    submit(page, de("Show figures"))
    visits.check("reports dashboard for one theme")
    assert "theme=" in page.url

    def download(name: str) -> bytes:
        link = page.locator("section", has=page.get_by_role("heading", name=de("Downloads")))
        with page.expect_download() as info:
            link.get_by_role("link", name=name, exact=True).click()
        assert "theme=" in info.value.url
        return open(info.value.path(), "rb").read()

    rows = list(csv.reader(io.StringIO(download(de("CSV")).decode("utf-8-sig"))))
    assert [de("Theme: %(name)s", name=THEME_DE)] in rows, rows[:6]

    workbook = openpyxl.load_workbook(io.BytesIO(download(de("Excel (XLSX)"))), read_only=True)
    scope = [row[0] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert de("Theme: %(name)s", name=THEME_DE) in scope, scope
    assert len(workbook.worksheets) > 1

    report = json.loads(download(de("JSON")))
    from engage.themes.models import Theme

    with app.app_context():
        theme_id = db.session.query(Theme.id).filter_by(slug="mobilitaet-umwelt").scalar()
    assert report["filter"]["theme"] == theme_id
    assert report["totals"]

    pdf = pypdf.PdfReader(io.BytesIO(download(de("PDF report"))))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) >= 1
    assert "Nachhaltige Mobilität" in " ".join(text.split()), text[:500]
