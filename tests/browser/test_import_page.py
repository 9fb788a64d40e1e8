"""The import page follows its job without a reload: the check and the import run in the background (a
worker in production), the page polls the job, and every status brings its own actions — the error report
and the import choice once checked, "Batalkan" only while the job can still be cancelled, and no more
polling once the job waits for the user or has ended."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from campaigns import tasks
from campaigns.models import ImportJob, ImportStatus
from campaigns.tests.conftest import BAD, GOOD, csv_bytes
from tests.browser.conftest import log_in, shot
from visits.models import Visit

pytestmark = [pytest.mark.browser]


class HeldPolls:
    """Holds the page's htmx polls in the browser while the test plays the worker.

    The live server shares the test's in-memory database connection, so the test must not write while a
    request is being served. htmx queues a poll while the previous one is in flight; once one poll is held
    here, the server is idle until it is let go. Playwright runs the handler only while the test is inside a
    Playwright call, so a poll made meanwhile waits in the browser."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.held: list[Route] = []
        page.route("**/kampanye/impor/*/", self._handle)

    def _handle(self, route: Route) -> None:
        if route.request.headers.get("hx-request"):
            self.held.append(route)
        else:
            route.continue_()

    def run_worker(self, work: Any) -> None:
        """Wait for the next poll (held), do the background `work` meanwhile, then let the polls go on."""
        for _attempt in range(100):
            if self.held:
                break
            self.page.wait_for_timeout(100)
        assert self.held, "the page does not poll its job"
        work()
        while self.held:
            self.held.pop(0).continue_()


def test_the_import_page_follows_its_job_without_a_reload(
    desktop: Page, live_server: Any, browser_world: Any, settings: Any, tmp_path: Path
) -> None:
    # The dummy backend queues the tasks without running them: the page starts as the worker finds it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    world = browser_world
    page = desktop
    polls = HeldPolls(page)
    sheet = tmp_path / "operasi-timbang-agustus.csv"
    sheet.write_bytes(csv_bytes([*GOOD, *BAD]))
    log_in(page, live_server.url, "kabupaten")
    page.goto(f"{live_server.url}/kampanye/{world.campaign.pk}/")
    page.get_by_label("Berkas hasil penimbangan").set_input_files(str(sheet))
    page.get_by_role("button", name="Unggah dan periksa").click()

    status = page.get_by_test_id("job-status")
    cancel = page.get_by_role("button", name="Batalkan impor")
    expect(status).to_have_text("Menunggu diperiksa")
    expect(cancel).to_be_visible()
    expect(page.get_by_test_id("start-import")).to_have_count(0)
    job = ImportJob.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    shot(page, "import_waiting_for_check")

    polls.run_worker(lambda: tasks.check_job(job.pk))
    expect(status).to_have_text("Siap diimpor")
    expect(page.get_by_test_id("error-rows")).to_have_text("3")
    expect(page.get_by_test_id("issue-row")).to_have_count(3)
    expect(page.get_by_test_id("errors-xlsx")).to_be_visible()
    expect(page.get_by_test_id("start-import")).to_be_visible()
    expect(cancel).to_be_visible()  # still cancellable until imported
    expect(page.locator("#job-status")).not_to_have_attribute("hx-trigger", "every 1s")
    shot(page, "import_checked_without_reload")

    page.get_by_test_id("start-import").click()
    expect(status).to_have_text("Sedang diimpor")
    expect(page.get_by_test_id("start-import")).to_have_count(0)
    expect(cancel).to_be_visible()
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING

    polls.run_worker(lambda: tasks.import_job(job.pk))
    expect(status).to_have_text("Selesai diimpor")
    expect(page.get_by_test_id("stored-visits")).to_have_text("3")
    expect(cancel).to_have_count(0)
    expect(page.get_by_role("link", name="Lihat cakupan dan prevalensi")).to_be_visible()
    expect(page.locator("#job-status")).not_to_have_attribute("hx-trigger", "every 1s")
    assert Visit.objects.filter(campaign=world.campaign).count() == 3
    shot(page, "import_done_without_reload")
