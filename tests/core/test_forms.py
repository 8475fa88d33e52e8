"""The base form trims and cleans input, and honours keep_whitespace for every instance."""

from wtforms import StringField, TextAreaField

from engage.core.forms import BaseForm


class _Form(BaseForm):
    class Meta:
        csrf = False

    name = StringField()
    poem = TextAreaField(keep_whitespace=True)


def test_strings_are_trimmed_and_cleaned_but_keep_whitespace_is_kept(app):
    with app.test_request_context(method="POST", data={"name": "  Ruth\x00 ", "poem": "  a\n"}):
        for _ in range(3):  # the unbound fields are shared by every instance
            form = _Form()
            assert form.name.data == "Ruth"
            assert form.poem.data == "  a\n"
