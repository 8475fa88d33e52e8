"""``flask ideas import``: offline ideas from CSV or JSON, all or nothing."""

from __future__ import annotations

import json

import pytest
from idea_fixtures import *  # noqa: F403
from sqlalchemy import func, select

from engage.ideas.models import Idea

GOOD_CSV = """title,body,district,tags
Mehr Bänke am Kemnader See,"Zum Ausruhen beim Spaziergang.
Gern mit Lehne.",sued,Freizeit; See
Trinkbrunnen in der Innenstadt,Im Sommer fehlt Wasser.,,"Sommer, Wasser"
"""


def ideas(session) -> list[Idea]:
    return list(session.scalars(select(Idea).order_by(Idea.id)))


def run(app, *args):
    return app.test_cli_runner().invoke(args=["ideas", "import", *map(str, args)])


@pytest.fixture
def cli_app(app):
    return app


def test_import_good_csv(cli_app, session, process, tmp_path):
    path = tmp_path / "workshop.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    result = run(cli_app, path, "--process", process.id, "--note", "Workshop Laer, 12. Mai")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Imported 2 idea(s)" in result.output
    first, second = ideas(session)
    assert first.title == "Mehr Bänke am Kemnader See" and first.district == "sued"
    assert first.body == "<p>Zum Ausruhen beim Spaziergang.\nGern mit Lehne.</p>"
    assert [t.name for t in first.tags] == ["freizeit", "see"]
    assert [t.name for t in second.tags] == ["sommer", "wasser"] and second.district is None
    for idea in (first, second):
        assert idea.status == "published" and idea.origin == "import" and idea.author_id is None
        assert idea.origin_note == "Workshop Laer, 12. Mai"
        assert [h.status for h in idea.history] == ["published"]


def test_import_semicolon_csv_with_bom(cli_app, session, process, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufefftitle;body\nSitzbänke am Bahnhof Höntrop;Zum Warten\n".encode())
    result = run(cli_app, path, "--process", process.id)
    assert result.exit_code == 0, result.stderr
    (idea,) = ideas(session)
    assert idea.title == "Sitzbänke am Bahnhof Höntrop" and idea.origin_note.startswith("excel.csv")


def test_import_good_json(cli_app, session, process, tmp_path):
    path = tmp_path / "ideen.json"
    data = [
        {"title": "Mehr Grün auf dem Husemannplatz", "body": "Bäume pflanzen.", "tags": ["Grün"]},
        {"title": "Freies WLAN im Stadtpark", "body": "Für alle.", "district": "mitte"},
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run(cli_app, path, "--process", process.id)
    assert result.exit_code == 0, result.stderr
    assert [i.title for i in ideas(session)] == [d["title"] for d in data]


BAD_CSV = """title,body,district,tags
Mehr Bänke am Kemnader See,Zum Ausruhen.,sued,
"Trinkbrunnen
in der Innenstadt",Im Sommer fehlt Wasser.,,
Kurz,Zu kurzer Titel.,,
Radweg nach Witten ausbauen,Sicher fahren.,dortmund,
"""


def test_bad_csv_row_is_reported_with_its_line_and_nothing_is_imported(
    cli_app, session, process, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    result = run(cli_app, path, "--process", process.id)
    assert result.exit_code == 1
    assert "bad.csv: line 5: title:" in result.stderr  # the multi-line row 3-4 counts two lines
    assert "bad.csv: line 6: district:" in result.stderr
    assert "line 2" not in result.stderr and "line 3" not in result.stderr
    assert "Nothing was imported" in result.stderr
    assert ideas(session) == []


@pytest.mark.parametrize(
    "content, where",
    [
        (
            [
                {"title": "Mehr Grün auf dem Husemannplatz", "body": "ok"},
                {"title": "x" * 121, "body": "ok"},
            ],
            "item 2: title:",
        ),
        ([{"title": "Mehr Grün auf dem Husemannplatz", "body": ""}], "item 1: body:"),
        ([{"title": "Mehr Grün auf dem Husemannplatz", "body": "ok", "tags": 5}], "item 1: tags:"),
        (
            [
                {
                    "title": "Mehr Grün auf dem Husemannplatz",
                    "body": "ok",
                    "tags": ["a"] * 1 + ["b" * 40],
                }
            ],
            "item 1: tags:",
        ),
        ({"title": "kein Array"}, "a list of ideas"),
        (["nur Text"], "item 1: each idea must be an object"),
    ],
)
def test_bad_json_is_reported_and_nothing_is_imported(
    cli_app, session, process, tmp_path, content, where
):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    result = run(cli_app, path, "--process", process.id)
    assert result.exit_code == 1 and where in result.stderr, result.stderr
    assert session.scalar(select(func.count(Idea.id))) == 0


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"title,body\nMehr Gr\xfcn auf dem Platz,ok\n", "line 2: the file is not UTF-8"),
        (b"titel,text\nA,B\n", "line 1: the header needs the columns title and body"),
        (b"", "line 1: the file is empty"),
        (b'[{"title": ', "not valid JSON"),
    ],
)
def test_unreadable_files(cli_app, session, process, tmp_path, raw, message):
    path = tmp_path / ("x.json" if raw.startswith(b"[") else "x.csv")
    path.write_bytes(raw)
    result = run(cli_app, path, "--process", process.id)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert ideas(session) == []


def test_unknown_process(cli_app, session, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    result = run(cli_app, path, "--process", 999999)
    assert result.exit_code == 1 and "no process" in result.stderr
    assert ideas(session) == []
