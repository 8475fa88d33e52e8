"""Demo surveys: every kind of question, a few hundred responses, published results.

Registered as a step of :class:`engage.site.demo.DemoBuilder`; deterministic for one seed.
Responses and answers are written with bulk inserts (``INSERT … RETURNING`` for the response
ids), so the step stays fast with many citizens.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from engage.accounts.models import Role, User
from engage.core.text import render_markdown
from engage.extensions import db
from engage.processes.models import Process
from engage.site import demo_data
from engage.site.demo import CHUNK, DemoBuilder, demo_step
from engage.surveys.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from engage.surveys.operations import anonymous_key

# One entry per survey: the process it belongs to (by title), its questions, how many responses
# it gets and how many of them come from signed-in citizens (the rest answer anonymously).
# Question tuples: (kind, text, required, choices or labels, options); ``weights`` make the
# answers lean one way, as real answers do.
SURVEYS: list[dict[str, Any]] = [
    {
        "process": "Klimaanpassung im Quartier",
        "title": "Hitzeorte in Langendreer und Werne",
        "introduction": """\
Wo wird es im Sommer unerträglich heiß, und was würde helfen? Ihre Antworten fließen in den
**Entwurf des Klimaanpassungskonzepts** ein, den Sie anschließend kommentieren können.

Die Befragung dauert etwa fünf Minuten. Sie können auch ohne Konto teilnehmen; Ihre Antworten
werden ohne Namen gespeichert.
""",
        "anonymous": True,
        "results_public": True,
        "responses": 320,
        "signed_in_share": 0.45,
        "questions": [
            {
                "kind": "single",
                "text": "Wie oft halten Sie sich im Sommer draußen in Langendreer oder Werne auf?",
                "required": True,
                "choices": ["Täglich", "Mehrmals pro Woche", "Etwa einmal pro Woche", "Seltener"],
                "weights": [45, 30, 15, 10],
            },
            {
                "kind": "multiple",
                "text": "Wo wird es im Sommer besonders heiß?",
                "help": "Wählen Sie bis zu drei Orte.",
                "required": True,
                "choices": [
                    "Marktplatz Langendreer",
                    "Bahnhof Langendreer",
                    "Schulhöfe",
                    "Bushaltestellen an der Hauptstraße",
                    "Spielplätze",
                    "Werner Markt",
                    "Parkplätze vor Supermärkten",
                ],
                "weights": [40, 22, 30, 35, 18, 25, 20],
                "max": 3,
                "other": True,
                "other_texts": [
                    "Der Platz vor der Stadtteilbibliothek",
                    "Fußweg an der Unterstraße",
                    "Rund um das Freibad Werne",
                    "Die Haltestelle Ümminger See",
                    "Innenhöfe der Wohnsiedlung am Hellweg",
                ],
            },
            {
                "kind": "scale",
                "text": "Wie stark belastet Sie die Hitze im Sommer?",
                "required": True,
                "labels": ("gar nicht", "sehr stark"),
                "weights": [6, 12, 25, 32, 25],
            },
            {
                "kind": "ranking",
                "text": "Welche Maßnahmen sind Ihnen am wichtigsten?",
                "help": "Bringen Sie die Maßnahmen in Ihre Reihenfolge: 1 ist am wichtigsten.",
                "required": False,
                "choices": [
                    "Mehr Straßenbäume",
                    "Trinkbrunnen",
                    "Entsiegelte Schulhöfe",
                    "Schattensegel an Haltestellen",
                    "Kühle Räume für ältere Menschen",
                ],
                "weights": [40, 15, 20, 15, 10],
                "answer_rate": 0.85,
            },
            {
                "kind": "single",
                "text": "Würden Sie eine Baumpatenschaft übernehmen?",
                "required": False,
                "choices": ["Ja", "Vielleicht", "Nein"],
                "weights": [25, 45, 30],
                "answer_rate": 0.9,
            },
            {
                "kind": "short_text",
                "text": "Welchen Ort sollten wir uns zuerst ansehen?",
                "required": False,
                "answer_rate": 0.35,
                "texts": [
                    "Den Marktplatz in Langendreer",
                    "Schulhof der Grundschule am Ölbachtal",
                    "Bushaltestelle Werne Markt",
                    "Parkplatz am Einkaufszentrum",
                    "Spielplatz an der Alten Bahnhofstraße",
                    "Die Kreuzung Hauptstraße / Unterstraße",
                    "Den Bahnhofsvorplatz",
                ],
            },
            {
                "kind": "long_text",
                "text": "Was möchten Sie uns sonst noch mitgeben?",
                "required": False,
                "answer_rate": 0.2,
                "texts": [
                    "Bitte denken Sie an die älteren Menschen in den Hochhäusern: Dort staut "
                    "sich die Hitze, und viele trauen sich mittags nicht mehr vor die Tür.",
                    "Mehr Bäume sind gut, aber sie müssen in den ersten Jahren gegossen werden. "
                    "Vielleicht können Nachbarschaften Gießpatenschaften übernehmen.",
                    "Auf dem Schulhof gibt es keinen Schatten. Die Kinder stehen in den Pausen "
                    "in der prallen Sonne.",
                    "Trinkbrunnen am Marktplatz wären eine einfache und schnelle Hilfe.",
                    "Bei Starkregen läuft bei uns regelmäßig der Keller voll. Entsiegelte "
                    "Flächen würden auch dagegen helfen.",
                ],
            },
        ],
    },
    {
        "process": "Offene Daten: Leitlinien für Bochum",
        "title": "Umfrage zu gewünschten Daten",
        "introduction": """\
