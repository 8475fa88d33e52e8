"""The API's endpoint modules, one per area (``themes``, ``processes``, ``accounts``, …).

Every module in this package is imported when the blueprint is built, so an area adds its
endpoints by adding a module here; nothing else needs to be edited.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module


def load_all() -> list[str]:
    """Import every endpoint module (sorted by name, so the document's order is stable)."""
    names = sorted(
        info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")
    )
    for name in names:
        import_module(f"{__name__}.{name}")
    return names
