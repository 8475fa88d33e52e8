"""The builder's messages about a question's texts are whole sentences per field (no subject
glued into a shared sentence)."""

from __future__ import annotations

import pytest

from engage.surveys import operations as ops
from engage.surveys.models import HELP_TEXT_MAX, QUESTION_TEXT_MAX, SCALE_LABEL_MAX


def test_too_long_and_bad_characters_per_field(app):
    with (
        app.test_request_context(headers={"Accept-Language": "en"}),
        pytest.raises(ops.SurveyError) as err,
    ):
        ops.validate_question_input(
            kind="scale",
            text="x" * (QUESTION_TEXT_MAX + 1),
            help_text="Hilfe\x07",
            scale_min_label="y" * (SCALE_LABEL_MAX + 1),
            scale_max_label="sehr\x07",
        )
    assert err.value.errors["text"] == (
        f"The question can have at most {QUESTION_TEXT_MAX} characters."
    )
    assert err.value.errors["help_text"] == (
        "The explanation contains characters that are not allowed."
    )
    assert err.value.errors["scale_min_label"] == (
        f"The label can have at most {SCALE_LABEL_MAX} characters."
    )
    assert err.value.errors["scale_max_label"] == (
        "The label contains characters that are not allowed."
    )


def test_explanation_limit(app):
    with (
        app.test_request_context(headers={"Accept-Language": "en"}),
        pytest.raises(ops.SurveyError) as err,
    ):
        ops.validate_question_input(kind="short_text", text="Frage?", help_text="h" * 501)
    assert err.value.errors["help_text"] == (
        f"The explanation can have at most {HELP_TEXT_MAX} characters."
    )
