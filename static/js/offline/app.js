// The offline posyandu day (docs/offline.md): the day's screens working from the register stored on the phone.
// Results are computed here with the server's rules (rules data from /offline/aturan.json, the WHO tables from
// /offline/tabel-who.json, evaluated by assess.js and growth.js); records wait in IndexedDB (store.js) and
// go to the server through the one sync endpoint (sync.js), whose stored results replace what the phone showed.
import { unsentKey } from "./keys.js";
import { openStore } from "./store.js";
import { syncAll, SyncError } from "./sync.js";
import { assessVisit, completedMonths, lifeStage, visitorGroup, say, servicesFor, kmsLines } from "./visit.js";

const config = JSON.parse(document.getElementById("offline-config").textContent);
const S = config.strings;
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else if (key === "text") node.textContent = value;
    else node[key] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// Dates are the phone's local calendar dates, as "YYYY-MM-DD" (the server's visit dates).
function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(document.documentElement.lang || "id", { dateStyle: "medium", timeStyle: "short" }) : "";
}

function normalise(text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
}

const app = {
  store: null,
  posyanduId: null,
  doc: null, // the prepared register
  rules: null,
  tables: null,
  today: isoDate(new Date()),
  current: null, // the visit being recorded: {person, group, record}
  history: [], // screens, for "Kembali"
  sendAgain: false, // the last send failed on the server's side: the next check sends again
};

// ---- screens ---------------------------------------------------------------------------------------------

function show(screen, remember = true) {
  const shown = document.querySelector("[data-screen]:not([hidden])");
  if (remember && shown && shown.dataset.screen !== screen) app.history.push(shown.dataset.screen);
  for (const section of document.querySelectorAll("[data-screen]")) {
    section.hidden = section.dataset.screen !== screen;
  }
  window.scrollTo(0, 0);
}

function back() {
  show(app.history.pop() || "day", false);
  if (!app.history.length) renderDay();
}

// ---- status ----------------------------------------------------------------------------------------------

// navigator.onLine only says a network is attached: on a weak signal, or on a Wi-Fi without internet, it says
// true while nothing gets through. The server is asked instead, and a failed send counts as no signal too.
app.online = navigator.onLine;
const RECHECK_MS = 15000;

const PING_TIMEOUT_MS = 4000;

async function checkConnection() {
  // An answer slower than this is no signal to work with: the day opens from the phone meanwhile.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PING_TIMEOUT_MS);
  try {
    app.online = navigator.onLine && (await fetch(config.urls.ping, { cache: "no-store", signal: abort.signal })).ok;
  } catch {
    app.online = false;
  } finally {
    clearTimeout(timer);
  }
  return app.online;
}

async function reconnect() {
  if (!(await checkConnection())) return;
  await renderStatus();
  sync();
}

async function renderStatus() {
  $("net-state").textContent = app.online ? S.online : S.offline;
  $("prepared-state").textContent = app.doc
    ? say(S.prepared, { people: app.doc.people.length, when: when(app.doc.prepared_at) })
    : S.not_prepared;
  const counts = await app.store.counts();
  const parts = [say(S.waiting, { count: counts.waiting })];
  if (counts.refused) parts.push(say(S.refused, { count: counts.refused }));
  $("outbox-state").textContent = parts.join(" · ");
  $("outbox-state").dataset.waiting = counts.waiting;
  window.localStorage.setItem(unsentKey(config.user), counts.waiting + counts.refused);
  $("outbox-state").dataset.refused = counts.refused;
  const last = await app.store.meta("last_sync");
  $("sync-state").textContent = last ? say(S.last_sync, { when: when(last) }) : S.never_synced;
  $("prepare").disabled = !app.online || !app.posyanduId;
  $("sync").disabled = !app.online || !counts.waiting;
}

function note(text) {
  $("sync-state").textContent = text;
}

// ---- preparing: the register, the rules and the WHO tables on the phone -----------------------------------

async function fetchJson(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  const type = response.headers.get("Content-Type") || "";
  if (response.redirected || !type.includes("json")) throw new SyncError("login");
  if (!response.ok) throw new SyncError("server", String(response.status));
  return response.json();
}

