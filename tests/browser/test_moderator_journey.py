"""A moderator's working day in a real browser, with and without JavaScript: sign in with the
second factor, clear the queue (approve, hide with a reason, merge a duplicate, assign), build
and submit a bundle, build and publish a survey, publish a draft and, after its comment phase,
the response table. Every page visited is scanned by axe-core in German and in English."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from staff_helpers import (
    de,
    download,
    make_person,
    make_process,
    read_csv,
    read_pdf,
    read_xlsx,
    sign_in,
    submit,
    tag,
    wait_until,
)

from engage.extensions import db

pytestmark = pytest.mark.browser
DAY = timedelta(days=1)


@pytest.fixture
def moderation_data(live_server):
    """A moderator of BOGESTRA with a pending idea, one to hide, a duplicate with supports,
    ideas for a bundle, a process with a survey phase to come and one with a running comment
    phase."""
    from engage.ideas.operations import submit_idea, support_idea

    word = f"Linie{tag()}"
    with live_server.app.app_context():
        moderator = make_person("moderator", name="Mona Moderatorin", organisations=("bogestra",))
        authors = [make_person(name=f"Autor {n}") for n in range(4)]
        supporters = [make_person(name=f"Unterstützerin {n}") for n in range(3)]
        pre = make_process(
            title=f"Haltestellen {word}", phases=[("ideas", -3 * DAY, 30 * DAY)], moderation="pre"
        )
        post = make_process(title=f"Busnetz {word}", phases=[("ideas", -3 * DAY, 30 * DAY)])
        pending = submit_idea(
            authors[0], pre, f"Wartehäuschen {word} am Rathaus", "Ein Dach gegen den Regen."
        )
        offensive = submit_idea(
            authors[1], post, f"Werbung {word} für einen Shop", "Kaufen Sie bei uns ein."
        )
        target = submit_idea(
            authors[2], post, f"Nachtbus {word} nach Wattenscheid", "Auch nachts fahren."
        )
        duplicate = submit_idea(
            authors[3], post, f"Nachtbusse {word} für Wattenscheid", "Nachts einen Bus, bitte."
        )
        extra = submit_idea(
            authors[0], post, f"Takt {word} verdichten", "Alle zehn Minuten ein Bus."
        )
        support_idea(supporters[0], target)
        support_idea(supporters[0], duplicate)
        support_idea(supporters[1], duplicate)
        support_idea(supporters[2], target)
        survey_process = make_process(
            title=f"Umfrage {word}", phases=[("survey", 2 * DAY, 20 * DAY)]
        )
        draft_process = make_process(
            title=f"Entwurf {word}", phases=[("comment", -2 * DAY, 10 * DAY)]
        )
        commenter = make_person(name="Kommentatorin")
        db.session.commit()
        return {
            "word": word,
            "moderator": (moderator.email, moderator.totp_secret),
            "pending": pending.id,
            "offensive": offensive.id,
            "offensive_author": authors[1].email,
            "target": target.id,
            "duplicate": duplicate.id,
            "extra": extra.id,
            "survey_process": survey_process.id,
            "draft_process": draft_process.id,
            "commenter": commenter.id,
            "commenter_email": commenter.email,
        }


def _get(app, model, ident):
    with app.app_context():
        obj = db.session.get(model, ident)
        db.session.expunge(obj)
        return obj


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_moderator_journey(request, live_server, mailbox, moderation_data, javascript):
    """The browser fixtures check that no request left the platform's origin."""
    import a11y
    from staff_helpers import Visits

    page = request.getfixturevalue("page" if javascript else "page_nojs")
    # Axe runs in the JavaScript run (German, then every page again in English); without
    # JavaScript the same server-rendered pages are only driven, not scanned again.
    visits = Visits(page, a11y.check_a11y if javascript else lambda page, label: None)
    _journey(page, live_server, mailbox, moderation_data, visits)
    if javascript:
        visits.check_english(a11y.switch_language)


