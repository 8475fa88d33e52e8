"""CSV and XLSX exports read back (csv module, openpyxl), formula injection neutralised; the
generic helpers of engage.core.exports and the SVG charts of engage.core.charts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from xml.etree import ElementTree

import openpyxl
import pytest
from markupsafe import Markup
from survey_fixtures import *  # noqa: F403

from engage.core import charts
from engage.core.exports import csv_bytes, iter_csv, neutralise, sheet_name, xlsx_bytes
from engage.surveys import operations as ops
from engage.surveys.operations import AnswerInput

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


# --- engage.core.exports ------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_puts_an_apostrophe_before_formulas(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Bochum", "a=b", " =x", "", 42, -5, 3.5, None])
def test_neutralise_leaves_harmless_values(value):
    assert neutralise(value) == value


def test_csv_round_trip_with_formulas_quotes_and_umlauts():
    rows = [[1, "=1+2", 'Straße, "Ecke"\nWeg', None, True, date(2026, 5, 4)]]
    data = csv_bytes(["Nr.", "Text", "Mehr", "Leer", "Ja", "Tag"], rows)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert read == [
        ["Nr.", "Text", "Mehr", "Leer", "Ja", "Tag"],
        ["1", "'=1+2", 'Straße, "Ecke"\nWeg', "", "true", "2026-05-04"],
    ]


def test_csv_streams_in_pieces():
    pieces = list(iter_csv(["n"], ([n] for n in range(1200)), bom=False))
    assert len(pieces) == 3
    assert b"".join(pieces).count(b"\r\n") == 1201


def test_xlsx_writes_texts_as_strings_and_numbers_as_numbers():
    rows = [[1, payload, 2.5, datetime(2026, 5, 4, 12, 30)] for payload in PAYLOADS]
    data = xlsx_bytes([("Antworten: [1]", ["Nr.", "Text", "Zahl", "Zeit"], rows)])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.title == "Antworten   1"
    assert [c.value for c in sheet[1]] == ["Nr.", "Text", "Zahl", "Zeit"]
    for row, payload in zip(sheet.iter_rows(min_row=2), PAYLOADS, strict=True):
        cell = row[1]
        assert cell.data_type == "s", payload  # a string, never a formula
        assert cell.value == payload.replace("\r", "_x000D_")  # XML's escape of a CR
        assert row[0].data_type == "n" and row[2].value == 2.5
        assert row[3].value == datetime(2026, 5, 4, 12, 30)
    assert sheet.freeze_panes == "A2"


def test_sheet_names_follow_excel_rules():
    assert sheet_name("a/b:c*d?e[f]g\\h") == "a b c d e f g h"
    assert len(sheet_name("x" * 50)) == 31
    data = xlsx_bytes([("Gleich", ["a"], []), ("gleich", ["a"], [])])
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["Gleich", "gleich (2)"]


# --- the survey's exports -----------------------------------------------------------------------


@pytest.fixture
def exported(make_survey, make_user, clock):
    survey = make_survey()
    q = {x.kind: x for x in survey.questions}
    ranking = q["ranking"]
    for n, (text, other) in enumerate([("=cmd|' /C calc'!A0", "@SUM(1)"), ("Hbf", "")]):
        clock.set(datetime(2026, 5, 4 + n, 21, 30, tzinfo=UTC))  # 23:30 in Bochum
        answers = {
            q["single"].id: AnswerInput(other=True, other_text="+49 234 0")
            if n == 0
            else AnswerInput(choice_ids=[q["single"].choices[0].id]),
            q["multiple"].id: AnswerInput(
                choice_ids=[q["multiple"].choices[3].id, q["multiple"].choices[0].id],
                other=bool(other),
                other_text=other,
            ),
            q["short_text"].id: AnswerInput(text=text),
            q["scale"].id: AnswerInput(value=3 + n),
            ranking.id: AnswerInput(
                ranks=[(c.id, r) for r, c in enumerate(reversed(ranking.choices), start=1)]
            ),
        }
        ops.submit_response(survey, make_user(name=f"Geheim {n}"), answers)
    return survey


def _moderator_client(client, make_user):
    client.login(make_user("moderator", organisations=("bogestra",)))
    return client


def test_csv_export_has_one_row_per_response_and_no_names(client, exported, make_user):
    response = _moderator_client(client, make_user).get(f"/surveys/{exported.id}/responses.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"survey-{exported.id}-responses-" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[:3] == ["No.", "Answered on", "1. Wie kommen Sie zur Arbeit?"]
    assert header[3] == "1. Wie kommen Sie zur Arbeit? (other)"
    assert header[4] == "2. Was fehlt an Ihrer Haltestelle?"
    assert len(rows) == 3 and len(header) == 2 + 6 + 2
    first, second = rows[1], rows[2]
    assert first[:2] == ["1", "2026-05-04"] and second[:2] == ["2", "2026-05-05"]
    assert first[2] == "" and first[3] == "'+49 234 0"  # "other" text, neutralised
    assert first[4] == "Dach; Licht" and first[5] == "'@SUM(1)"
    assert first[6] == "'=cmd|' /C calc'!A0"
    assert first[8] == "3"
    assert first[9] == "Sauberkeit > Preis > Takt"
    assert second[2] == "Bus" and second[6] == "Hbf" and second[8] == "4"
    assert "Geheim" not in text and "@example.org" not in text


def test_xlsx_export_read_back(client, exported, make_user):
    response = _moderator_client(client, make_user).get(f"/surveys/{exported.id}/responses.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Responses", "Questions"]
    sheet = book["Responses"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][2] == "1. Wie kommen Sie zur Arbeit?"
    assert rows[1][0] == 1 and rows[1][1] == datetime(2026, 5, 4)
    formula_cell = sheet.cell(row=2, column=7)
    assert formula_cell.value == "=cmd|' /C calc'!A0" and formula_cell.data_type == "s"
    assert sheet.cell(row=2, column=4).value == "+49 234 0"
    assert sheet.cell(row=2, column=4).data_type == "s"
    assert rows[1][8] == 3 and rows[2][8] == 4  # scale values as numbers
    questions = [[c.value for c in row] for row in book["Questions"].iter_rows()]
    assert questions[1] == [1, "Wie kommen Sie zur Arbeit?", "Single choice", "yes"]


def test_export_of_a_survey_without_responses(client, make_survey, make_user):
    survey = make_survey()
    client = _moderator_client(client, make_user)
    rows = list(csv.reader(io.StringIO(
        client.get(f"/surveys/{survey.id}/responses.csv").get_data().decode("utf-8-sig")
    )))  # fmt: skip
    assert len(rows) == 1
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/surveys/{survey.id}/responses.xlsx").get_data())
    )
    assert book["Responses"].max_row == 1


# --- engage.core.charts -------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_an_accessible_self_contained_svg():
    svg = charts.bar_chart(
        [charts.Bar("Bus <schnell>", 3, "3 (50 %)"), charts.Bar("Rad & Co", 0, "0 (0 %)")],
        title='Wie? "Frage"',
        description="Balken",
        chart_id="c1",
        max_value=6,
    )
    assert isinstance(svg, Markup)
    root = ElementTree.fromstring(str(svg))  # noqa: S314 - our own SVG
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == 'Wie? "Frage"'
    assert root.find(f"{SVG}desc").text == "Balken"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Bus <schnell>", "3 (50 %)", "Rad & Co", "0 (0 %)"]
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.BAR]
    assert len(bars) == 1 and float(bars[0].get("width")) == pytest.approx((640 - 2 * 8 - 130) / 2)
    assert "style" not in str(svg) and "<script" not in str(svg) and "href" not in str(svg)


def test_distribution_chart_labels_its_ends():
    columns = [
        charts.Bar(str(v), n, f"{n}") for v, n in zip(range(1, 6), [1, 0, 2, 4, 1], strict=True)
    ]
    svg = charts.distribution_chart(
        columns, title="Skala", description="Säulen", chart_id="c2",
        low_label="1 = gar nicht", high_label="5 = sehr",
    )  # fmt: skip
    root = ElementTree.fromstring(str(svg))  # noqa: S314 - our own SVG
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "1 = gar nicht" in texts and "5 = sehr" in texts
    heights = [float(r.get("height")) for r in root.iter(f"{SVG}rect")]
    assert max(heights) == pytest.approx(170) and len(heights) == 4  # the zero has no column


def test_long_labels_are_shortened_in_the_chart_only():
    svg = charts.bar_chart(
        [charts.Bar("x" * 200, 1, "1")], title="t", description="d", chart_id="c3"
    )
    root = ElementTree.fromstring(str(svg))  # noqa: S314 - our own SVG
    label = next(root.iter(f"{SVG}text")).text
    assert len(label) == charts.LABEL_MAX and label.endswith("…")
