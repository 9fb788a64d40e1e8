"""The background work the OpenSID actions ask for, sent inside the action's transaction; `tasks` enqueues it,
so the actions do not import the tasks (as `campaigns.signals`)."""

from django.dispatch import Signal

check_requested = Signal()  # job_id: check an uploaded export
import_requested = Signal()  # job_id: import a checked export
