from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.access import access_object, register_url_id
from campaigns.models import Campaign, ImportJob

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from accounts.models import User

    AnyUser = User | AnonymousUser


def access_campaign(user: AnyUser, campaign_id: int, *, write: bool = False) -> Campaign:
    qs = Campaign.objects.visible_to(user).select_related("region")
    return access_object(qs, user, campaign_id, write=write)


def access_import_job(user: AnyUser, job_id: int, *, write: bool = False) -> ImportJob:
    qs = ImportJob.objects.visible_to(user).select_related("campaign", "campaign__region")
    return access_object(qs, user, job_id, write=write)


def visible_jobs(user: AnyUser, campaign: Campaign) -> QuerySet[ImportJob]:
    """The campaign's uploads the user may see (the narrower of the uploader's scope and the campaign's)."""
    return ImportJob.objects.visible_to(user).filter(campaign=campaign).select_related("uploaded_by")


register_url_id("campaign_id", Campaign)
register_url_id("job_id", ImportJob)
