"""Catalog upkeep: English is the source language, so its catalog mirrors the msgids.

``python tools/i18n.py fill-en`` sets every empty or fuzzy English msgstr to its msgid
(plural forms too), so that the English catalog is complete by construction.
``python tools/i18n.py missing de`` lists the msgids the German catalog still lacks.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def _path(lang: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"


def fill_en() -> int:
    path = _path("en")
    with path.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        wanted = tuple(message.id) if isinstance(message.id, tuple) else message.id
        if message.string != wanted or message.fuzzy:
            message.string = wanted
            message.flags.discard("fuzzy")
            changed += 1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    return changed


def missing(lang: str) -> list[str]:
    with _path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "fill-en":
        print(f"English catalog: {fill_en()} message(s) filled")
    elif command == "missing":
        items = missing(sys.argv[2] if len(sys.argv) > 2 else "de")
        print("\n".join(items))
        print(f"{len(items)} missing", file=sys.stderr)
        sys.exit(1 if items else 0)
    else:
        print(__doc__)
        sys.exit(2)