def _journey(page, live_server, mailbox, data, visits):
    from engage.bundles.models import Bundle
    from engage.ideas.models import Idea
    from engage.moderation.models import Assignment

    app = live_server.app
    word = data["word"]
    sign_in(page, *data["moderator"])

    # --- the queue: approve a pending idea ------------------------------------------------
    page.get_by_role("navigation", name=de("Main navigation")).get_by_role(
        "link", name=de("Moderation")
    ).click()
    visits.check("moderation queue")
    page.get_by_role("link", name=de("Awaiting approval"), exact=False).click()
    visits.check("queue: awaiting approval")
    item = page.locator(".queue-item", has_text=f"Wartehäuschen {word}")
    item.get_by_role("link", name=de("Open for moderation")).click()
    visits.check("moderate a pending idea")
    submit(page, de("Approve and publish"))
    assert _get(app, Idea, data["pending"]).status == "published"

    # --- hide an idea with a reason; its author is told why ------------------------------
    page.goto(f"/moderation/ideas/{data['offensive']}")
    visits.check("moderate a published idea")
    reason = "Werbung für ein Geschäft gehört nicht auf die Plattform."
    page.get_by_label(de("Reason"), exact=True).fill(reason)
    submit(page, de("Hide the idea"))
    assert _get(app, Idea, data["offensive"]).status == "hidden"
    mails = wait_until(lambda: mailbox.to(data["offensive_author"]), what="the hiding mail")
    assert reason in mailbox.body(mails[0])

    # --- merge a duplicate: supports move over, the merged idea shows where it went -----
    page.goto(f"/moderation/ideas/{data['duplicate']}")
    visits.check("moderate a duplicate")
    page.get_by_label(de("Number of the idea to merge into")).fill(str(data["target"]))
    page.get_by_label(de("Note for the history")).fill("Gleiches Anliegen.")
    submit(page, de("Merge"))
    duplicate = _get(app, Idea, data["duplicate"])
    assert duplicate.merged_into_id == data["target"]
    # Supporters 0 and 2 of the target, 0 and 1 of the duplicate: three people.
    assert _get(app, Idea, data["target"]).supports_count == 3
    page.goto(f"/ideas/{data['duplicate']}")
    visits.check("merged idea (public)")
    notice = page.locator(
        ".notice", has_text=de("This idea was merged into another idea with the same aim:")
    )
    notice.get_by_role("link", name=f"Nachtbus {word} nach Wattenscheid").click()
    assert page.url.endswith(f"/ideas/{data['target']}")

    # --- assign the target idea to an organisation with a due date -------------------------
    page.goto(f"/moderation/ideas/{data['target']}")
    page.get_by_label(de("Responsible organisation")).select_option(label="Stadtwerke Bochum")
    due = date.today() + timedelta(days=14)
    page.get_by_label(de("Official answer due by")).fill(due.isoformat())
    submit(page, de("Assign"))
    visits.check("moderate after assigning")
    with app.app_context():
        assignment = db.session.query(Assignment).filter_by(idea_id=data["target"]).one()
        assert (assignment.organisation.slug, assignment.due_date) == ("stadtwerke", due)

    # --- the moderation log, filtered to the merged idea -------------------------------------
    page.get_by_role("navigation", name=de("Moderation"), exact=True).get_by_role(
        "link", name=de("Moderation log")
    ).click()
    visits.check("moderation log")
    page.get_by_label(de("Item number")).fill(str(data["duplicate"]))
    submit(page, de("Filter"))
    visits.check("moderation log filtered")
    rows = page.locator("table tbody tr")
    assert rows.count() >= 1, page.locator("main").inner_text()
    assert "Gleiches Anliegen." in [
        rows.nth(n).locator("td").nth(3).inner_text() for n in range(rows.count())
    ]

    # --- build a bundle, order its items, submit it -----------------------------------------
    page.goto("/bundles/manage")
    visits.check("your bundles")
    page.get_by_role("link", name=de("Start a new bundle")).click()
    visits.check("new bundle")
    page.get_by_label(de("Title"), exact=True).fill(f"Nachtverkehr {word}")
    page.get_by_label(de("Theme"), exact=True).select_option(
        label="Nachhaltige Mobilität und Umweltschutz"
    )
    page.get_by_label(de("Organisation"), exact=True).select_option(label="BOGESTRA")
    page.get_by_label(de("Summary"), exact=True).fill("Mehr Busse in der Nacht und am Tag.")
    page.get_by_label(de("Recommendation"), exact=True).fill("Einen **Nachtbus** erproben.")
    submit(page, de("Save"))
    visits.check("bundle detail (editable)")
    page.get_by_label(de("Search ideas of this theme")).fill(word)
    page.locator("#add").get_by_role("button", name=de("Search")).click()
    page.wait_for_load_state()
    for title in (f"Takt {word} verdichten", f"Nachtbus {word} nach Wattenscheid"):
        page.locator(".candidates li", has_text=title).get_by_role("button").click()
        page.wait_for_load_state()
    items = page.locator(".bundle-items > li")
    assert items.count() == 2
    # The night bus goes first.
    items.nth(1).get_by_role("button", name=de("Move up"), exact=False).click()
    page.wait_for_load_state()
    assert f"Nachtbus {word}" in page.locator(".bundle-items > li").first.inner_text()
    visits.check("bundle with ordered items")
    with app.app_context():
        bundle = db.session.query(Bundle).filter_by(title=f"Nachtverkehr {word}").one()
        bundle_id = bundle.id
        assert [i.idea_id for i in bundle.items] == [data["target"], data["extra"]]
    page.get_by_role("link", name=de("Change texts")).click()
    visits.check("change bundle texts")
    page.get_by_label(de("Summary"), exact=True).fill("Mehr Busse in der Nacht und im Takt.")
    submit(page, de("Save"))
    assert "Mehr Busse in der Nacht und im Takt." in page.locator("main").inner_text()
    submit(page, de("Submit bundle"))
    visits.check("submitted bundle")
    assert _get(app, Bundle, bundle_id).status == "submitted"

    # --- build a survey with questions of several kinds and publish it ----------------------
    _build_survey(page, app, data, visits)

    # --- publish a draft; after its comment phase, the response table ------------------------
    _draft_and_response_table(page, app, mailbox, data, visits)