Welche Daten der Stadt Bochum sollen **offen** bereitstehen, und in welcher Form? Die Ergebnisse
dieser Umfrage fließen in den Entwurf der Leitlinien ein.
""",
        "anonymous": True,
        "results_public": True,
        "responses": 150,
        "signed_in_share": 0.6,
        "questions": [
            {
                "kind": "multiple",
                "text": "Welche Daten der Stadt interessieren Sie?",
                "required": True,
                "choices": [
                    "Verkehrszählungen",
                    "Haushaltsdaten",
                    "Baumkataster",
                    "Luftqualität",
                    "Parkplatzbelegung",
                    "Bebauungspläne",
                ],
                "weights": [35, 20, 15, 40, 30, 18],
                "other": True,
                "other_texts": ["Lärmkarten", "Fahrradzählstellen", "Wahlergebnisse je Bezirk"],
            },
            {
                "kind": "single",
                "text": "In welcher Form nutzen Sie Daten am liebsten?",
                "required": True,
                "choices": [
                    "Tabellen (CSV oder Excel)",
                    "Karten",
                    "Programmierschnittstelle (API)",
                    "Diagramme auf der Website",
                ],
                "weights": [30, 35, 15, 20],
            },
            {
                "kind": "scale",
                "text": "Wie wichtig ist Ihnen eine offene Lizenz für die Daten?",
                "required": False,
                "labels": ("unwichtig", "sehr wichtig"),
                "weights": [5, 8, 20, 30, 37],
                "answer_rate": 0.9,
            },
            {
                "kind": "short_text",
                "text": "Welchen Datensatz vermissen Sie am meisten?",
                "required": False,
                "answer_rate": 0.3,
                "texts": [
                    "Echtzeitdaten der Parkhäuser",
                    "Baustellen mit Dauer",
                    "Belegung der Ladesäulen",
                    "Öffnungszeiten aller städtischen Einrichtungen",
                    "Pegelstände der Bäche",
                ],
            },
        ],
    },
    {
        "process": "Gründen in Bochum: Was brauchen Start-ups?",
        "title": "Befragung für Gründerinnen und Gründer",
        "introduction": """\
Was brauchen Sie, damit aus Ihrer Idee in Bochum ein Unternehmen wird? Die Befragung richtet
sich an Gründerinnen und Gründer, Studierende und alle, die mit dem Gedanken spielen.
""",
        "anonymous": False,
        "results_public": False,
        "responses": 60,
        "signed_in_share": 1.0,
        "questions": [
            {
                "kind": "single",
                "text": "In welcher Phase ist Ihr Vorhaben?",
                "required": True,
                "choices": [
                    "Eine erste Idee",
                    "Gründung in Vorbereitung",
                    "Gegründet, jünger als drei Jahre",
                    "Gegründet, älter als drei Jahre",
                    "Ich gründe nicht, interessiere mich aber",
                ],
                "weights": [25, 25, 20, 10, 20],
            },
            {
                "kind": "multiple",
                "text": "Welche Unterstützung wünschen Sie sich?",
                "required": True,
                "choices": [
                    "Beratung zur Finanzierung",
                    "Günstige Büro- und Werkstatträume",
                    "Mentoring durch erfahrene Gründerinnen und Gründer",
                    "Kontakte zu den Hochschulen",
                    "Aufträge der Stadt als erste Kundin",
                    "Digitale Antragsverfahren",
                ],
                "weights": [30, 35, 25, 15, 20, 25],
                "min": 1,
                "max": 3,
            },
            {
                "kind": "scale",
                "text": "Wie gründungsfreundlich ist Bochum heute?",
                "required": True,
                "labels": ("gar nicht", "sehr"),
                "weights": [8, 22, 38, 24, 8],
            },
            {
                "kind": "ranking",
                "text": "Was sollte die Stadt zuerst verbessern?",
                "required": True,
                "choices": [
                    "Genehmigungen beschleunigen",
                    "Räume bereitstellen",
                    "Netzwerke fördern",
                    "Finanzierung erleichtern",
                ],
                "weights": [35, 25, 15, 25],
            },
            {
                "kind": "long_text",
                "text": "Was fehlt Ihnen in Bochum am meisten?",
                "required": False,
                "answer_rate": 0.3,
                "texts": [
                    "Bezahlbare Werkstätten für Hardware-Start-ups.",
                    "Eine zentrale Anlaufstelle, die alle Förderprogramme kennt.",
                    "Mehr Austausch zwischen den Hochschulen und dem Mittelstand.",
                    "Schnellere Rückmeldungen der Verwaltung.",
                ],
            },
        ],
    },
    {
        "process": "Digitale Sprechstunde für Seniorinnen und Senioren",
        "title": "Themen und Zeiten der digitalen Sprechstunde",
        "introduction": """\
