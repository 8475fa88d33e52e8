"""Roles and organisation scope: engage.accounts.permissions as tables."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from engage.accounts import permissions as perms
from engage.organisations.models import Organisation


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


def _org(session, slug: str) -> Organisation:
    return session.query(Organisation).filter_by(slug=slug).one()


# role → is_staff, is_admin, moderates BOGESTRA, moderates Stadtwerke, reports, manage users
ROLE_TABLE = [
    ("visitor", False, False, False, False, False, False),
    ("citizen", False, False, False, False, False, False),
    ("moderator_own", True, False, True, False, True, False),
    ("moderator_other", True, False, False, True, True, False),
    ("moderator_all", True, False, True, True, True, False),
    ("innovation", True, False, False, False, True, False),
    ("admin", True, True, True, True, True, True),
]


@pytest.mark.parametrize(
    ("role", "staff", "admin", "bogestra", "stadtwerke", "reports", "users"), ROLE_TABLE
)
def test_role_predicates(
    session, make_person, role, staff, admin, bogestra, stadtwerke, reports, users
):
    person = make_person(role)
    assert perms.is_staff(person) is staff
    assert perms.is_admin(person) is admin
    assert perms.can_moderate_organisation(person, _org(session, "bogestra")) is bogestra
    assert perms.can_moderate_organisation(person, _org(session, "stadtwerke")) is stadtwerke
    # The id works as well as the object.
    assert perms.can_moderate_organisation(person, _org(session, "bogestra").id) is bogestra
    assert perms.can_read_reports(person) is reports
    assert perms.can_manage_users(person) is users


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", set()),
        ("citizen", set()),
        ("moderator_own", {"bogestra"}),
        ("moderator_other", {"stadtwerke"}),
        ("moderator_all", None),
        ("innovation", set()),
        ("admin", None),
    ],
)
def test_moderated_organisation_ids(session, make_person, role, expected):
    person = make_person(role)
    ids = perms.moderated_organisation_ids(person)
    if expected is None:
        assert ids is None
    else:
        assert ids == {_org(session, slug).id for slug in expected}
    assert perms.can_moderate_anything(person) is (expected is None or bool(expected))


def test_moderator_of_several_organisations(session, make_user):
    moderator = make_user("moderator", organisations=("bogestra", "usb"))
    assert perms.moderated_organisation_ids(moderator) == {
        _org(session, "bogestra").id,
        _org(session, "usb").id,
    }
    assert not perms.can_moderate_organisation(moderator, _org(session, "stadtwerke"))


def test_memberships_do_not_make_a_citizen_a_moderator(session, make_user):
    citizen = make_user("citizen", organisations=("bogestra",), all_organisations=True)
    assert not perms.can_moderate_organisation(citizen, _org(session, "bogestra"))
    assert perms.moderated_organisation_ids(citizen) == set()


@pytest.mark.parametrize("state", ["unconfirmed", "deleted"])
def test_unusable_accounts_hold_no_rights(session, make_user, clock, state):
    fields = {"confirmed": False} if state == "unconfirmed" else {"deleted_dt": clock.now()}
    admin = make_user("admin", **fields)
    assert not perms.is_admin(admin)
    assert not perms.is_staff(admin)
    assert not perms.can_moderate_organisation(admin, _org(session, "bogestra"))
    assert perms.moderated_organisation_ids(admin) == set()
    assert not perms.can_manage_users(admin)


def test_none_is_a_visitor(session):
    assert not perms.is_staff(None)
    assert not perms.can_moderate_organisation(None, _org(session, "bogestra"))
    assert perms.moderated_organisation_ids(None) == set()
