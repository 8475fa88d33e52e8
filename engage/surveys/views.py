"""Survey pages: answering (without JavaScript), results with charts and tables, exports, and
the builder for the moderators of the owning organisation.

Thin views: load (404), check permission (403), validate (re-render with the errors at their
questions or fields), one operation, one commit, redirect (303)."""

from __future__ import annotations

import secrets
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask import session as web_session
from flask_babel import format_decimal, format_percent, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from engage.accounts import audit
from engage.core.charts import Bar, bar_chart, distribution_chart
from engage.core.errors import abort_with
from engage.core.pagination import clamp_page
from engage.core.permissions import require
from engage.extensions import db, limiter
from engage.processes import queries as process_queries
from engage.processes.models import Process
from engage.processes.permissions import can_manage_process, can_view_process
from engage.surveys import exports, queries, results
from engage.surveys import operations as ops
from engage.surveys import permissions as perms
from engage.surveys.forms import (
    OTHER,
    QuestionForm,
    SurveyForm,
    answers_from_form,
    apply_errors,
)
from engage.surveys.models import (
    QUESTION_KIND_LABELS,
    SCALE_MAX,
    SCALE_MIN,
    SURVEY_STATUS_LABELS,
    Question,
    QuestionKind,
    Survey,
)

bp = Blueprint("surveys", __name__)

BROWSER_KEY = "survey_browser"  # the random id of this browser for anonymous answers
DEFAULT_ANON_LIMIT = "10 per hour"
DEFAULT_POSTING_LIMIT = "30 per minute;300 per hour"
TEXTS_PER_PAGE = 25


def _anonymous_limit() -> str:
    return current_app.config.get("RATELIMIT_SURVEY_ANON", DEFAULT_ANON_LIMIT)


def _posting_limit() -> str:
    return current_app.config.get("RATELIMIT_POSTING", DEFAULT_POSTING_LIMIT)


# Anonymous answers per address (only answers that were saved count); signed-in people answer
# once per account anyway and share the platform's posting limit.
anonymous_answer_limit = limiter.limit(
    _anonymous_limit,
    methods=["POST"],
    scope="survey-anonymous",
    exempt_when=lambda: current_user.is_authenticated,
    deduct_when=lambda response: response.status_code == 303,
)
posting_limit = limiter.limit(_posting_limit, methods=["POST"], scope="survey-posting")


# --- loading ------------------------------------------------------------------------------------


def _user() -> Any:
    return current_user if current_user.is_authenticated else None


def _browser_id(*, create: bool = False) -> str | None:
    """This browser's random id for anonymous answers (kept in the signed session cookie)."""
    value = web_session.get(BROWSER_KEY)
    if isinstance(value, str) and 20 <= len(value) <= 64:
        return value
    if not create:
        return None
    value = secrets.token_urlsafe(24)
    web_session[BROWSER_KEY] = value
    web_session.permanent = True  # one answer per browser, also after it was closed
    return value


def _survey_or_404(survey_id: int) -> Survey:
    survey = queries.survey_for_page(survey_id)
    if survey is None or not perms.can_view_survey(current_user, survey):
        abort(404)
    return survey


def _managed_survey(survey_id: int) -> Survey:
    survey = _survey_or_404(survey_id)
    require(perms.can_manage_survey(current_user, survey))
    return survey


def _question_of(survey: Survey, question_id: int) -> Question:
    for question in survey.questions:
        if question.id == question_id:
            return question
    abort(404)


def _process_or_404(process_id: int) -> Process:
    process = process_queries.process_for_page(process_id)
    if process is None or not can_view_process(current_user, process):
        abort(404)
    return process


def _refuse(err: ops.SurveyError) -> None:
    """A refusal no form field explains: sign in, or an error page with the reason."""
    if err.status == 401:
        require(False)
    abort_with(err.status if err.status in (403, 409) else 400, err.message)


@bp.app_template_global("process_surveys")
def process_surveys(process: Process) -> queries.ProcessSurveys:
    """The surveys of a process for its page (templates/processes/_surveys.html)."""
    return queries.process_surveys(process, _user(), _browser_id())


@bp.app_template_global("survey_kind_label")
def survey_kind_label(kind: str) -> str:
    return str(QUESTION_KIND_LABELS.get(kind, kind))


# --- answering ----------------------------------------------------------------------------------


