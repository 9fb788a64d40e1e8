// From the offline day's screens to the rules and back: a visitor's age and group on the day, the history a
// weighing is judged against, the form's values as the assessment's measurements, and the KMS lines. The rules
// themselves are in assess.js (applying the server's rule data) and growth.js (WHO's algorithm).
import * as growth from "./growth.js";
import { evaluate, findingText, num, servicesFor as ilpServices, stageAt, visitorGroup as ilpGroup } from "./assess.js";

function utcDay(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year, month - 1, day);
}

// Completed months of age (growth/age.py, the one rule): a month is completed when the birth's day of the
// month is reached.
export function completedMonths(birthIso, onIso) {
  const [by, bm, bd] = birthIso.split("-").map(Number);
  const [y, m, d] = onIso.split("-").map(Number);
  let months = (y - by) * 12 + (m - bm);
  if (d < bd) months -= 1;
  return Math.max(months, 0);
}

export function lifeStage(rules, birthIso, onIso) {
  const months = completedMonths(birthIso, onIso);
  return { days: Math.round((utcDay(onIso) - utcDay(birthIso)) / 86400000), months: months, stage: stageAt(rules, months) };
}

export function visitorGroup(rules, stage, pregnant) {
  return ilpGroup(rules, stage, pregnant);
}

export function servicesFor(rules, group, ageMonths, onIso, person) {
  const month = Number(onIso.slice(5, 7));
  const services = ilpServices(rules, group, ageMonths, month);
  // An ibu nifas gets two red vitamin A capsules (visits.views._visit_context).
  if (person && person.nifas && !services.includes("vit_a_red")) services.push("vit_a_red");
  return services;
}

function monthOf(iso) {
  return iso.slice(0, 7);
}

function previousMonth(iso) {
  const [year, month] = iso.split("-").map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

// The history N/T/O/B and 2T need (visits.actions._history): the last weighing of the previous calendar
// month, whether the child was weighed before this month, and the previous month's status.
export function historyOf(weighings, onIso, weighedEarlier) {
  const before = weighings.filter((w) => w.weight_kg !== null && w.weight_kg !== undefined && monthOf(w.date) < monthOf(onIso));
  const previous = before
    .filter((w) => monthOf(w.date) === previousMonth(onIso))
    .sort((a, b) => a.date.localeCompare(b.date))
    .pop();
  return {
    previous_month_weight_kg: previous ? Number(previous.weight_kg) : null,
    weighed_before: before.length > 0 || Boolean(weighedEarlier),
    previous_month_status: previous ? previous.status || "" : "",
  };
}

const NUMBER_FIELDS = [
  "weight_kg", "length_height_cm", "head_circumference_cm", "muac_cm", "waist_cm", "systolic_mmhg",
  "diastolic_mmhg", "glucose_mg_dl", "hb_g_dl", "puma_score", "srq_score",
];

// A number as a kader types it: "7,6" or "7.6" (web/number_input.py reads both).
export function parseNumber(text) {
  if (text === undefined || text === null || String(text).trim() === "") return null;
  const value = Number(String(text).trim().replace(",", "."));
  return Number.isFinite(value) ? value : NaN;
}

export function measurementsOf(data) {
  const m = {};
  for (const name of NUMBER_FIELDS) {
    if (name in data) m[name] = parseNumber(data[name]);
  }
  m.position = data.position || "";
  m.oedema = Boolean(data.oedema);
  m.glucose_fasting = Boolean(data.glucose_fasting);
  m.skilas = data.skilas || [];
  return m;
}

// A translated sentence with its %(name)s / %(name)d placeholders filled (Django's Python formatting).
export function say(template, values) {
  return template.replace(/%\((\w+)\)[sd]/g, (match, key) => (key in (values || {}) ? String(values[key]) : match));
}

// The online form's refusals of what was typed (visits.actions.check_plausible): a value that is no number, a
// value outside its entry range, a diastolic pressure not below the systolic.
export function entryErrors(rules, measurements, strings) {
  const errors = [];
  for (const [name, value] of Object.entries(measurements)) {
    const what = strings.labels[name] || name;
    if (Number.isNaN(value)) {
      errors.push(say(strings.not_a_number, { what: what }));
      continue;
    }
    const bounds = rules.screening.plausible[name];
    if (bounds && value !== null && !(bounds[0] <= value && value <= bounds[1])) {
      errors.push(say(strings.out_of_range, { what: what, value: num(value), low: num(bounds[0]), high: num(bounds[1]) }));
    }
  }
  const { systolic_mmhg: systolic, diastolic_mmhg: diastolic } = measurements;
  if (systolic && diastolic && diastolic >= systolic) errors.push(strings.diastolic);
  return errors;
}

// The visit's result as the server would compute it, or the reasons the online form would refuse it: the
// entry ranges, and a weight refused by the plausibility check (a misplaced decimal comma).
export function assessVisit(rules, tables, person, context, data, onIso, weighings, strings, weighedEarlier) {
  const measurements = measurementsOf(data);
  const errors = entryErrors(rules, measurements, strings);
  if (errors.length) return { errors: errors, result: null };
  const who = {
    sex: person.sex,
    age_days: context.age.days,
    age_months: context.age.months,
    stage: context.age.stage,
    pregnant: context.pregnant,
    nifas: Boolean(person.nifas),
  };
  const result = evaluate(rules, growth, tables, who, measurements, historyOf(weighings, onIso, weighedEarlier));
  result.findings = result.findings.map((f) => ({ ...f, ...findingText(rules, f) }));
  if (result.refusal) {
    const r = result.refusal;
    const message = say(strings.refusal, { value: num(r.value), age: context.age.months, z: num(r.z), suggestion: num(r.suggestion) });
    return { errors: [message], result: result };
  }
  return { errors: [], result: result };
}

// The KMS lines of weight-for-age (−3, −2, 0, +2, +3 SD) by completed month, from the WHO table the z-scores
// use: weight = M (1 + L S z)^(1/L).
export function kmsLines(tables, sex, lastMonth) {
  const table = tables.tables.weianthro;
  const rows = table.last - table.first + 1;
  const offset = sex === "L" ? 0 : rows;
  const x = [];
  const lines = { "-3": [], "-2": [], "0": [], "2": [], "3": [] };
  for (let month = 0; month <= lastMonth; month += 1) {
    const day = Math.min(Math.round(month * 30.4375), table.last);
    const i = offset + day - table.first;
    const [l, m, s] = [table.l[i], table.m[i], table.s[i]];
    x.push(month);
    for (const sd of Object.keys(lines)) {
      lines[sd].push(Math.round(m * Math.pow(1 + l * s * Number(sd), 1 / l) * 100) / 100);
    }
  }
  return { x: x, lines: lines };
}
