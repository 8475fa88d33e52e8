"""The public open-data export: the datasets' content, the licence, and no personal data."""

from __future__ import annotations

import csv
import io
import re

import pytest
from report_fixtures import *  # noqa: F403

from engage.accounts.models import User

EN = {"Accept-Language": "en"}
DATASETS = ("themes", "processes", "ideas", "comments", "survey_results")


def test_page_names_and_links_the_licence(world, client):
    home = client.get("/", headers=EN).get_data(as_text=True)
    assert 'href="/open-data/"' in home
    page = client.get("/open-data/", headers=EN).get_data(as_text=True)
    assert "Datenlizenz Deutschland – Namensnennung – 2.0" in page
    assert 'href="https://www.govdata.de/dl-de/by-2-0"' in page
    for dataset in DATASETS:
        assert f"/open-data/{dataset}.csv" in page and f"/open-data/{dataset}.json" in page


def test_datasets_hold_public_content_with_counts(world, client):
    ideas = client.get("/open-data/ideas.json").get_json()
    assert ideas["licence"]["name"] == "Datenlizenz Deutschland – Namensnennung – 2.0"
    by_title = {row["title"]: row for row in ideas["items"]}
    # Public ideas only: i3 is hidden, i4 pending.
    assert set(by_title) == {"Idee i1 für Bochum", "Idee i2 für Bochum", "Idee i5 für Bochum"}
    assert by_title["Idee i1 für Bochum"]["supports"] == 2
    assert by_title["Idee i1 für Bochum"]["submitted_on"] == "2026-04-21"
    comments = client.get("/open-data/comments.json").get_json()["items"]
    # c1 only: c2 is hidden, c3 deleted (and on a pending idea), c4 is a draft comment.
    assert [c["text"] for c in comments] == ["Gute Idee"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/open-data/processes.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert rows[0] == ["id", "slug", "title", "theme", "organisation", "status", "district"]
    assert {row[2] for row in rows[1:]} >= {"Radverkehr in Bochum", "Glasfaser für alle"}
    themes = client.get("/open-data/themes.json").get_json()["items"]
    assert len(themes) == 5
    assert client.get("/open-data/users.csv").status_code == 404


def test_survey_results_are_counts(world, client, session, make_process, make_user):
    from datetime import timedelta

    from engage.core import clock
    from engage.surveys.models import Answer, Choice, Question, Response, Survey

    now = clock.now()
    process = make_process(phases=[("survey", now - timedelta(days=20), now - timedelta(days=1))])
    survey = Survey(
        process_id=process.id,
        title="Wie kommen Sie zur Arbeit?",
        status="published",
        results_public=True,
    )
    question = Question(kind="single", text="Verkehrsmittel", position=0)
    survey.questions.append(question)
    session.add(survey)
    session.flush()
    bike, bus = Choice(text="Rad", position=0), Choice(text="Bus", position=1)
    question.choices.append(bike)
    question.choices.append(bus)
    session.flush()
    for n, choice in enumerate((bike, bike, bus)):
        response = Response(survey_id=survey.id, user_id=make_user().id)
        session.add(response)
        session.flush()
        session.add(Answer(response_id=response.id, question_id=question.id, choice_id=choice.id))
        session.add(Answer(response_id=response.id, question_id=question.id, text=f"Geheim {n}"))
    session.flush()
    items = client.get("/open-data/survey_results.json").get_json()["items"]
    mine = [(r["choice"], r["count"]) for r in items if r["survey_id"] == survey.id]
    assert mine == [("Rad", 2), ("Bus", 1)]
    assert "Geheim" not in client.get("/open-data/survey_results.csv").get_data(as_text=True)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_personal_data_in_any_dataset(world, client, session, fmt):
    people = session.query(User).all()
    # Distinctive names and e-mails (the world's people), plus an IP address in the audit log.
    from engage.accounts.models import AuditEvent

    session.add(AuditEvent(event="login", actor_id=world.a.id, ip="203.0.113.77"))
    session.flush()
    output = "".join(
        client.get(f"/open-data/{dataset}.{fmt}").get_data(as_text=True) for dataset in DATASETS
    )
    output += client.get("/open-data/", headers=EN).get_data(as_text=True)
    for person in people:
        assert person.email not in output
        assert person.display_name not in output
    for name in ("Anna Aalto", "Bernd Bauer", "Clara Conrad", "Dieter Dorn", "example.org"):
        assert name not in output
    assert "203.0.113.77" not in output
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", output)
    # No column about accounts at all, so no account id can appear.
    for word in ("user", "author", "account", "email", "ip"):
        assert not re.search(rf'["\r\n,]{word}(_id)?["\r\n,:]', output)