Zu welchen Themen und zu welchen Zeiten würden Sie eine digitale Sprechstunde nutzen? Die
Befragung beginnt mit der Befragungsphase; Papierbögen liegen in allen Begegnungsstätten aus.
""",
        "anonymous": True,
        "results_public": False,
        "responses": 0,
        "signed_in_share": 0.0,
        "questions": [
            {
                "kind": "multiple",
                "text": "Bei welchen Themen wünschen Sie sich Hilfe?",
                "required": True,
                "choices": [
                    "Smartphone und Tablet einrichten",
                    "Videotelefonie mit der Familie",
                    "Online-Banking",
                    "Termine bei Ärzten und Ämtern online buchen",
                    "Sicher im Internet",
                ],
                "other": True,
            },
            {
                "kind": "single",
                "text": "Zu welcher Tageszeit passt Ihnen eine Sprechstunde am besten?",
                "required": True,
                "choices": ["Vormittags", "Mittags", "Nachmittags", "Abends"],
            },
            {
                "kind": "scale",
                "text": "Wie sicher fühlen Sie sich im Umgang mit dem Smartphone?",
                "required": False,
                "labels": ("gar nicht sicher", "sehr sicher"),
            },
        ],
    },
]


def _window(process: Process, builder: DemoBuilder) -> tuple[datetime, datetime]:
    """Where responses fall: the survey phase, up to the evening before the demo's base day."""
    phase = next(p for p in process.phases if p.kind == "survey")
    end = min(phase.end_dt, builder.base - timedelta(hours=3))
    return phase.start_dt, max(end, phase.start_dt)


def _build_survey(spec: dict[str, Any], process: Process, published: datetime) -> Survey:
    survey = Survey(
        process=process,
        title=spec["title"],
        introduction_source=spec["introduction"].strip(),
        introduction=render_markdown(spec["introduction"]),
        anonymous_allowed=spec["anonymous"],
        status=SurveyStatus.PUBLISHED,
        results_public=spec["results_public"],
        published_dt=published,
        created_dt=published - timedelta(days=10),
        updated_dt=published,
    )
    for position, q in enumerate(spec["questions"]):
        kind = QuestionKind(q["kind"])
        labels = q.get("labels", ("", ""))
        question = Question(
            position=position,
            kind=kind.value,
            text=q["text"],
            help_text=q.get("help", ""),
            required=q["required"],
            min_choices=q.get("min") if kind == QuestionKind.MULTIPLE else None,
            max_choices=q.get("max") if kind == QuestionKind.MULTIPLE else None,
            scale_min_label=labels[0],
            scale_max_label=labels[1],
            allow_other=bool(q.get("other")),
            added_after_publish=False,
        )
        for choice_position, text in enumerate(q.get("choices", [])):
            question.choices.append(Choice(position=choice_position, text=text))
        survey.questions.append(question)
    db.session.add(survey)
    return survey


