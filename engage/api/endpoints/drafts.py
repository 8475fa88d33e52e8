"""API: the ids of the published drafts of each process (field ``drafts`` of a process)."""

from __future__ import annotations

from collections.abc import Sequence

from engage.api.endpoints.processes import process_extra
from engage.drafts import queries


@process_extra("drafts")
def draft_ids(process_ids: Sequence[int]) -> dict[int, list[int]]:
    """The published drafts of each process (one query for the whole page)."""
    return queries.published_ids_by_process(process_ids)