def form_state(survey: Survey, answers: dict[int, ops.AnswerInput]) -> dict[int, dict[str, Any]]:
    """What the answer form shows in each field (stored answers, or what was just sent)."""
    state = {}
    for question in survey.questions:
        answer = answers.get(question.id) or ops.AnswerInput()
        chosen = {str(x) for x in answer.choice_ids}
        if answer.other and question.kind_enum.has_choices:
            chosen.add(OTHER)
        state[question.id] = {
            "chosen": chosen,
            "other_text": answer.other_text if isinstance(answer.other_text, str) else "",
            "text": answer.text if isinstance(answer.text, str) else "",
            "value": "" if answer.value is None else str(answer.value),
            "ranks": {str(cid): str(rank) for cid, rank in answer.ranks},
        }
    return state


def _render_survey(
    survey: Survey,
    *,
    state: dict[int, dict[str, Any]],
    errors: dict[str, str] | None = None,
    status: int = 200,
    answered: bool = False,
):
    user = _user()
    return (
        render_template(
            "surveys/detail.html",
            survey=survey,
            process=survey.process,
            denial=perms.answer_denial(user, survey),
            state=state,
            errors=errors or {},
            answered=answered,
            ends=perms.answering_ends(survey.process),
            can_see_results=perms.can_see_results(user, survey),
            can_manage=perms.can_manage_survey(user, survey),
            scale=range(SCALE_MIN, SCALE_MAX + 1),
            other=OTHER,
            preview=False,
        ),
        status,
    )


@bp.get("/surveys/<int:survey_id>")
def detail(survey_id: int):
    """The survey: its introduction and the answer form while it can be answered."""
    survey = _survey_or_404(survey_id)
    response = queries.find_response(survey, _user(), _browser_id())
    state = form_state(survey, queries.answers_as_input(response))
    return _render_survey(survey, state=state, answered=response is not None)


@bp.post("/surveys/<int:survey_id>")
@anonymous_answer_limit
@posting_limit
def answer(survey_id: int):
    """Save the answers (or change the answers given before)."""
    survey = _survey_or_404(survey_id)
    user = _user()
    denial = perms.answer_denial(user, survey)
    if denial is not None:
        _refuse(ops.SurveyError.from_denial(denial))
    answers = answers_from_form(survey, request.form)
    browser = None if user is not None else _browser_id(create=True)
    try:
        _response, created = ops.submit_response(survey, user, answers, browser_id=browser)
    except ops.SurveyError as err:
        if not err.errors:
            _refuse(err)
        answered = queries.find_response(survey, user, browser) is not None
        return _render_survey(
            survey,
            state=form_state(survey, answers),
            errors=err.errors,
            status=422,
            answered=answered,
        )
    db.session.commit()
    if created:
        flash(_("Thank you! Your answers have been saved."), "success")
    else:
        flash(_("Your changed answers have been saved."), "success")
    return redirect(url_for(".detail", survey_id=survey.id), 303)


# --- results ------------------------------------------------------------------------------------


def _percent(share: float) -> str:
    """A share as a localised percentage with one decimal ("35,7 %" / "35.7%")."""
    locale = get_locale()
    pattern = locale.percent_formats[None].pattern if locale else "#,##0%"
    head = pattern.partition(";")[0]
    pattern = head.replace("0%", "0.0%").replace("0\xa0%", "0.0\xa0%").replace("0 %", "0.0 %")
    return format_percent(share, pattern)


def _count_and_share(count: int, share: float) -> str:
    return _("%(count)s (%(share)s)", count=format_decimal(count), share=_percent(share))


def _chart(result: results.QuestionResult) -> Markup | None:
    """The chart of one question (its table is in the template)."""
    q = result.question
    chart_id = f"chart-q{q.id}"
    title = f"{result.number}. {q.text}"
    if result.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        figures = list(result.choices) + ([result.other] if result.other else [])
        bars = [
            Bar(
                f.text if f.id is not None else _("Other"),
                f.count,
                _count_and_share(f.count, f.share),
            )
            for f in figures
        ]
        return bar_chart(
            bars,
            title=title,
            description=ngettext(
                "Bar chart: how many of the %(num)s person who answered this question chose "
                "each answer.",
                "Bar chart: how many of the %(num)s people who answered this question chose "
                "each answer.",
                result.respondents,
            ),
            chart_id=chart_id,
            max_value=result.respondents,
        )
    if result.kind == QuestionKind.SCALE:
        columns = [
            Bar(str(f.value), f.count, _count_and_share(f.count, f.share)) for f in result.scale
        ]
        return distribution_chart(
            columns,
            title=title,
            description=_(
                "Column chart: how many people chose each value from %(low)d (%(low_label)s) "
                "to %(high)d (%(high_label)s).",
                low=SCALE_MIN,
                high=SCALE_MAX,
                low_label=q.scale_min_label,
                high_label=q.scale_max_label,
            ),
            chart_id=chart_id,
            low_label=f"{SCALE_MIN} = {q.scale_min_label}",
            high_label=f"{SCALE_MAX} = {q.scale_max_label}",
        )
    if result.kind == QuestionKind.RANKING:
        bars = [
            Bar(
                f.text,
                f.points,
                ngettext(
                    "%(points)s point",
                    "%(points)s points",
                    f.points,
                    points=format_decimal(f.points),
                ),
            )
            for f in result.ranking
        ]
        return bar_chart(
            bars,
            title=title,
            description=_(
                "Bar chart: the points of each option in the ranking, most points first."
            ),
            chart_id=chart_id,
            max_value=result.max_points or None,
        )
    return None


