"""The dashboard, its exports, the district setting, the bundle dossier, the API and the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from api_helpers import API, ApiClient
from openpyxl import load_workbook
from pypdf import PdfReader
from report_fixtures import *  # noqa: F403

from engage.accounts.tokens import create_api_token
from engage.reports.models import DistrictPopulation

EN = {"Accept-Language": "en"}
APRIL = "from=2026-04-20&to=2026-04-30"


@pytest.fixture
def innovation(make_user):
    return make_user("innovation", email="iu@example.org")


@pytest.fixture
def admin(make_user):
    return make_user("admin", email="admin@example.org")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- who may see what --------------------------------------------------------------------------


def test_permission_table(world, client, make_user, innovation, admin):
    assert client.get("/reports/", headers=EN).status_code == 302  # visitors: sign in
    assert client.get("/reports/export.csv", headers=EN).status_code == 302
    citizen = make_user()
    client.login(citizen)
    assert client.get("/reports/", headers=EN).status_code == 403
    assert client.get("/reports/export.json", headers=EN).status_code == 403
    assert client.get(f"/bundles/{world.bundle.id}/dossier.pdf").status_code == 403
    for user in (innovation, admin):
        client.login(user)
        page = client.get("/reports/", headers=EN)
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "Engagement reports" in body and "You see the figures of the" not in body
        report = client.get("/reports/export.json").get_json()
        assert report["totals"]["ideas"] == 5


def test_moderator_sees_own_organisations_only(world, client, make_user):
    client.login(world.moderator)  # bogestra: P1 only
    body = client.get("/reports/", headers=EN).get_data(as_text=True)
    assert "You see the figures of the participations of your organisations." in body
    assert "Radverkehr in Bochum" in body and "Glasfaser für alle" not in body
    report = client.get("/reports/export.json").get_json()
    assert report["totals"] == {
        "participants": 3,
        "ideas": 3,
        "supports": 2,
        "comments": 2,
        "survey_responses": 2,
        "draft_comments": 0,
    }
    # Another organisation: a field error on the page, its figures never shown.
    page = client.get("/reports/?organisation=stadtwerke", headers=EN)
    assert "You can read the reports of your organisations only." in page.get_data(as_text=True)
    assert (
        client.get("/reports/export.json?organisation=stadtwerke").get_json()["totals"]["ideas"]
        == 3
    )
    other = make_user("moderator", organisations=("stadtwerke",))
    client.login(other)
    assert client.get("/reports/export.json").get_json()["totals"]["ideas"] == 2
    assert client.get(f"/bundles/{world.bundle.id}/dossier.pdf").status_code == 403


def test_bad_filter_values_are_field_errors(world, client, innovation):
    client.login(innovation)
    page = client.get("/reports/?from=gestern&to=2026-13-01&theme=nope&process=999999", headers=EN)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Enter a date as YYYY-MM-DD" in body
    assert "There is no such theme." in body and "There is no such participation." in body
    page = client.get("/reports/?from=2026-04-30&to=2026-04-01", headers=EN)
    assert "The end date must not be before the start date." in page.get_data(as_text=True)


def test_dashboard_shows_figures_and_filter(world, client, innovation):
    client.login(innovation)
    body = client.get(f"/reports/?theme=mobilitaet-umwelt&{APRIL}", headers=EN).get_data(
        as_text=True
    )
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 4
    assert "<caption>Funnel: the figures</caption>" in body
    assert 'value="2026-04-20"' in body
    assert "/reports/export.pdf?theme=" in body
    assert "Idee i1 für Bochum" in body and "Idee i3 für Bochum" not in body  # hidden: not top


def test_dashboard_query_count_does_not_grow(
    world, client, innovation, count_queries, make_user, session
):
    from engage.ideas.models import Comment

    client.login(innovation)
    client.get("/reports/", headers=EN)
    with count_queries() as before:
        client.get("/reports/", headers=EN)
    for _n in range(4):
        session.add(Comment(idea_id=world.ideas["i1"].id, author=make_user(), body="Noch eine"))
    session.flush()
    with count_queries() as after:
        body = client.get("/reports/", headers=EN).get_data(as_text=True)
    assert "Noch eine" not in body
    assert after.count == before.count


# --- exports read back -------------------------------------------------------------------------


def test_exports_show_the_same_figures(world, client, innovation):
    client.login(innovation)
    query = f"?process={world.p1.id}&{APRIL}"
    expected = client.get("/reports/export.json" + query).get_json()
    assert expected["totals"] == {
        "participants": 3,
        "ideas": 3,
        "supports": 2,
        "comments": 2,
        "survey_responses": 2,
        "draft_comments": 0,
    }
    assert expected["funnel"]["submitted"] == 3

    response = client.get("/reports/export.csv" + query, headers=EN)
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    start = rows.index(["Totals"])
    assert rows[start + 1] == ["Figure", "Number"]
    assert rows[start + 2 : start + 8] == [
        ["Participants", "3"],
        ["Ideas", "3"],
        ["Supports", "2"],
        ["Comments", "2"],
        ["Survey responses", "2"],
        ["Draft comments", "0"],
    ]
    assert ["Participation: Radverkehr in Bochum"] in rows
    funnel = rows.index(["Funnel"])
    assert rows[funnel + 2][:2] == ["Submitted", "3"]

    data = client.get("/reports/export.xlsx" + query, headers=EN).data
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:4] == ["Scope", "Totals", "Weekly", "Funnel"]
    sheet = book["Totals"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        ["Participants", 3],
        ["Ideas", 3],
        ["Supports", 2],
        ["Comments", 2],
        ["Survey responses", 2],
        ["Draft comments", 0],
    ]
    weekly = [[c.value for c in row] for row in book["Weekly"].iter_rows(min_row=2)]
    assert [row[1:] for row in weekly] == [[2, 1, 1, 1, 1, 0], [3, 2, 1, 1, 1, 0]]
    assert book["Moderation"]["B8"].value == 6.0  # median hours: i3 4 h, c2 8 h

    pdf = client.get("/reports/export.pdf" + query, headers=EN)
    assert pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert reader.metadata.title == "Engagement report: Radverkehr in Bochum"
    assert "/Lang" in reader.trailer["/Root"]
    text = pdf_text(pdf.data)
    assert "Engagement report: Radverkehr in Bochum" in text
    for needle in ("Totals", "Funnel", "Districts", "Moderation", "Idee i1 für Bochum"):
        assert needle in text
    assert "Median time to a first moderator action (hours)" in text


def test_formula_cells_are_neutralised(world, client, innovation, session):
    world.ideas["i1"].title = '=HYPERLINK("http://evil")'
    session.flush()
    client.login(innovation)
    body = client.get("/reports/export.csv", headers=EN).get_data(as_text=True)
    assert "'=HYPERLINK" in body
    book = load_workbook(io.BytesIO(client.get("/reports/export.xlsx", headers=EN).data))
    cell = book["Top ideas"]["B2"]
    assert cell.value == '=HYPERLINK("http://evil")' and cell.data_type == "s"


def test_bundle_dossier(world, client, innovation, session):
    from engage.bundles.models import BundleItem
    from engage.surveys.models import Survey

    survey = session.query(Survey).filter_by(title="Umfrage zum Radverkehr").one()
    session.add(
        BundleItem(bundle_id=world.bundle.id, position=1, kind="survey", survey_id=survey.id)
    )
    session.flush()
    session.refresh(world.bundle)
    client.login(innovation)
    page = client.get(f"/bundles/{world.bundle.id}", headers=EN).get_data(as_text=True)
    assert f"/bundles/{world.bundle.id}/dossier.pdf" in page
    response = client.get(f"/bundles/{world.bundle.id}/dossier.pdf", headers=EN)
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Bundle dossier: Mehr Platz für Räder" in text
    assert "Ideen rund ums Rad." in text and "Umsetzen" in text
    assert "Idee i1 für Bochum" in text and "Radverkehr in Bochum" in text
    assert "2. Umfrage zum Radverkehr" in text  # another kind of item, shown by its title
    client.login(world.moderator)  # bogestra owns the bundle
    assert client.get(f"/bundles/{world.bundle.id}/dossier.pdf").status_code == 200


def test_cli_export(world, app, tmp_path, session):
    runner = app.test_cli_runner()
    out = tmp_path / "report.json"
    result = runner.invoke(
        args=[
            "report",
            "export",
            "--theme",
            "mobilitaet-umwelt",
            "--from",
            "2026-04-20",
            "--to",
            "2026-04-30",
            "--format",
            "json",
            "--output",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["totals"]["ideas"] == 3
    pdf = tmp_path / "report.pdf"
    result = runner.invoke(
        args=["report", "export", "--theme", "mobilitaet-umwelt", "--output", str(pdf)]
    )
    assert result.exit_code == 0, result.output
    assert "Nachhaltige Mobilität und Umweltschutz" in PdfReader(str(pdf)).metadata.title
    bad = runner.invoke(args=["report", "export", "--theme", "nope", "--output", str(pdf)])
    assert bad.exit_code == 2


# --- the district setting ----------------------------------------------------------------------


def test_admin_edits_district_population(world, client, admin, innovation, session):
    client.login(innovation)
    assert client.get("/reports/districts").status_code == 403
    client.login(admin)
    page = client.get("/reports/districts", headers=EN).get_data(as_text=True)
    assert "Residents of Bochum-Mitte" in page
    values = {"mitte": "100000", "wattenscheid": "100000", "nord": "100000", "ost": "100000"}
    values |= {"sued": "x", "suedwest": "100000"}
    bad = client.post_form("/reports/districts", values, headers=EN)
    assert bad.status_code == 400
    assert "Enter the number of residents as a whole number." in bad.get_data(as_text=True)
    assert session.get(DistrictPopulation, "sued").population == 50_600
    values["sued"] = "100.000"
    assert client.post_form("/reports/districts", values).status_code == 302
    assert session.get(DistrictPopulation, "sued").population == 100_000
    report = client.get("/reports/export.json").get_json()
    mitte = next(d for d in report["districts"] if d["district"] == "mitte")
    assert mitte["population_share"] == pytest.approx(1 / 6)
    assert mitte["representativeness"] == 3.0  # half of the known participants, 1/6 of people


# --- API -----------------------------------------------------------------------------------


@pytest.fixture
def api(client):
    return ApiClient(client, client.get(f"{API}/openapi.json").get_json())


def token(session, user) -> str:
    _row, plaintext = create_api_token(user, "test", 30)
    session.flush()
    return plaintext


def test_api_engagement(world, api, session, make_user, innovation):
    url = "/reports/engagement"
    assert api.get(url).status_code == 401
    assert api.get(url, token=token(session, make_user())).status_code == 403
    body = api.get(url + "?" + APRIL, token=token(session, innovation)).get_json()
    assert body["totals"]["ideas"] == 4 and body["funnel"]["submitted"] == 4
    assert [w["week_start"] for w in body["weekly"]] == ["2026-04-20", "2026-04-27"]
    assert api.get(url + "?from=bogus", token=token(session, innovation)).status_code == 422
    moderator = token(session, world.moderator)
    own = api.get(url, token=moderator).get_json()
    assert own["totals"]["ideas"] == 3
    assert api.get(url + "?organisation=stadtwerke", token=moderator).status_code == 403
    assert api.get(url + f"?process={world.p2.id}", token=moderator).status_code == 403
    assert api.get(url + "?organisation=bogestra", token=moderator).status_code == 200