async function prepare() {
  if (!app.posyanduId) return;
  $("prepared-state").textContent = S.preparing;
  try {
    const url = config.urls.prepare.replace("/0/", "/" + app.posyanduId + "/");
    const [doc, rules, tables] = await Promise.all([
      fetchJson(url),
      fetchJson(config.urls.rules),
      fetchJson(config.urls.tables),
    ]);
    doc.prepared_at = new Date().toISOString();
    await app.store.saveRegister(doc);
    app.doc = doc;
    app.rules = rules;
    app.tables = tables;
    await renderCampaigns();
  } catch (error) {
    note(error.kind === "login" ? S.login_again : say(S.prepare_failed, { reason: error.message }));
  }
  await renderStatus();
  renderDay();
}

async function loadData() {
  // Through the service worker: the network when there is one, its stored copy without signal.
  try {
    [app.rules, app.tables] = await Promise.all([fetchJson(config.urls.rules), fetchJson(config.urls.tables)]);
  } catch (error) {
    app.rules = app.rules || null;
  }
}

// ---- sync --------------------------------------------------------------------------------------------------

let syncing = false;

async function sync() {
  if (syncing || !app.online) return;
  syncing = true;
  note(S.syncing);
  try {
    const counts = await syncAll(app.store, config.urls.sync);
    app.sendAgain = false;
    await renderStatus();
    note(say(S.sync_done, counts));
  } catch (error) {
    if (error.kind === "network") app.online = false;
    app.sendAgain = error.kind === "server"; // a busy or restarting server: tried again at the next check
    await renderStatus();
    note(error.kind === "login" ? S.login_again : say(S.sync_failed, { reason: error.message }));
  } finally {
    syncing = false;
    renderDay();
  }
}

// ---- the day: kader on duty, search, what was recorded -----------------------------------------------------

function dayKey() {
  return "day:" + app.posyanduId + ":" + app.today;
}

function serverDay() {
  return app.doc.opening_day && app.doc.opening_day.date === app.today;
}

// The opening day the visits of today belong to: the server's (prepared while it was open), or one opened on
// the phone (an "open_day" record), made when the first visit is saved if the kader on duty were not chosen.
async function openingDayRef() {
  if (serverDay()) return app.doc.opening_day.id;
  let ref = await app.store.meta(dayKey());
  if (!ref) {
    const record = await app.store.add("open_day", { posyandu: app.posyanduId, date: app.today, kader: [] });
    ref = record.client_uuid;
    await app.store.setMeta(dayKey(), ref);
  }
  return ref;
}

async function saveDuty(event) {
  event.preventDefault();
  const chosen = [...$("duty-list").querySelectorAll("input:checked")].map((input) => Number(input.value));
  const ref = await app.store.meta(dayKey());
  const existing = ref ? await app.store.record(ref) : null;
  if (existing) {
    existing.data.kader = chosen;
    existing.status = "waiting";
    await app.store.put(existing);
  } else {
    // A day already open on the server (or sent from this phone) is joined: the server adds these kader.
    const record = await app.store.add("open_day", { posyandu: app.posyanduId, date: app.today, kader: chosen });
    if (!serverDay() && !ref) await app.store.setMeta(dayKey(), record.client_uuid);
  }
  await renderStatus();
  if (app.online) sync();
}

// People of the register and those registered on the phone, as one list.
async function everyone() {
  const people = app.doc.people.map((p) => ({ ...p, ref: p.id }));
  for (const record of await app.store.outbox()) {
    if (record.kind === "register_person" && record.data.posyandu === app.posyanduId) {
      people.push({ ...personOf(record.data), id: null, ref: record.client_uuid, offline: true });
    }
  }
  for (const settled of await app.store.results()) {
    if (settled.kind === "register_person" && settled.data.posyandu === app.posyanduId && !people.some((p) => p.id === settled.id)) {
      people.push({ ...personOf(settled.data), id: settled.id, ref: settled.client_uuid });
    }
  }
  return people;
}

// A person registered on the phone, in the register's shape: no weighing yet, no dose given.
function personOf(data) {
  return {
    name: data.name,
    sex: data.sex,
    birth_date: data.birth_date,
    household: data.household,
    mother: data.mother,
    pregnancy: null,
    nifas_until: null,
    weighings: [],
    weighed_earlier: false,
    immunisations: [],
    doses_open: null,
    referrals: [],
  };
}

function householdOf(person) {
  return (app.doc.households || []).find((h) => h.id === person.household) || null;
}

function ageText(person) {
  const months = completedMonths(person.birth_date, app.today);
  return months >= 24
    ? say(S.years_months, { years: Math.floor(months / 12), months: months % 12 })
    : say(S.months, { months: months });
}