def _results_or_refuse(survey_id: int) -> Survey:
    survey = _survey_or_404(survey_id)
    if not perms.can_see_results(current_user, survey):
        if not current_user.is_authenticated and survey.results_public:
            abort_with(403, _("The results will be shown here once the survey has ended."))
        abort_with(
            403,
            _("The results of this survey have not been published yet."),
        )
    return survey


@bp.get("/surveys/<int:survey_id>/results")
def results_page(survey_id: int):
    """Counts, shares, charts and tables for every question; the latest free texts."""
    survey = _results_or_refuse(survey_id)
    figures = results.survey_results(survey)
    charts = {r.question.id: _chart(r) for r in figures.questions}
    return render_template(
        "surveys/results.html",
        survey=survey,
        process=survey.process,
        figures=figures,
        charts=charts,
        percent=_percent,
        can_export=perms.can_export_responses(current_user, survey),
        can_manage=perms.can_manage_survey(current_user, survey),
        public_now=perms.can_see_results(None, survey),
        phase_over=perms.survey_phase_over(survey.process),
    )


@bp.get("/surveys/<int:survey_id>/results/questions/<int:question_id>")
def texts_page(survey_id: int, question_id: int):
    """All free-text answers of one question (or its texts of "other"), searchable."""
    survey = _results_or_refuse(survey_id)
    question = _question_of(survey, question_id)
    if not (question.kind_enum.is_text or question.offers_other):
        abort(404)  # only free texts and the texts of "other" are listed
    q = " ".join((request.args.get("q") or "").replace("\x00", "").split())[:100]
    page, per_page = clamp_page(
        request.args.get("page"), request.args.get("per_page"), default_per_page=TEXTS_PER_PAGE
    )
    texts = results.text_answers(question, q=q or None, page=page, per_page=per_page)
    return render_template(
        "surveys/texts.html",
        survey=survey,
        process=survey.process,
        question=question,
        number=survey.questions.index(question) + 1,
        texts=texts,
        q=q,
    )


def _export_allowed(survey_id: int) -> Survey:
    survey = _survey_or_404(survey_id)
    require(perms.can_export_responses(current_user, survey))
    return survey


@bp.get("/surveys/<int:survey_id>/responses.csv")
def export_csv(survey_id: int):
    """The anonymised responses as CSV (UTF-8 with BOM, comma-separated)."""
    survey = _export_allowed(survey_id)
    audit.record("survey_exported", actor=current_user, survey=survey.id, format="csv")
    db.session.commit()
    return Response(
        stream_with_context(exports.csv_stream(survey)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{exports.filename(survey, "csv")}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/surveys/<int:survey_id>/responses.xlsx")
def export_xlsx(survey_id: int):
    """The anonymised responses as an Excel workbook."""
    survey = _export_allowed(survey_id)
    data = exports.xlsx_file(survey)
    audit.record("survey_exported", actor=current_user, survey=survey.id, format="xlsx")
    db.session.commit()
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="{exports.filename(survey, "xlsx")}"',
            "Cache-Control": "no-store",
        },
    )


# --- the builder --------------------------------------------------------------------------------


@bp.get("/processes/<int:process_id>/surveys")
def manage(process_id: int):
    """The surveys of a process for its moderators: drafts and published, with their answers."""
    process = _process_or_404(process_id)
    require(can_manage_process(current_user, process))
    surveys = queries.surveys_of_process(process, drafts=True)
    return render_template(
        "surveys/manage.html",
        process=process,
        surveys=surveys,
        counts=queries.response_counts([s.id for s in surveys]),
        status_labels=SURVEY_STATUS_LABELS,
    )


