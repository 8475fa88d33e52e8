"""Every message the code and templates use has its German translation (German is the default
language, so a missing entry shows English to most visitors)."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set:
    # The same extraction as `make translations-extract`.
    pot = tmp_path_factory.mktemp("catalog") / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--ignore-dirs",
            ".* __pycache__ node_modules",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return {message.id for message in read_po(fh) if message.id}


def test_templates_in_underscore_folders_are_extracted(extracted):
    # templates/_macros holds the shared comment thread; pybabel skips such folders by default.
    assert "Send reply" in extracted


def test_every_message_has_a_german_translation(extracted):
    with (ROOT / "translations" / "de" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="de")
    translated = {
        message.id
        for message in catalog
        if message.id
        and not message.fuzzy
        and (all(message.string) if isinstance(message.string, tuple) else message.string)
    }
    missing = sorted(str(m) for m in extracted - translated)
    assert missing == [], f"{len(missing)} messages without German translation: {missing[:20]}"
