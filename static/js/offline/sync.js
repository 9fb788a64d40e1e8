// Sending the records made on the phone (docs/offline.md "Sync"): the waiting records go in order, in batches,
// to the one sync endpoint; the server applies each through the same action as the online form and answers
// item by item. "saved": the record leaves the outbox and the server's stored result is kept; "refused": it
// stays, marked, with the server's message. A failed request changes nothing on the phone.
export const BATCH = 50;

export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export class SyncError extends Error {
  constructor(kind, detail) {
    super(detail || kind);
    this.kind = kind; // "network", "login" or "server"
  }
}

// A send unanswered this long (a signal that comes and goes can leave it hanging) counts as no signal: the
// records are sent again later, and the server stores each once (its client_uuid).
export const SEND_TIMEOUT_MS = 60000;

async function post(url, items) {
  let response;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), SEND_TIMEOUT_MS);
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ items: items }),
      signal: abort.signal,
    });
  } catch (error) {
    throw new SyncError("network", String(error));
  } finally {
    clearTimeout(timer);
  }
  const type = response.headers.get("Content-Type") || "";
  if (response.status >= 500) {
    throw new SyncError("server", String(response.status)); // a proxy's error page is no ended session
  }
  if (response.redirected || response.status === 401 || response.status === 403 || !type.includes("json")) {
    throw new SyncError("login");
  }
  if (!response.ok) {
    throw new SyncError("server", String(response.status));
  }
  return response.json();
}

// Send every waiting record; returns {saved, refused}. Records refused before are sent again only after
// they were fixed (fixing puts them back to "waiting").
export async function syncAll(store, url) {
  const waiting = (await store.outbox()).filter((r) => r.status === "waiting");
  const counts = { saved: 0, refused: 0 };
  for (let start = 0; start < waiting.length; start += BATCH) {
    const batch = waiting.slice(start, start + BATCH);
    const body = await post(url, batch.map((r) => ({ client_uuid: r.client_uuid, kind: r.kind, data: r.data })));
    for (const answer of body.items || []) {
      if (answer.status === "saved") {
        await store.settle(answer.client_uuid, answer);
        counts.saved += 1;
      } else {
        await store.refuse(answer.client_uuid, answer);
        counts.refused += 1;
      }
    }
  }
  await store.setMeta("last_sync", new Date().toISOString());
  return counts;
}
