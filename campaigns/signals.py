"""The background work the campaign actions ask for, sent inside the action's transaction. `campaigns.tasks`
enqueues it (a receiver per signal, connected when the app is ready), so neither the actions nor the import
steps import the tasks."""

from django.dispatch import Signal

check_requested = Signal()  # job_id: check an uploaded sheet
import_requested = Signal()  # job_id: import a checked sheet
# posyandu_ids, months (ISO dates; none: the whole history), history (the whole history after the months)
figures_requested = Signal()
