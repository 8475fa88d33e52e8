"""The password and address rules on their own."""

from __future__ import annotations

import pytest

from engage.accounts import validation
from engage.accounts.validation import (
    is_common_password,
    normalize_display_name,
    normalize_email,
    password_problem,
)


def test_common_password_list_is_shipped_and_loaded_once():
    validation.common_passwords.cache_clear()
    first = validation.common_passwords()
    assert validation.common_passwords() is first
    assert len(first) > 3000
    assert {"123456", "passwort", "hallo123", "schalke04", "qwertzuiop"} <= first
    assert not any(line.startswith("#") for line in first)


@pytest.mark.parametrize(
    ("password", "common"),
    [
        ("Passwort", True),
        ("PASSWORT1234", True),
        ("sommer2026!", True),
        ("!!!dortmund09", True),
        ("1q2w3e4r5t", True),
        ("ich liebe dich", True),
        ("Bochum-Glueckauf-2026", False),
        ("Kohle Stahl Zeche Pott", False),
        ("abc!", False),  # a short core is not matched (the length rule catches it)
    ],
)
def test_common_passwords_are_recognised_with_decoration(password, common):
    assert is_common_password(password) is common


@pytest.mark.parametrize(
    ("password", "email", "problem"),
    [
        ("short", None, "at least 10"),
        ("x" * 129, None, "at most 128"),
        ("ok-but-\x00-nul-inside", None, "control characters"),
        ("qwertzuiop", None, "too common"),
        ("my-Erika.M-rocks", "erika.m@example.org", "e-mail address"),
        ("my-ab-password-9", "ab@example.org", None),
        ("Zeche-Zollverein-1932", "erika@example.org", None),
    ],
)
def test_password_rules(password, email, problem):
    result = password_problem(password, email)
    if problem is None:
        assert result is None
    else:
        assert problem in str(result)


def test_addresses_and_names_are_normalised():
    assert normalize_email("  Erika@Example.ORG ") == "erika@example.org"
    for bad in ("", "no-at", "a@b", "x" * 250 + "@example.org", "a\x00b@example.org"):
        with pytest.raises(ValueError):
            normalize_email(bad)
    assert normalize_display_name("  Erika   Muster\tfrau ") == "Erika Muster frau"
    for bad in ("", "x", " y ", "z" * 61):
        with pytest.raises(ValueError):
            normalize_display_name(bad)
