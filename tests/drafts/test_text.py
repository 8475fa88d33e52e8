"""Splitting a draft into paragraphs, mapping paragraphs across versions, word diffs."""

from types import SimpleNamespace

from engage.drafts.text import Block, compare, map_keys, split_paragraphs, word_diff


def test_split_at_blank_lines_keeps_headings_and_line_breaks():
    source = (
        "# Ziele\n\nErster Absatz\nzweite Zeile.\n\n\n  Zweiter Absatz.  \n## Umsetzung\nDritter."
    )
    blocks = split_paragraphs(source)
    assert blocks == [
        Block("heading", "Ziele"),
        Block("paragraph", "Erster Absatz\nzweite Zeile."),
        Block("paragraph", "Zweiter Absatz."),
        Block("heading", "Umsetzung"),
        Block("paragraph", "Dritter."),
    ]


def test_split_ignores_empty_headings_and_windows_newlines():
    assert split_paragraphs("#\r\n\r\nEins\r\n\r\nZwei") == [
        Block("paragraph", "Eins"),
        Block("paragraph", "Zwei"),
    ]
    assert split_paragraphs("   \n\n ") == []


def _old(*texts):
    return [(f"k{i}", "paragraph", t) for i, t in enumerate(texts, start=1)]


def test_inserted_paragraph_keeps_the_keys_of_the_others():
    old = _old("Alpha eins.", "Beta zwei.", "Gamma drei.")
    new = [
        Block("paragraph", t) for t in ("Neu davor.", "Alpha eins.", "Beta zwei.", "Gamma drei.")
    ]
    mapped = map_keys(old, new, lambda j: f"new{j}")
    assert [key for _b, key, _p in mapped] == ["new0", "k1", "k2", "k3"]


def test_lightly_edited_paragraph_keeps_its_key_rewritten_one_does_not():
    old = _old(
        "Die Buslinie 336 soll im Takt von zehn Minuten fahren.",
        "Die Haltestellen werden barrierefrei umgebaut.",
    )
    new = [
        Block("paragraph", "Die Buslinie 336 soll im Takt von 10 Minuten fahren."),
        Block("paragraph", "Wir pflanzen hundert Bäume am Kortumpark."),
    ]
    mapped = map_keys(old, new, lambda j: f"new{j}")
    assert [key for _b, key, _p in mapped] == ["k1", "new1"]


def test_word_diff_marks_insertions_and_deletions():
    segments = word_diff("Der Bus fährt alle zehn Minuten.", "Der Bus fährt alle 10 Minuten.")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "Der Bus fährt alle "),
        ("delete", "zehn"),
        ("insert", "10"),
        ("equal", " Minuten."),
    ]


def test_compare_reports_added_removed_changed_in_reading_order():
    def p(key, text, number, pid):
        return SimpleNamespace(key=key, kind="paragraph", text=text, number=number, id=pid)

    old = [p("a", "Eins.", 1, 1), p("b", "Zwei.", 2, 2), p("c", "Drei.", 3, 3)]
    new = [p("x", "Neu.", 1, 4), p("a", "Eins.", 2, 5), p("c", "Drei!", 3, 6)]
    changes = compare(old, new)
    assert [(c.status, c.new_number, c.old_number) for c in changes] == [
        ("added", 1, None),
        ("unchanged", 2, 1),
        ("removed", None, 2),
        ("changed", 3, 3),
    ]
    assert any(s.op == "insert" and s.text == "Drei!" for s in changes[-1].segments)
