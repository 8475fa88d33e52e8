"""A draft's text: split into numbered paragraphs, paragraphs mapped across versions, diffs.

Pure functions on strings (no database), so that splitting, mapping and diffing are tested
directly. Mapping and diffs use :mod:`difflib`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from engage.core.text import normalize_text

# A paragraph of the new version keeps the identity of an old one it replaces when their texts
# are at least this similar (difflib ratio): typo fixes and small rewordings keep their comments'
# link; a rewritten paragraph starts afresh.
SIMILAR_RATIO = 0.6

_HEADING = re.compile(r"^#{1,6}\s*")
_BLANK = re.compile(r"\n[ \t]*\n")
_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Block:
    """A paragraph or heading as split from the source text."""

    kind: str  # "heading" or "paragraph"
    text: str


def split_paragraphs(source: str) -> list[Block]:
    """Split at blank lines; a line starting with ``#`` is a heading of its own.

    Lines inside a paragraph are kept (line breaks are shown); surrounding spaces are removed.
    """
    text = normalize_text(source or "").replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for chunk in _BLANK.split(text):
        lines: list[str] = []
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                if lines:
                    blocks.append(Block("paragraph", "\n".join(lines)))
                    lines = []
                heading = _HEADING.sub("", line).strip()
                if heading:
                    blocks.append(Block("heading", heading))
                continue
            lines.append(line)
        if lines:
            blocks.append(Block("paragraph", "\n".join(lines)))
    return blocks


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def map_keys(
    old: list[tuple[str, str, str]], new: list[Block], fresh_key
) -> list[tuple[Block, str, str | None]]:
    """Give each new block a key: its predecessor's when unchanged or lightly edited.

    ``old`` holds ``(key, kind, text)`` of the previous version in order; ``fresh_key(i)``
    makes a key for the new block at index ``i``. Returns ``(block, key, predecessor_key)``
    with ``predecessor_key`` ``None`` for an added block.
    """
    a = [f"{kind}\x00{_comparable(text)}" for _key, kind, text in old]
    b = [f"{blk.kind}\x00{_comparable(blk.text)}" for blk in new]
    result: list[tuple[Block, str, str | None]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(j2 - j1):
                key = old[i1 + offset][0]
                result.append((new[j1 + offset], key, key))
            continue
        candidates = list(range(i1, i2))  # old blocks replaced or deleted here
        for j in range(j1, j2):
            block = new[j]
            best, best_ratio = None, SIMILAR_RATIO
            for i in candidates:
                if old[i][1] != block.kind:
                    continue
                ratio = difflib.SequenceMatcher(
                    None, _comparable(old[i][2]), _comparable(block.text), autojunk=False
                ).ratio()
                if ratio >= best_ratio:
                    best, best_ratio = i, ratio
            if best is None:
                result.append((block, fresh_key(j), None))
            else:
                # Keep order: an old block matched here cannot be matched again or skipped back.
                candidates = [i for i in candidates if i > best]
                result.append((block, old[best][0], old[best][0]))
    return result


# --- diffs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of text in a word diff: ``op`` is ``equal``, ``insert`` or ``delete``."""

    op: str
    text: str


@dataclass
class ParagraphChange:
    """How one paragraph differs between two versions (``status``: unchanged, changed, added,
    removed); ``segments`` is the word diff of a changed paragraph."""

    status: str
    kind: str
    new_text: str | None = None
    old_text: str | None = None
    new_number: int | None = None
    old_number: int | None = None
    new_id: int | None = None
    old_id: int | None = None
    segments: list[Segment] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[Segment]:
    """Word-level differences between two texts (whitespace kept), merged into runs."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(b[j1:j2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return segments


def compare(old: list, new: list) -> list[ParagraphChange]:
    """The changes from the paragraphs ``old`` to ``new`` (objects with ``key``, ``kind``,
    ``text``, ``number``, ``id``), in reading order of the new version; removed paragraphs
    appear where they stood."""
    new_keys = {p.key for p in new}
    old_by_key = {p.key: p for p in old}
    changes: list[ParagraphChange] = []
    old_iter = iter(old)

    def flush_removed_until(key: str | None) -> None:
        # Emit old paragraphs that vanished, up to the old position of ``key``.
        for p in old_iter:
            if p.key == key:
                return
            if p.key not in new_keys:
                changes.append(
                    ParagraphChange(
                        "removed", p.kind, old_text=p.text, old_number=p.number, old_id=p.id
                    )
                )

    for p in new:
        before = old_by_key.get(p.key)
        if before is None:
            changes.append(
                ParagraphChange("added", p.kind, new_text=p.text, new_number=p.number, new_id=p.id)
            )
            continue
        flush_removed_until(p.key)
        same = before.text == p.text
        changes.append(
            ParagraphChange(
                "unchanged" if same else "changed",
                p.kind,
                new_text=p.text,
                old_text=before.text,
                new_number=p.number,
                old_number=before.number,
                new_id=p.id,
                old_id=before.id,
                segments=[] if same else word_diff(before.text, p.text),
            )
        )
    flush_removed_until(None)
    return changes
