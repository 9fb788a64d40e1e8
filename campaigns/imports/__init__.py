"""The bulk import of a campaign sheet, one module per step: `read` the uploaded file into cells, `parse` each
row's cells, `check` every row against the campaign and the register (`match`ing children to it), `kept` the
check's result for the import that follows, `prepare` each row's visit with its results (`assess`: many
visits at once), and `write` them in one transaction (`inserts`: bulk inserts). `uploads` keeps and deletes
the uploaded files. The user's verbs are in `campaigns.actions`, the background jobs in `campaigns.tasks`."""

from __future__ import annotations

from typing import Any

CHUNK = 900  # ids per IN (...) query
PROGRESS_EVERY = 2000  # rows between two updates of a job's progress


def chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]