@bp.route("/processes/<int:process_id>/surveys/new", methods=["GET", "POST"])
def create(process_id: int):
    """Create a draft survey."""
    process = _process_or_404(process_id)
    require(can_manage_process(current_user, process))
    form = SurveyForm()
    status = 200
    if form.validate_on_submit():
        try:
            data = ops.validate_survey_input(
                form.title.data, form.introduction.data, form.anonymous_allowed.data
            )
        except ops.SurveyError as err:
            apply_errors(form, err.errors)
            status = 422
        else:
            survey = ops.create_survey(current_user, process, data)
            db.session.commit()
            flash(_("The survey has been created. Now add its questions."), "success")
            return redirect(url_for(".builder", survey_id=survey.id), 303)
    elif form.errors:
        status = 422
    return render_template(
        "surveys/survey_form.html", form=form, process=process, survey=None
    ), status


@bp.get("/surveys/<int:survey_id>/build")
def builder(survey_id: int):
    """The builder's overview: settings, questions with their actions, publishing."""
    survey = _managed_survey(survey_id)
    responses = queries.response_counts([survey.id]).get(survey.id, 0)
    return render_template(
        "surveys/builder.html",
        survey=survey,
        process=survey.process,
        responses=responses,
        locked=survey.is_published and responses > 0,
        problems=ops.publication_problems(survey),
        kinds=list(QuestionKind),
        status_labels=SURVEY_STATUS_LABELS,
        phase_over=perms.survey_phase_over(survey.process),
    )


@bp.route("/surveys/<int:survey_id>/settings", methods=["GET", "POST"])
def settings(survey_id: int):
    """Change title, introduction and whether visitors may answer anonymously."""
    survey = _managed_survey(survey_id)
    form = SurveyForm()
    status = 200
    if request.method == "GET":
        form.title.data = survey.title
        form.introduction.data = survey.introduction_source
        form.anonymous_allowed.data = survey.anonymous_allowed
    elif form.validate_on_submit():
        try:
            data = ops.validate_survey_input(
                form.title.data, form.introduction.data, form.anonymous_allowed.data
            )
        except ops.SurveyError as err:
            apply_errors(form, err.errors)
            status = 422
        else:
            ops.update_survey(current_user, survey, data)
            db.session.commit()
            flash(_("The survey has been saved."), "success")
            return redirect(url_for(".builder", survey_id=survey.id), 303)
    else:
        status = 422
    return (
        render_template(
            "surveys/survey_form.html", form=form, process=survey.process, survey=survey
        ),
        status,
    )


def _question_page(survey: Survey, form: QuestionForm, question: Question | None, status: int):
    locked = survey.is_published and ops.has_responses(survey)
    kind = form.kind.data if form.kind.data in set(QuestionKind) else QuestionKind.SINGLE.value
    if question is not None and locked:
        kind = question.kind  # its kind cannot change any more
    return (
        render_template(
            "surveys/question_form.html",
            survey=survey,
            process=survey.process,
            form=form,
            question=question,
            kind=QuestionKind(kind),
            locked=locked,
        ),
        status,
    )


def _save_question(survey: Survey, form: QuestionForm, question: Question | None):
    """Validate and save; the page again with the errors, or a redirect to the builder."""
    try:
        data = ops.validate_question_input(**form.values())
        if question is None:
            question = ops.add_question(current_user, survey, data)
        else:
            ops.update_question(current_user, question, data)
    except ops.SurveyError as err:
        rest = apply_errors(form, err.errors)
        for message in rest or ([] if err.errors else [err.message]):
            flash(message, "error")
        return None
    db.session.commit()
    return question


