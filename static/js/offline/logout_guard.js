// Logging out with records not yet sent warns first and never deletes them (docs/offline.md "What is stored
// where"): they stay in this user's IndexedDB and are sent when the user logs in again. The offline day
// keeps the number of unsent records in localStorage (unsentKey), so the warning needs no wait and the
// logout is not delayed.
import { unsentKey } from "./keys.js";

const body = document.body;
if (body.dataset.userId) {
  for (const form of document.querySelectorAll("form[data-logout]")) {
    form.addEventListener("submit", (event) => {
      const count = Number(window.localStorage.getItem(unsentKey(body.dataset.userId)) || 0);
      if (count && !window.confirm((body.dataset.logoutUnsent || "").replace("%(count)s", count))) {
        event.preventDefault();
      }
    });
  }
} else if ("serviceWorker" in navigator) {
  // A page without a login (the login page after logging out): the offline day's stored page names the
  // user who logged out and opens her records, so the service worker forgets it.
  navigator.serviceWorker.getRegistration(body.dataset.offlineScope).then((registration) => {
    if (registration && registration.active) registration.active.postMessage("forget-shell");
  });
}