def _add_question(page, kind: str, text: str, **fields) -> None:
    page.get_by_label(de("Kind of the new question")).select_option(kind)
    submit(page, de("Add a question"))
    page.get_by_label(de("Question"), exact=True).fill(text)
    if fields.get("required"):
        page.get_by_label(de("An answer is required")).check()
    if "choices" in fields:
        page.get_by_label(de("Choices"), exact=True).fill("\n".join(fields["choices"]))
    if fields.get("other"):
        page.get_by_label(de("Offer \u201cother\u201d with a text field")).check()
    if "scale" in fields:
        page.get_by_label(de("What 1 means")).fill(fields["scale"][0])
        page.get_by_label(de("What 5 means")).fill(fields["scale"][1])
    submit(page, de("Add question"))


def _build_survey(page, app, data, visits) -> None:
    from engage.surveys.models import Survey

    page.goto(f"/processes/{data['survey_process']}")
    visits.check("process page (moderator)")
    page.get_by_role("link", name=de("Manage the surveys of this participation")).click()
    visits.check("surveys of a process")
    page.get_by_role("link", name=de("Create a survey")).click()
    visits.check("create a survey")
    title = f"Busfahren {data['word']}"
    page.get_by_label(de("Title"), exact=True).fill(title)
    page.get_by_label(de("Introduction"), exact=True).fill("Fünf Minuten, **anonym** ausgewertet.")
    submit(page, de("Create survey"))
    visits.check("survey builder (empty)")
    _add_question(
        page,
        "single",
        "Wie oft fahren Sie Bus?",
        required=True,
        choices=["Täglich", "Wöchentlich", "Selten"],
        other=True,
    )
    visits.check("survey builder with a question")
    _add_question(page, "multiple", "Welche Linien nutzen Sie?", choices=["302", "308", "318"])
    _add_question(
        page, "scale", "Wie zufrieden sind Sie?", scale=("gar nicht", "sehr"), required=True
    )
    _add_question(page, "long_text", "Was sollen wir besser machen?")
    page.get_by_role("link", name=de("Preview")).click()
    visits.check("survey preview")
    page.go_back()
    submit(page, de("Publish survey"))
    visits.check("published survey builder")
    with app.app_context():
        survey = db.session.query(Survey).filter_by(title=title).one()
        assert survey.status == "published"
        assert [q.kind for q in survey.questions] == ["single", "multiple", "scale", "long_text"]
        assert [c.text for c in survey.questions[0].choices] == ["Täglich", "Wöchentlich", "Selten"]
        assert survey.questions[0].offers_other and survey.questions[0].required
        assert survey.questions[2].scale_max_label == "sehr"
        survey_id = survey.id
    _survey_results(page, app, data, survey_id, visits)