async function search() {
  const q = normalise($("offline-q").value);
  const box = $("matches");
  box.replaceChildren();
  if (q.length < 2 || !app.doc) return;
  const found = (await everyone()).filter((p) => normalise(p.name).includes(q)).slice(0, 20);
  if (!found.length) {
    box.append(el("p", { class: "muted", text: S.no_match }));
    return;
  }
  for (const person of found) {
    const button = el("button", { class: "btn", type: "button", text: S.serve });
    button.addEventListener("click", () => openVisit(person));
    box.append(
      el("div", { class: "visitor" },
        el("div", {}, el("strong", { text: person.name }),
          el("div", { class: "small muted", text: [person.sex === "L" ? S.male : S.female, ageText(person), (householdOf(person) || {}).head].filter(Boolean).join(" · ") })),
        button)
    );
  }
}

async function renderDay() {
  if (!app.doc) {
    show("day", false);
    $("day").hidden = true;
    return;
  }
  $("day-title").textContent = app.doc.posyandu.name + " · " + app.today;
  const duty = $("duty-list");
  duty.replaceChildren();
  const ref = await app.store.meta(dayKey());
  const record = ref ? (await app.store.record(ref)) || (await app.store.result(ref)) : null;
  const onDuty = new Set(record ? record.data.kader : serverDay() ? app.doc.opening_day.kader_on_duty : []);
  for (const kader of app.doc.kader) {
    duty.append(el("label", {}, el("input", { type: "checkbox", value: kader.id, checked: onDuty.has(kader.id) }), " " + kader.name));
  }
  await renderRecords();
}

// A weighing campaign (operasi timbang) running today: the day's visits count in its coverage. The choice is
// the select's, filled once per register, so redrawing the day never resets it.
async function renderCampaigns() {
  const running = (app.doc.campaigns || []).filter((c) => c.start_date <= app.today && app.today <= c.end_date);
  const chosen = await app.store.meta("campaign:" + dayKey());
  fillSelect($("campaign"), running.map((c) => [c.id, c.name]));
  $("campaign").value = running.some((c) => c.id === chosen) ? String(chosen) : "";
  $("campaign-field").hidden = !running.length;
}

function badge(text, bad) {
  return el("span", { class: "badge" + (bad ? " badge-bad" : ""), text: text });
}

function summary(result) {
  const badges = [];
  if (!result) return badges;
  if (result.weight_gain) badges.push(badge(result.is_2t ? "2T" : result.weight_gain, result.weight_gain === "T"));
  for (const finding of result.findings || []) {
    if (finding.refer) badges.push(badge(finding.label, true));
  }
  return badges;
}

async function renderRecords() {
  const outbox = $("outbox-list");
  outbox.replaceChildren();
  for (const record of await app.store.outbox()) {
    const row = el("div", { class: "visitor", "data-status": record.status, "data-kind": record.kind },
      el("div", {},
        el("strong", { text: describe(record) }),
        el("div", { class: "small" }, badge(record.status === "refused" ? S.refused_one : S.waiting_one, record.status === "refused"), " ", ...summary(record.shown)),
        record.message ? el("div", { class: "errorlist", text: record.message }) : null,
        ...Object.entries(record.errors || {}).map(([field, messages]) => el("div", { class: "errorlist small", text: field + ": " + [].concat(messages).join(" ") }))));
    if (record.status === "refused") {
      const fix = el("button", { class: "btn btn-secondary", type: "button", text: S.fix });
      fix.addEventListener("click", () => fixRecord(record));
      const discard = el("button", { class: "btn btn-secondary", type: "button", text: S.discard });
      discard.addEventListener("click", async () => {
        if (!window.confirm(S.discard_confirm)) return;
        await app.store.discard(record.client_uuid);
        await renderStatus();
        renderRecords();
      });
      row.append(el("div", { class: "actions" }, fix, discard));
    }
    outbox.append(row);
  }
  const today = $("today-list");
  today.replaceChildren();
  for (const settled of await app.store.results()) {
    if (settled.kind !== "record_visit" || settled.data.date !== app.today) continue;
    today.append(el("div", { class: "visitor", "data-status": "saved" },
      el("div", {}, el("strong", { text: describe(settled) }), el("div", { class: "small" }, ...summary(settled.result)))));
  }
}

function describe(record) {
  if (record.kind === "open_day") return S.opening_day + " " + record.data.date;
  if (record.kind === "register_person") return record.data.name;
  return record.label || "";
}

// ---- registering a visitor ---------------------------------------------------------------------------------