def _answer_rows(
    question: Question, spec: dict[str, Any], rng: random.Random
) -> list[dict[str, Any]]:
    """One respondent's answer to one question (rows without response_id)."""
    kind = question.kind_enum
    if not question.required and rng.random() > spec.get("answer_rate", 0.8):
        return []
    weights = spec.get("weights")

    def row(**values: Any) -> dict[str, Any]:
        base = {"question_id": question.id, "choice_id": None, "text": None, "value": None}
        return {**base, "rank": None, **values}

    if kind == QuestionKind.SINGLE:
        if question.offers_other and rng.random() < 0.05:
            return [row(text=rng.choice(spec["other_texts"]))]
        choice = rng.choices(question.choices, weights=weights)[0]
        return [row(choice_id=choice.id)]
    if kind == QuestionKind.MULTIPLE:
        wanted = rng.randint(question.fewest, min(question.most, 3))
        picked: list[Choice] = []
        pool = list(question.choices)
        pool_weights = list(weights or [1] * len(pool))
        while len(picked) < wanted and pool:
            index = rng.choices(range(len(pool)), weights=pool_weights)[0]
            picked.append(pool.pop(index))
            pool_weights.pop(index)
        rows = [row(choice_id=c.id) for c in sorted(picked, key=lambda c: c.position)]
        if question.offers_other and len(rows) < question.most and rng.random() < 0.08:
            rows.append(row(text=rng.choice(spec["other_texts"])))
        return rows
    if kind == QuestionKind.SCALE:
        return [row(value=rng.choices(range(1, 6), weights=weights)[0])]
    if kind == QuestionKind.RANKING:
        # Weighted order without replacement: popular options tend to come first.
        pool = list(question.choices)
        pool_weights = list(weights or [1] * len(pool))
        order: list[Choice] = []
        while pool:
            index = rng.choices(range(len(pool)), weights=pool_weights)[0]
            order.append(pool.pop(index))
            pool_weights.pop(index)
        return [row(choice_id=c.id, rank=rank) for rank, c in enumerate(order, start=1)]
    return [row(text=rng.choice(spec["texts"]))]


@demo_step(300, "surveys")
def build_demo_surveys(builder: DemoBuilder) -> None:
    """Four surveys (ended with public results, running, upcoming) and their responses."""
    processes = {p.title: p for p in builder.report.processes}
    citizens = list(
        db.session.scalars(
            select(User.id)
            .where(User.role == Role.CITIZEN, User.email.like(f"%@{demo_data.DEMO_DOMAIN}"))
            .order_by(User.id)
        )
    )
    counts = _response_counts(builder.responses)
    for spec, count in zip(SURVEYS, counts, strict=True):
        process = processes.get(spec["process"])
        if process is None:
            continue
        rng = builder.rng(f"surveys:{spec['title']}")
        start, end = _window(process, builder)
        survey = _build_survey(spec, process, min(start, builder.base) - timedelta(days=2))
        db.session.flush()
        if count and end > start:
            _respond(survey, {**spec, "responses": count}, citizens, start, end, rng, builder)


def _response_counts(total: int | None) -> list[int]:
    """Responses per survey: the specs' own, or ``total`` split in the same proportions."""
    own = [spec["responses"] for spec in SURVEYS]
    if total is None or not sum(own):
        return own
    scaled = [total * n // sum(own) for n in own]
    # The rounding remainder goes to the survey with the most responses.
    scaled[own.index(max(own))] += total - sum(scaled)
    return scaled


def _respond(
    survey: Survey,
    spec: dict[str, Any],
    citizens: list[int],
    start: datetime,
    end: datetime,
    rng: random.Random,
    builder: DemoBuilder,
) -> None:
    signed_in = min(len(citizens), round(spec["responses"] * spec["signed_in_share"]))
    # Anonymous responses fill up when there are fewer citizens than signed-in responses.
    anonymous = spec["responses"] - signed_in if survey.anonymous_allowed else 0
    people = rng.sample(citizens, signed_in)
    span = (end - start).total_seconds()
    rows = []
    for n in range(signed_in + anonymous):
        at = start + timedelta(seconds=rng.uniform(0, span))
        rows.append(
            {
                "survey_id": survey.id,
                "user_id": people[n] if n < signed_in else None,
                "anonymous_key": None
                if n < signed_in
                else anonymous_key(survey.id, f"demo-browser-{rng.getrandbits(64):016x}"),
                "created_dt": at,
                "updated_dt": at,
            }
        )
    rows.sort(key=lambda r: r["created_dt"])
    with builder.progress(len(rows), f"Survey: {survey.title}") as bar:
        answers: list[dict[str, Any]] = []
        for offset in range(0, len(rows), CHUNK):
            chunk = rows[offset : offset + CHUNK]
            ids = db.session.scalars(
                insert(Response).returning(Response.id, sort_by_parameter_order=True), chunk
            ).all()
            for response_id in ids:
                for question, q_spec in zip(survey.questions, spec["questions"], strict=True):
                    for row in _answer_rows(question, q_spec, rng):
                        answers.append({"response_id": response_id, **row})
                if len(answers) >= CHUNK:
                    db.session.execute(insert(Answer), answers)
                    answers = []
            bar.update(len(chunk))
        if answers:
            db.session.execute(insert(Answer), answers)