def _survey_results(page, app, data, survey_id, visits) -> None:
    """Three people answer once the survey phase runs; the moderator reads the results with
    their charts and tables, downloads the responses and publishes the results."""
    from engage.core import clock
    from engage.processes.models import Process
    from engage.surveys import operations as survey_ops
    from engage.surveys.models import Survey

    with app.app_context():
        process = db.session.get(Process, data["survey_process"])
        process.phases[0].start_dt = clock.now() - timedelta(hours=1)
        survey = db.session.get(Survey, survey_id)
        single, multiple, scale, text = survey.questions
        choice = {c.text: c.id for q in (single, multiple) for c in q.choices}
        for often, lines, value, wish in (
            ("Täglich", ["302", "318"], 4, "Mehr Busse am Sonntag."),
            ("Täglich", ["302"], 5, ""),
            ("Selten", [], 3, "Pünktlichere Busse."),
        ):
            answers = {
                single.id: survey_ops.AnswerInput(choice_ids=[choice[often]]),
                multiple.id: survey_ops.AnswerInput(choice_ids=[choice[n] for n in lines]),
                scale.id: survey_ops.AnswerInput(value=value),
                text.id: survey_ops.AnswerInput(text=wish),
            }
            survey_ops.submit_response(survey, make_person(), answers)
        db.session.commit()
        single_id, scale_id = single.id, scale.id

    page.goto(f"/surveys/{survey_id}/build")
    page.get_by_role("link", name=de("Results"), exact=True).click()
    visits.check("survey results")
    first = page.locator(f"#result-{single_id}")
    assert first.locator("svg").count() == 1  # the chart, beside its table
    row = first.get_by_role("row", name="Täglich")
    assert row.locator("td").first.inner_text() == "2"
    mean = page.locator(f"#result-{scale_id}").inner_text()
    assert any(
        de(
            "Mean: %(mean)s (from %(low)d = %(low_label)s to %(high)d = %(high_label)s)",
            mean=figure,
            low=1,
            high=5,
            low_label="gar nicht",
            high_label="sehr",
        )
        in mean
        for figure in ("4", "4,0", "4,00")
    ), mean  # (4 + 5 + 3) / 3
    rows = read_csv(
        download(page, page.get_by_role("link", name=de("Download the responses (CSV)")))
    )
    assert len(rows) == 1 + 3, rows  # the header and one row per response
    assert sorted(r for row in rows[1:] for r in row if r in ("Täglich", "Selten")) == [
        "Selten",
        "Täglich",
        "Täglich",
    ]
    cells = read_xlsx(
        download(page, page.get_by_role("link", name=de("Download the responses (Excel)")))
    )
    assert "Pünktlichere Busse." in cells
    page.goto(f"/surveys/{survey_id}/build")
    submit(page, de("Publish the results"))
    with app.app_context():
        assert db.session.get(Survey, survey_id).results_public