function fillSelect(select, options) {
  select.replaceChildren(el("option", { value: "", text: "—" }), ...options.map(([value, label]) => el("option", { value: value, text: label })));
}

function openRegister(data) {
  const form = $("register-form");
  form.reset();
  fillSelect(form.household, (app.doc.households || []).map((h) => [h.id, h.head + (h.unit ? " · " + h.unit : "")]));
  fillSelect(form.mother, app.doc.people.filter((p) => p.sex === "P").map((p) => [p.id, p.name]));
  for (const [key, value] of Object.entries(data || {})) {
    const field = form.elements[key];
    if (!field) continue;
    if (field.type === "checkbox") field.checked = Boolean(value);
    else field.value = value;
  }
  $("register-errors").replaceChildren(...((data && data.messages) || []).map((m) => el("li", { text: m })));
  $("confirm-new").hidden = !(data && data.duplicates);
  form.dataset.fixing = data && data.client_uuid ? data.client_uuid : "";
  show("register");
}

async function register(event) {
  event.preventDefault();
  const form = $("register-form");
  const data = {
    name: form.name.value.trim(),
    sex: form.sex.value,
    birth_date: form.birth_date.value,
    household: form.household.value ? Number(form.household.value) : null,
    mother: form.mother.value ? Number(form.mother.value) : null,
    nik: form.nik.value.trim(),
    has_kia_book: form.has_kia_book.checked,
    posyandu: app.posyanduId,
    confirm_new: form.confirm_new.checked,
  };
  const errors = [];
  if (!data.name) errors.push(S.name_required);
  if (!data.sex) errors.push(S.sex_required);
  if (!data.birth_date || data.birth_date > app.today) errors.push(S.birth_date_invalid);
  if (errors.length) {
    $("register-errors").replaceChildren(...errors.map((e) => el("li", { text: e })));
    return;
  }
  let record;
  if (form.dataset.fixing) {
    record = await app.store.record(form.dataset.fixing);
    Object.assign(record, { data: data, status: "waiting", message: "", errors: {} });
    await app.store.put(record);
  } else {
    record = await app.store.add("register_person", data);
  }
  await renderStatus();
  openVisit({ ...personOf(data), id: null, ref: record.client_uuid, offline: true }, true);
}

// ---- a visit: the stations of the visitor's group, the result, saving ---------------------------------------

function visitContext(person) {
  const age = lifeStage(app.rules, person.birth_date, app.today);
  const pregnant = Boolean(person.pregnancy && person.pregnancy.lmp_date <= app.today);
  person.nifas = Boolean(person.nifas_until && app.today <= person.nifas_until);
  return { age: age, pregnant: pregnant, group: visitorGroup(app.rules, age.stage, pregnant) };
}

async function openVisit(person, replaceScreen = false, data = null) {
  await app.dataLoaded;
  if (!app.rules || !app.tables) {
    note(S.not_prepared);
    return;
  }
  const context = visitContext(person);
  app.current = { person: person, group: context.group, context: context, fixing: data ? data.client_uuid : null };
  $("visit-name").textContent = person.name;
  $("visit-about").textContent = [person.sex === "L" ? S.male : S.female, ageText(person), app.today].join(" · ");
  const fields = $("visit-fields");
  fields.replaceChildren($("form-" + context.group).content.cloneNode(true));
  // The services of the group that apply on this day and age, and the doses open for this child.
  const services = new Set(servicesFor(app.rules, context.group, context.age.months, app.today, person));
  for (const input of fields.querySelectorAll("input[name=services]")) {
    if (!services.has(input.value)) input.closest("li, div, label").hidden = true;
  }
  const doses = new Set(person.doses_open || []);
  for (const input of fields.querySelectorAll("input[name=vaccines]")) {
    if (!doses.has(input.value)) input.closest("li, div, label").hidden = true;
  }
  const vaccines = fields.querySelector("input[name=vaccines]");
  if (vaccines && !doses.size) vaccines.closest("fieldset").hidden = true;
  const position = fields.querySelector("input[name=position][value=" + (context.age.days < 731 ? "l" : "h") + "]");
  if (position) position.checked = true;
  if (data) fillVisit(fields, data);
  $("visit-errors").replaceChildren();
  $("show-kms").hidden = context.group !== "anak";
  show("visit", !replaceScreen);
}

