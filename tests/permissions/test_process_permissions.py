"""Who may see, manage and take part in a process: role × status, role × phase × action."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import FROZEN_AT
from flask_login import AnonymousUserMixin

from engage.organisations.models import Organisation
from engage.processes import permissions as perms
from engage.processes.phases import (
    ANSWER_SURVEY,
    COMMENT,
    COMMENT_DRAFT,
    SUBMIT_IDEA,
    SUPPORT,
)

START = FROZEN_AT + timedelta(days=1)
END = FROZEN_AT + timedelta(days=15)

# --- view and manage: status × role ----------------------------------------------------------

# role → may view a draft, may manage (the process belongs to BOGESTRA)
MANAGE_TABLE = {
    "visitor": (False, False),
    "citizen": (False, False),
    "moderator_own": (True, True),
    "moderator_other": (False, False),
    "moderator_all": (True, True),
    "innovation": (False, False),
    "admin": (True, True),
}


@pytest.fixture
def make_person(make_user):
    """``make_person(role_key)``: a person in these roles (own organisation: BOGESTRA)."""

    def factory(key: str):
        if key == "visitor":
            return AnonymousUserMixin()
        if key == "citizen":
            return make_user("citizen")
        if key == "moderator_own":
            return make_user("moderator", organisations=("bogestra",))
        if key == "moderator_other":
            return make_user("moderator", organisations=("stadtwerke",))
        if key == "moderator_all":
            return make_user("moderator", all_organisations=True)
        if key == "innovation":
            return make_user("innovation")
        if key == "admin":
            return make_user("admin")
        raise ValueError(key)

    return factory


@pytest.fixture
def english(app):
    """A request context in English, for localised messages and dates."""
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


@pytest.mark.parametrize("status", ["draft", "published", "archived"])
@pytest.mark.parametrize("role", list(MANAGE_TABLE))
def test_view_and_manage(make_person, make_process, status, role):
    process = make_process(status=status, organisation="bogestra")
    person = make_person(role)
    may_view_draft, may_manage = MANAGE_TABLE[role]
    expected_view = True if status != "draft" else may_view_draft
    assert perms.can_view_process(person, process) is expected_view
    assert perms.can_manage_process(person, process) is may_manage


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", {}),
        ("citizen", {}),
        ("moderator_own", {"bogestra"}),
        ("moderator_other", {"stadtwerke"}),
        ("moderator_all", {"bogestra", "stadtwerke"}),
        ("innovation", {}),
        ("admin", {"bogestra", "stadtwerke"}),
    ],
)
def test_create_process_for_organisation(session, make_person, role, expected):
    person = make_person(role)
    for slug in ("bogestra", "stadtwerke"):
        organisation = session.query(Organisation).filter_by(slug=slug).one()
        assert perms.can_create_process(person, organisation) is (slug in expected)


# --- participation: role × phase state × action ----------------------------------------------

ACTION_KIND = {
    SUBMIT_IDEA: "ideas",
    SUPPORT: "support",
    COMMENT: "ideas",
    ANSWER_SURVEY: "survey",
    COMMENT_DRAFT: "comment",
}
PREDICATES = {
    SUBMIT_IDEA: perms.can_submit_idea,
    SUPPORT: perms.can_support,
    COMMENT: perms.can_comment,
    ANSWER_SURVEY: perms.can_answer_survey,
    COMMENT_DRAFT: perms.can_comment_draft,
}
MOMENTS = {
    "before": START - timedelta(hours=1),
    "during": START + timedelta(hours=1),
    "after": END,  # the end is exclusive
}
# Any confirmed account takes part as a citizen, whatever its role.
PARTICIPANTS = {
    "visitor": False,
    "citizen": True,
    "moderator_own": True,
    "moderator_other": True,
    "innovation": True,
    "admin": True,
}


@pytest.mark.parametrize("action", list(ACTION_KIND))
@pytest.mark.parametrize("state", list(MOMENTS))
@pytest.mark.parametrize("role", list(PARTICIPANTS))
def test_participation(english, clock, make_person, make_process, role, state, action):
    process = make_process(phases=[(ACTION_KIND[action], START, END)])
    person = make_person(role)
    clock.set(MOMENTS[state])
    expected = PARTICIPANTS[role] and state == "during"
    assert PREDICATES[action](person, process) is expected
    assert (perms.participation_denial(person, process, action) is None) is expected


# kind of the running phase → the actions it allows
KIND_TABLE = {
    "ideas": {SUBMIT_IDEA, SUPPORT, COMMENT},
    "support": {SUPPORT, COMMENT},
    "survey": {ANSWER_SURVEY},
    "comment": {COMMENT_DRAFT},
    "evaluation": set(),
}


@pytest.mark.parametrize("action", list(ACTION_KIND))
@pytest.mark.parametrize("kind", list(KIND_TABLE))
def test_what_each_kind_of_phase_allows(english, clock, make_user, make_process, kind, action):
    process = make_process(phases=[(kind, START, END)])
    clock.set(MOMENTS["during"])
    assert PREDICATES[action](make_user(), process) is (action in KIND_TABLE[kind])


@pytest.mark.parametrize("status", ["draft", "archived"])
@pytest.mark.parametrize("role", ["citizen", "moderator_own", "admin"])
def test_no_participation_unless_published(english, clock, make_person, make_process, status, role):
    process = make_process(status=status, phases=[("ideas", START, END)])
    clock.set(MOMENTS["during"])
    denial = perms.participation_denial(make_person(role), process, SUBMIT_IDEA)
    assert denial == "This participation is not open for this."
    assert denial.reason == "not_open"


@pytest.mark.parametrize(
    ("state", "anonymous_allowed", "expected"),
    [
        ("before", True, False),
        ("during", True, True),
        ("after", True, False),
        ("during", False, False),
    ],
)
def test_visitors_answer_anonymous_surveys(
    english, clock, make_process, state, anonymous_allowed, expected
):
    process = make_process(phases=[("survey", START, END)])
    clock.set(MOMENTS[state])
    for visitor in (AnonymousUserMixin(), None):
        allowed = perms.can_answer_survey(visitor, process, anonymous_allowed=anonymous_allowed)
        assert allowed is expected


# --- why not ---------------------------------------------------------------------------------


def test_denial_before_the_phase_names_its_start(english, clock, make_user, make_process):
    process = make_process(phases=[("ideas", START, END)])
    clock.set(MOMENTS["before"])
    denial = perms.participation_denial(make_user(), process, SUBMIT_IDEA)
    # 2026-05-05 10:00 UTC is 12:00 in Bochum (summer time).
    assert denial == "This phase has not started yet. It starts on May 5, 2026, 12:00\u202fPM."
    assert (denial.reason, denial.status) == ("not_started", 409)


def test_denial_before_names_the_next_phase_that_allows_the_action(
    english, clock, make_user, make_process
):
    later = END + timedelta(days=7)
    process = make_process(
        phases=[("survey", START, END), ("support", END, later)],
    )
    clock.set(MOMENTS["during"])  # the survey runs; supporting comes next
    denial = perms.participation_denial(make_user(), process, SUPPORT)
    assert denial.reason == "not_started"
    assert "May 19, 2026" in denial


def test_denial_after_the_phase(english, clock, make_user, make_process):
    process = make_process(phases=[("ideas", START, END)])
    clock.set(MOMENTS["after"])
    denial = perms.participation_denial(make_user(), process, COMMENT)
    assert denial == "This phase has ended."
    assert (denial.reason, denial.status) == ("ended", 409)


def test_denial_for_an_action_no_phase_offers(english, clock, make_user, make_process):
    process = make_process(phases=[("ideas", START, END)])
    clock.set(MOMENTS["during"])
    denial = perms.participation_denial(make_user(), process, COMMENT_DRAFT)
    assert denial == "This participation is not open for this."
    assert denial.reason == "not_open"


def test_denial_asks_visitors_to_sign_in(english, clock, make_process):
    process = make_process(phases=[("ideas", START, END)])
    clock.set(MOMENTS["during"])
    denial = perms.participation_denial(None, process, SUBMIT_IDEA)
    assert denial == "Please sign in to take part."
    assert (denial.reason, denial.status) == ("sign_in", 401)


def test_phase_comes_before_sign_in(english, clock, make_process):
    process = make_process(phases=[("ideas", START, END)])
    clock.set(MOMENTS["after"])
    assert perms.participation_denial(None, process, SUBMIT_IDEA).reason == "ended"


def test_unconfirmed_accounts_are_asked_to_confirm(english, clock, make_user, make_process):
    process = make_process(phases=[("ideas", START, END)])
    clock.set(MOMENTS["during"])
    person = make_user(confirmed=False)
    denial = perms.participation_denial(person, process, SUBMIT_IDEA)
    assert denial.reason == "confirm_email"
    assert not perms.can_submit_idea(person, process)


def test_denial_in_german(app, clock, make_user, make_process):
    process = make_process(phases=[("ideas", START, END)])
    clock.set(MOMENTS["before"])
    with app.test_request_context("/", headers={"Accept-Language": "de"}):
        denial = perms.participation_denial(make_user(), process, SUBMIT_IDEA)
    # German catalogs come later; the date is German already.
    assert "05.05.2026, 12:00." in denial


def test_predicates_need_no_request(app, clock, make_user, make_process):
    """Booleans do not build messages, so the CLI and background jobs can ask them."""
    process = make_process(phases=[("ideas", START, END)])
    clock.set(MOMENTS["during"])
    assert perms.can_submit_idea(make_user(), process)
    clock.set(MOMENTS["after"])
    assert not perms.can_submit_idea(make_user(), process)