def _draft_and_response_table(page, app, mailbox, data, visits) -> None:
    from engage.accounts.models import User
    from engage.core import clock
    from engage.drafts import operations as draft_ops
    from engage.drafts.models import Draft
    from engage.ideas.models import Comment
    from engage.processes.models import Process

    page.goto(f"/processes/{data['draft_process']}/drafts/new")
    visits.check("new draft")
    title = f"Nahverkehrsplan {data['word']}"
    page.get_by_label(de("Title"), exact=True).fill(title)
    page.get_by_label(de("Text of the draft"), exact=True).fill(
        "# Ziele\n\nDer Bus fährt öfter.\n\nDie Haltestellen werden barrierefrei."
    )
    submit(page, de("Save and preview"))
    visits.check("draft preview")
    submit(page, de("Publish version %(num)d", num=1))
    visits.check("published draft")
    with app.app_context():
        draft = db.session.query(Draft).filter_by(title=title).one()
        draft_id = draft.id
        assert draft.is_published
        paragraph = next(p for p in draft.current_version.paragraphs if p.kind == "paragraph")
        commenter = db.session.get(User, data["commenter"])
        comment = draft_ops.add_comment(commenter, draft, paragraph, "Bitte auch nachts.")
        db.session.commit()
        comment_id, paragraph_id = comment.id, paragraph.id

    # A second version during the phase: the changes are shown, the comment stays in place.
    page.goto(f"/drafts/{draft_id}")
    page.get_by_role("link", name=de("Write a new version")).click()
    visits.check("write a new version")
    page.get_by_label(de("Text of the draft"), exact=True).fill(
        "# Ziele\n\nDer Bus fährt öfter, auch am Abend.\n\nDie Haltestellen werden barrierefrei."
        "\n\nJede Haltestelle bekommt eine Anzeige."
    )
    page.get_by_label(de("What has changed (shown to readers)")).fill("Abendverkehr ergänzt.")
    submit(page, de("Save and preview"))
    visits.check("preview of version 2 with its changes")
    assert "Jede Haltestelle bekommt eine Anzeige." in page.locator(".draft-changes").inner_text()
    submit(page, de("Publish version %(num)d", num=2))
    with app.app_context():
        draft = db.session.get(Draft, draft_id)
        assert draft.current_version.number == 2
        comment = db.session.get(Comment, comment_id)
        assert comment.paragraph_id == paragraph_id  # still on version 1's paragraph
        # The comment phase ends.
        process = db.session.get(Process, data["draft_process"])
        process.phases[0].end_dt = clock.now() - timedelta(minutes=1)
        db.session.commit()

    page.goto(f"/drafts/{draft_id}")
    page.get_by_role("link", name=de("Response table"), exact=False).first.click()
    visits.check("response table (unpublished)")
    page.locator(f"#response-{comment_id}").get_by_role("link").last.click()
    visits.check("record a response")
    page.get_by_label(de("Partly adopted")).check()
    page.get_by_label(de("Reason"), exact=True).fill("Nachts fährt künftig ein Bus pro Stunde.")
    submit(page, de("Save response"))
    submit(page, de("Publish the response table"))
    visits.check("response table (published)")
    assert "Nachts fährt künftig ein Bus pro Stunde." in page.locator("main").inner_text()
    with app.app_context():
        draft = db.session.get(Draft, draft_id)
        assert draft.responses_published
    assert (
        de("Version %(version)d, paragraph %(num)d", version=1, num=1)
        in page.locator(f"#response-{comment_id}").inner_text()
    )
    mails = wait_until(lambda: mailbox.to(data["commenter_email"]), what="the response mail")
    assert "Nachts fährt künftig ein Bus pro Stunde." in mailbox.body(mails[0])

    # The published table as CSV, XLSX and PDF, each opened and read.
    exports = {
        fmt: download(page, page.get_by_role("link", name=de(label), exact=True))
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)"), ("pdf", "PDF"))
    }
    rows = read_csv(exports["csv"])
    assert any(
        "Bitte auch nachts." in row and "Nachts fährt künftig ein Bus pro Stunde." in row
        for row in rows
    ), rows
    cells = read_xlsx(exports["xlsx"])
    assert "Nachts fährt künftig ein Bus pro Stunde." in cells
    assert "Nachts fährt künftig ein Bus pro Stunde." in read_pdf(exports["pdf"])