function fillVisit(fields, data) {
  for (const input of fields.querySelectorAll("input, select, textarea")) {
    const value = data[input.name];
    if (value === undefined || value === null) continue;
    if (input.type === "checkbox") input.checked = Array.isArray(value) ? value.includes(input.value) : Boolean(value);
    else if (input.type === "radio") input.checked = input.value === value;
    else input.value = value;
  }
}

// The form's values as the online form posts them (numbers as typed: "7,6"), which the server parses.
function visitData() {
  const data = {};
  for (const input of $("visit-fields").querySelectorAll("input, select, textarea")) {
    if (!input.name || input.closest("[hidden]")) continue;
    if (input.type === "checkbox" && input.closest(".checks")) {
      data[input.name] = data[input.name] || [];
      if (input.checked) data[input.name].push(input.value);
    } else if (input.type === "checkbox") {
      data[input.name] = input.checked;
    } else if (input.type === "radio") {
      if (input.checked) data[input.name] = input.value;
    } else if (input.value.trim() !== "") {
      data[input.name] = input.value.trim();
    }
  }
  return data;
}

async function showResult(event) {
  event.preventDefault();
  const { person, context } = app.current;
  const data = visitData();
  const outcome = assessVisit(app.rules, app.tables, person, context, data, app.today, await monthHistory(person), S, person.weighed_earlier);
  if (outcome.errors.length) {
    $("visit-errors").replaceChildren(...outcome.errors.map((e) => el("li", { text: e })));
    return;
  }
  app.current.data = data;
  app.current.result = outcome.result;
  renderResult(person, outcome.result);
  show("result");
}

function renderResult(person, result) {
  $("result-name").textContent = person.name;
  $("result-gain").textContent = result.weight_gain ? (result.is_2t ? "2T" : result.weight_gain) + (result.is_bgm ? " · BGM" : "") : result.is_bgm ? "BGM" : "";
  const rows = $("result-z").querySelector("tbody");
  rows.replaceChildren();
  for (const [name, z] of Object.entries(result.z || {})) {
    if (z === null || z === undefined) continue;
    rows.append(el("tr", { "data-z": name }, el("td", { text: S["z_" + name] || name }), el("td", { text: z.toFixed(2).replace(".", ",") + (result.flagged.includes(name) ? " !" : "") })));
  }
  $("result-findings").replaceChildren(...(result.findings || []).map((f) =>
    el("li", { class: "finding" + (f.level === "danger" ? " finding-danger" : f.level === "warning" ? " finding-warning" : ""), "data-code": f.code },
      f.label, f.detail ? el("span", { class: "detail", text: f.detail }) : null)));
  $("result-refer").hidden = !(result.findings || []).some((f) => f.refer);
}

// The child's weighings before this month, for N/T/O/B and 2T: the register's and those made on the phone.
async function monthHistory(person) {
  const weighings = [...(person.weighings || [])];
  for (const record of await app.store.outbox()) {
    if (record.kind === "record_visit" && sameRef(record.data, person.ref) && record.shown) {
      weighings.push({ date: record.data.date, weight_kg: record.shown.weight_kg, status: record.shown.weight_gain });
    }
  }
  return weighings;
}

function sameRef(data, ref) {
  return data.person === ref;
}

async function saveVisit() {
  const { person, data, result, fixing } = app.current;
  const visit = { ...data, person: person.ref, opening_day: await openingDayRef(), date: app.today };
  // The campaign's target are children below its age (Campaign.max_age_months); the others' visits are the
  // day's, outside the campaign.
  const campaign = (app.doc.campaigns || []).find((c) => c.id === Number($("campaign").value));
  if (campaign && app.current.context.age.months < campaign.max_age_months) visit.campaign = campaign.id;
  const shown = { ...result, weight_kg: data.weight_kg ? Number(String(data.weight_kg).replace(",", ".")) : null };
  if (fixing) {
    const record = await app.store.record(fixing);
    Object.assign(record, { data: visit, shown: shown, status: "waiting", message: "", errors: {} });
    await app.store.put(record);
  } else {
    await app.store.add("record_visit", visit, shown, person.name);
  }
  app.history = [];
  $("offline-q").value = "";
  $("matches").replaceChildren();
  show("day", false);
  note(S.saved_offline);
  await renderStatus();
  await renderDay();
  if (app.online) sync();
}