@bp.route("/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
def new_question(survey_id: int):
    """Add a question of the kind chosen in the builder (``?kind=``)."""
    survey = _managed_survey(survey_id)
    form = QuestionForm()
    if request.method == "GET":
        kind = request.args.get("kind", QuestionKind.SINGLE.value)
        form.kind.data = kind if kind in set(QuestionKind) else QuestionKind.SINGLE.value
        if form.kind.data == QuestionKind.SCALE:
            form.scale_min_label.data = _("not at all")
            form.scale_max_label.data = _("very much")
        return _question_page(survey, form, None, 200)
    if not form.validate_on_submit():
        return _question_page(survey, form, None, 422)
    question = _save_question(survey, form, None)
    if question is None:
        return _question_page(survey, form, None, 422)
    flash(_("The question has been added."), "success")
    return redirect(
        url_for(".builder", survey_id=survey.id, _anchor=f"question-{question.id}"), 303
    )


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
def edit_question(survey_id: int, question_id: int):
    """Change a question (a locked survey only takes changes that keep results comparable)."""
    survey = _managed_survey(survey_id)
    question = _question_of(survey, question_id)
    form = QuestionForm()
    if request.method == "GET":
        form.load(question)
        return _question_page(survey, form, question, 200)
    if not form.validate_on_submit():
        return _question_page(survey, form, question, 422)
    if _save_question(survey, form, question) is None:
        return _question_page(survey, form, question, 422)
    flash(_("The question has been saved."), "success")
    return redirect(
        url_for(".builder", survey_id=survey.id, _anchor=f"question-{question_id}"), 303
    )


@bp.post("/surveys/<int:survey_id>/questions/<int:question_id>/move")
def move_question(survey_id: int, question_id: int):
    """Move a question one place up or down (a button each, no JavaScript)."""
    survey = _managed_survey(survey_id)
    question = _question_of(survey, question_id)
    direction = request.form.get("direction", "")
    if direction not in {"up", "down"}:
        abort(400)
    if ops.move_question(current_user, question, direction):
        db.session.commit()
        flash(_("The question has been moved."), "success")
    return redirect(
        url_for(".builder", survey_id=survey.id, _anchor=f"question-{question_id}"), 303
    )


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/delete", methods=["GET", "POST"])
def delete_question(survey_id: int, question_id: int):
    """Delete a question after confirmation (not once people have answered)."""
    survey = _managed_survey(survey_id)
    question = _question_of(survey, question_id)
    if request.method == "POST":
        try:
            ops.delete_question(current_user, question)
        except ops.SurveyError as err:
            _refuse(err)
        db.session.commit()
        flash(_("The question has been deleted."), "success")
        return redirect(url_for(".builder", survey_id=survey.id), 303)
    return render_template(
        "surveys/confirm_delete.html",
        survey=survey,
        process=survey.process,
        question=question,
        locked=survey.is_published and ops.has_responses(survey),
    )


@bp.get("/surveys/<int:survey_id>/preview")
def preview(survey_id: int):
    """The answer form as people will see it, read-only."""
    survey = _managed_survey(survey_id)
    return render_template(
        "surveys/preview.html",
        survey=survey,
        process=survey.process,
        state=form_state(survey, {}),
        errors={},
        scale=range(SCALE_MIN, SCALE_MAX + 1),
        other=OTHER,
        preview=True,
    )


@bp.post("/surveys/<int:survey_id>/publish")
def publish(survey_id: int):
    """Publish a draft."""
    survey = _managed_survey(survey_id)
    try:
        ops.publish_survey(current_user, survey)
    except ops.SurveyError as err:
        flash(err.message, "error")
        return redirect(url_for(".builder", survey_id=survey.id), 303)
    db.session.commit()
    flash(_("The survey has been published."), "success")
    return redirect(url_for(".builder", survey_id=survey.id), 303)


@bp.post("/surveys/<int:survey_id>/results-visibility")
def results_visibility(survey_id: int):
    """Publish the results (public once the survey phase has ended) or withdraw them."""
    survey = _managed_survey(survey_id)
    public = request.form.get("public") == "1"
    try:
        ops.set_results_public(current_user, survey, public)
    except ops.SurveyError as err:
        flash(err.message, "error")
        return redirect(url_for(".builder", survey_id=survey.id), 303)
    db.session.commit()
    if public:
        flash(_("The results have been published."), "success")
    else:
        flash(_("The results are no longer public."), "success")
    return redirect(url_for(".builder", survey_id=survey.id), 303)


@bp.route("/surveys/<int:survey_id>/delete", methods=["GET", "POST"])
def delete(survey_id: int):
    """Delete a survey nobody has answered yet, after confirmation."""
    survey = _managed_survey(survey_id)
    process = survey.process
    if request.method == "POST":
        try:
            ops.delete_survey(current_user, survey)
        except ops.SurveyError as err:
            _refuse(err)
        db.session.commit()
        flash(_("The survey has been deleted."), "success")
        return redirect(url_for(".manage", process_id=process.id), 303)
    return render_template(
        "surveys/confirm_delete.html",
        survey=survey,
        process=process,
        question=None,
        locked=ops.has_responses(survey),
    )
