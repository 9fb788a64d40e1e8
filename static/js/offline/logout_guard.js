// Logging out with records not yet sent warns first and never deletes them (docs/offline.md "Logging out"):
// they stay in this user's IndexedDB and are sent when the user logs in again. A confirmed logout also
// forgets the offline day's page, which names the user.
import { unsentCount } from "./store.js";

const body = document.body;
const userId = body.dataset.userId;
const message = body.dataset.logoutUnsent || "";

async function forgetShell() {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration(body.dataset.offlineScope || "/offline/");
  if (registration && registration.active) registration.active.postMessage("forget-shell");
}

for (const form of document.querySelectorAll("form[data-logout]")) {
  form.addEventListener("submit", async (event) => {
    if (form.dataset.confirmed) return;
    event.preventDefault();
    let count = 0;
    try {
      count = userId ? await unsentCount(userId) : 0;
    } catch (error) {
      count = 0; // no IndexedDB on this browser: nothing can be waiting
    }
    if (count && !window.confirm(message.replace("%(count)s", count))) return;
    await forgetShell();
    form.dataset.confirmed = "1";
    form.submit();
  });
}