async function fixRecord(record) {
  if (record.kind === "register_person") {
    const conflict = (record.refused && record.refused.conflict) || {};
    const messages = [record.message, ...Object.values(record.errors || {}).flat()].filter(Boolean);
    openRegister({ ...record.data, client_uuid: record.client_uuid, duplicates: conflict.kind === "duplicates", messages: messages });
    return;
  }
  if (record.kind === "record_visit") {
    const people = await everyone();
    const person = people.find((p) => sameRef(record.data, p.ref));
    if (person) openVisit(person, false, { ...record.data, client_uuid: record.client_uuid });
    return;
  }
  record.status = "waiting";
  await app.store.put(record);
  await renderStatus();
  renderRecords();
}

// ---- the KMS chart of a child -------------------------------------------------------------------------------

// Chart.js is read only when a chart is asked for: the day opens without it.
function loadChart() {
  if (window.Chart) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = config.urls.chart;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

async function showKms() {
  await loadChart();
  const { person } = app.current;
  $("kms-name").textContent = person.name;
  show("kms");
  const lines = kmsLines(app.tables, person.sex, 60);
  const colours = { "-3": "#c62828", "-2": "#ef6c00", "0": "#2e7d32", "2": "#ef6c00", "3": "#c62828" };
  const datasets = Object.entries(lines.lines).map(([sd, ys]) => ({
    label: (sd > 0 ? "+" : "") + sd + " SD",
    data: lines.x.map((x, i) => ({ x: x, y: ys[i] })),
    borderColor: colours[sd], borderWidth: sd === "0" ? 2 : 1, pointRadius: 0, tension: 0.3,
  }));
  const points = (await monthHistory(person)).filter((w) => w.weight_kg).map((w) => ({
    x: lifeStage(app.rules, person.birth_date, w.date).months, y: Number(w.weight_kg), date: w.date,
  }));
  datasets.push({ label: person.name, data: points, borderColor: "#1565c0", backgroundColor: "#1565c0", pointRadius: 4, showLine: true });
  if (app.chart) app.chart.destroy();
  app.chart = new window.Chart($("kms-chart"), {
    type: "line",
    data: { datasets: datasets },
    options: { animation: false, parsing: false, scales: { x: { type: "linear" } }, plugins: { legend: { position: "bottom" } } },
  });
}

// ---- start ---------------------------------------------------------------------------------------------------

async function choosePosyandu() {
  const wanted = Number(new URLSearchParams(window.location.search).get("posyandu")) || config.posyandu;
  if (wanted) return wanted;
  const prepared = await app.store.registers();
  if (prepared.length === 1) return prepared[0].posyandu.id;
  const list = $("choose-list");
  list.replaceChildren(...prepared.map((doc) => el("li", { class: "finding" }, el("a", { href: "?posyandu=" + doc.posyandu.id, text: doc.posyandu.name }))));
  $("choose").hidden = !prepared.length;
  return null;
}

async function start() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.urls.worker, { scope: config.urls.day.replace(/hari\/$/, "") }).catch(() => {});
  }
  app.store = await openStore(config.user);
  app.posyanduId = await choosePosyandu();
  app.doc = app.posyanduId ? (await app.store.register(app.posyanduId)) || null : null;
  // The rules and the WHO tables are read while the day opens: only a visit's form and result need them.
  app.dataLoaded = loadData();
  await checkConnection();
  await renderStatus();
  if (app.online && app.posyanduId && (!app.doc || new URLSearchParams(window.location.search).has("siapkan"))) {
    await prepare();
  }
  show("day", false);
  if (app.doc) await renderCampaigns();
  await renderDay();
  if (app.online) sync();

  $("prepare").addEventListener("click", prepare);
  $("sync").addEventListener("click", sync);
  $("duty-form").addEventListener("submit", saveDuty);
  $("campaign").addEventListener("change", () => app.store.setMeta("campaign:" + dayKey(), Number($("campaign").value) || null));
  $("offline-q").addEventListener("input", search);
  $("new-person").addEventListener("click", () => openRegister(null));
  $("register-form").addEventListener("submit", register);
  $("visit-form").addEventListener("submit", showResult);
  $("save-visit").addEventListener("click", saveVisit);
  $("edit-visit").addEventListener("click", () => show("visit"));
  $("show-kms").addEventListener("click", showKms);
  for (const button of document.querySelectorAll("[data-screen-back]")) button.addEventListener("click", back);
  window.addEventListener("online", reconnect);
  window.addEventListener("offline", () => {
    app.online = false;
    renderStatus();
  });
  // Without signal the server is asked again now and then: the phone may not say when the signal returns.
  window.setInterval(() => (app.online ? app.sendAgain && sync() : reconnect()), RECHECK_MS);
  document.body.dataset.offlineReady = "1";
}

start();
