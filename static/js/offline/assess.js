// A visit's results on the phone, offline: the same fields as the server's `rules.assessment.assess`
// (z-scores, flags, PMK 2/2020 categories, N/T/O/B, 2T, BGM, findings with referral reasons, the plausibility
// verdict), from the rules served as data by /offline/aturan.json (offline/rule_data.py): every cut-off,
// band, KBM, label, age boundary and finding's referral and level is read from there, never written here.
// What is code here mirrors the Python code line by line (which rule applies when, the text of a finding's
// detail, Python's number formatting); tests/browser/test_offline_assess.py compares both on thousands of
// generated visits. An ES module with no dependencies; the z-scores come from growth.js (WHO's algorithm)
// through `zFromAnthro` / `zFromAnthroplus`.
//
// Shapes (snake_case, as the Python dataclasses):
//   person       {sex: "L"|"P", age_days, age_months, stage, pregnant, nifas}
//   measurements {weight_kg, length_height_cm, position: "l"|"h"|"", head_circumference_cm, muac_cm, oedema,
//                 waist_cm, systolic_mmhg, diastolic_mmhg, glucose_mg_dl, glucose_fasting, hb_g_dl,
//                 puma_score, srq_score, skilas: [domain, ...]}   (null: not measured)
//   history      {previous_month_weight_kg, weighed_before, previous_month_status}

// ---- Python's arithmetic and formatting -------------------------------------------------------------------

// Python's round(x): to the nearest integer, an exact half to the even one (Math.round goes up).
export function pyRound(x) {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const rest = x - floor; // exact for doubles
  if (rest < 0.5) return floor;
  if (rest > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

// Python's f"{x:.2f}": correctly rounded from the double's exact value, an exact tie to the even digit.
// toFixed rounds correctly too but takes the larger digit on a tie; a double lies exactly halfway between two
// hundredths only when 8·|x| is an odd integer (…,125 …,375 …,625 …,875).
export function fixed2(x) {
  const magnitude = Math.abs(x);
  const eighths = magnitude * 8;
  if (!(Number.isInteger(eighths) && eighths % 2 === 1)) return x.toFixed(2);
  const below = Math.floor(magnitude * 100); // magnitude·100 = k + 0.5 exactly
  const hundredths = below % 2 === 0 ? below : below + 1;
  const digits = String(hundredths).padStart(3, "0");
  return (x < 0 ? "-" : "") + digits.slice(0, -2) + "." + digits.slice(-2);
}

// Python's round(x, 2) as a number.
export function pyRound2(x) {
  return Number(fixed2(x));
}

// rules.screening.num: a number as an Indonesian reader writes it (decimal comma, minus sign).
export function num(value) {
  let text;
  if (Number.isInteger(value)) {
    text = String(value);
  } else {
    text = fixed2(value).replace(/0+$/, "").replace(/\.$/, "");
  }
  return text.replace(".", ",").replace("-", "−");
}

// R's round(x, 2), as growth.rounding.r_round: of floor and ceiling of |x|·100 the nearer in double
// arithmetic, an exact tie to the even hundredth; values too large for two decimals pass through.
function rRound2(x) {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 2 ** 43) return x;
  const x10 = a * 100;
  const i10 = Math.floor(x10);
  const low = i10 / 100;
  const high = Math.ceil(x10) / 100;
  const du = high - a;
  const dd = a - low;
  let rounded = du < dd ? high : low;
  if (du === dd && i10 % 2 === 1) rounded = high;
  return x < 0 ? -rounded : rounded;
}

// ---- growth.categories, growth.weight_gain ----------------------------------------------------------------

// The PMK 2/2020 category of a z-score (rounded to two decimals, compared in hundredths); null if missing.
export function classify(rules, index, z) {
  if (z === null || z === undefined || Number.isNaN(z)) return null;
  const rounded = rRound2(z);
  const hundredths = Number.isFinite(rounded) ? pyRound(rounded * 100) : rounded;
  for (const [code, upper] of rules.categories.bands[index]) {
    if (upper === null || hundredths <= upper) return code;
  }
  throw new Error("the last band has no upper end");
}

export function kbmGrams(rules, ageMonths) {
  for (const [first, last, grams] of rules.weight_gain.kbm) {
    if (first <= ageMonths && ageMonths <= last) return grams;
  }
  throw new Error(`no KBM for an age of ${ageMonths} completed months`);
}

function grams(weightKg) {
  return pyRound(weightKg * 1000);
}

// N, T, O or B (growth.weight_gain.status).
export function weightGainStatus(rules, { ageMonths, weightKg, previousWeightKg, weighedPreviousMonth, weighedBefore }) {
  if (!weighedBefore) return "B";
  if (!weighedPreviousMonth) return "O";
  return grams(weightKg) - grams(previousWeightKg) >= kbmGrams(rules, ageMonths) ? "N" : "T";
}

// ---- rules.screening ----------------------------------------------------------------------------------------

function finding(rules, code, detail = "") {
  const kind = rules.findings[code];
  return { code, label: kind.label, detail, refer: kind.refer, level: kind.level };
}

// A number's decimal digits as a BigInt coefficient and a power of ten (the digits Python's str() gives).
function decimalOf(x) {
  const match = /^-?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(Math.abs(x)));
  if (!match) throw new Error(`not a finite number: ${x}`);
  const fraction = match[2] || "";
  return { coefficient: BigInt(match[1] + fraction), exponent: Number(match[3] || 0) - fraction.length };
}

const PRECISION = 28; // the significant digits of Python's default decimal context

// Integer division rounded half to even.
function divideHalfEven(n, d) {
  const q = n / d;
  const twice = 2n * (n - q * d);
  return twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q;
}

// n/d × 10^exponent as Python's Decimal gives it (28 significant digits, half to even): {coefficient, exponent}.
function decimalQuotient(n, d, exponent) {
  if (n === 0n) return { coefficient: 0n, exponent: 0 };
  let k = PRECISION - 1 - (n.toString().length - d.toString().length); // 10^27 ≤ n/d·10^k < 10^28
  const times = (k) => (k >= 0 ? [n * 10n ** BigInt(k), d] : [n, d * 10n ** BigInt(-k)]);
  const low = 10n ** BigInt(PRECISION - 1);
  for (;;) {
    const [a, b] = times(k);
    if (a < low * b) k += 1;
    else if (a >= low * 10n * b) k -= 1;
    else return { coefficient: divideHalfEven(a, b), exponent: exponent - k };
  }
}

// rules.screening.adult_bmi: Decimal(str(weight)) · 10000 / Decimal(str(height)) ** 2 in Python's decimal
// arithmetic (the square and the quotient rounded to 28 significant digits), then to one decimal half up.
export function adultBmi(weightKg, heightCm) {
  const w = decimalOf(weightKg);
  const h = decimalOf(heightCm);
  const square = decimalQuotient(h.coefficient * h.coefficient, 1n, 2 * h.exponent);
  const q = decimalQuotient(w.coefficient * 10000n, square.coefficient, w.exponent - square.exponent);
  // q.coefficient · 10^q.exponent in tenths, half up (away from zero).
  const shift = q.exponent + 1;
  const [n, d] = shift >= 0 ? [q.coefficient * 10n ** BigInt(shift), 1n] : [q.coefficient, 10n ** BigInt(-shift)];
  const tenths = (2n * n + d) / (2n * d);
  const negative = weightKg < 0; // the square is never negative
  return (negative ? -Number(tenths) : Number(tenths)) / 10;
}

function adultBmiCategory(rules, bmi) {
  for (const [code, upperField, inclusive] of rules.adult_bmi_bands) {
    const upper = upperField === null ? null : rules.screening[upperField];
    if (upper === null || bmi < upper || (inclusive && bmi === upper)) return code;
  }
  throw new Error("the last band has no upper end");
}

export function anaemiaCutoff(rules, { sex, ageMonths, pregnant }) {
  const s = rules.screening;
  if (pregnant) return s.hb_pregnant;
  for (const [belowMonths, field] of rules.anaemia.age_bands) {
    if (ageMonths < belowMonths) return field === null ? null : s[field];
  }
  return s[rules.anaemia.from_15_years[sex === "P" ? "P" : "L"]];
}

function bloodPressure(rules, systolic, diastolic) {
  if (systolic === null || diastolic === null) return [];
  const [sysCut, diaCut] = rules.screening.hypertension_mmhg;
  if (systolic >= sysCut || diastolic >= diaCut) {
    return [finding(rules, "hypertension", `${systolic}/${diastolic} mmHg ≥ ${sysCut}/${diaCut}`)];
  }
  return [finding(rules, "bp_normal", `${systolic}/${diastolic} mmHg`)];
}

function glucose(rules, mgDl, fasting) {
  if (mgDl === null) return [];
  const cut = fasting ? rules.screening.glucose_fasting_mg_dl : rules.screening.glucose_random_mg_dl;
  const kind = fasting ? "GDP" : "GDS";
  if (mgDl >= cut) return [finding(rules, "high_glucose", `${kind} ${num(mgDl)} mg/dL ≥ ${num(cut)}`)];
  return [finding(rules, "glucose_normal", `${kind} ${num(mgDl)} mg/dL`)];
}

function haemoglobin(rules, hb, { sex, ageMonths, pregnant }) {
  if (hb === null) return [];
  const cut = anaemiaCutoff(rules, { sex, ageMonths, pregnant });
  if (cut !== null && hb < cut) return [finding(rules, "anaemia", `Hb ${num(hb)} g/dL < ${num(cut)}`)];
  return [];
}

function kek(rules, muac) {
  if (muac === null) return [];
  const cut = rules.screening.kek_muac_cm;
  if (muac < cut) return [finding(rules, "kek", `LiLA ${num(muac)} cm < ${num(cut)}`)];
  return [finding(rules, "muac_normal", `LiLA ${num(muac)} cm`)];
}

function childMuac(rules, muac, ageMonths) {
  const [first, beyond] = rules.ages.child_muac_months;
  if (muac === null || !(first <= ageMonths && ageMonths < beyond)) return [];
  const { child_muac_severe_cm: severe, child_muac_moderate_cm: moderate } = rules.screening;
  if (muac < severe) return [finding(rules, "muac_severe", `LiLA ${num(muac)} cm < ${num(severe)}`)];
  if (muac < moderate) return [finding(rules, "muac_moderate", `LiLA ${num(muac)} cm < ${num(moderate)}`)];
  return [];
}

function adultBody(rules, { sex, weightKg, heightCm, waistCm }) {
  const out = [];
  if (weightKg !== null && heightCm !== null) {
    const bmi = adultBmi(weightKg, heightCm);
    out.push(finding(rules, `bmi_${adultBmiCategory(rules, bmi)}`, `IMT ${num(bmi)} kg/m²`));
  }
  if (waistCm !== null) {
    const cut = rules.screening.waist_central_cm[sex];
    if (cut !== undefined && cut !== null && waistCm > cut) {
      out.push(finding(rules, "central_obesity", `${num(waistCm)} cm > ${num(cut)}`));
    }
  }
  return out;
}

function questionnaires(rules, puma, srq) {
  const out = [];
  const { puma_refer: pumaRefer, srq_refer: srqRefer } = rules.screening;
  if (puma !== null && puma >= pumaRefer) out.push(finding(rules, "puma", `PUMA ${puma} ≥ ${pumaRefer}`));
  if (srq !== null && srq >= srqRefer) out.push(finding(rules, "srq", `SRQ-20 ${srq} ≥ ${srqRefer}`));
  return out;
}

function skilas(rules, domains) {
  return domains
    .filter((d) => Object.hasOwn(rules.skilas_domains, d))
    .map((d) => ({ code: `skilas_${d}`, label: rules.skilas_domains[d], detail: "SKILAS", refer: true, level: "danger" }));
}

// ---- rules.plausibility -------------------------------------------------------------------------------------

function refusal(rules, weightKg, waz, wazOf) {
  if (weightKg === null || waz === null || waz === undefined) return null;
  const [flagLow, flagHigh] = rules.plausibility.waz_flag;
  const margin = rules.screening.refuse_margin_z;
  if (flagLow - margin <= waz && waz <= flagHigh + margin) return null;
  const [low, high] = rules.screening.plausible.weight_kg;
  for (const candidate of [pyRound2(weightKg / 10), pyRound2(weightKg * 10)]) {
    if (!(low <= candidate && candidate <= high)) continue;
    const z = wazOf(candidate);
    if (z !== null && z !== undefined && flagLow <= z && z <= flagHigh) {
      return { field: "weight_kg", value: weightKg, suggestion: candidate, z: waz };
    }
  }
  return null;
}

function gainFindings(rules, weightKg, previousKg) {
  if (weightKg === null || previousKg === null) return [];
  const change = weightKg - previousKg;
  const detail = `${num(pyRound2(previousKg))} → ${num(pyRound2(weightKg))} kg`;
  const { hold_gain_kg_per_month: gainLimit, hold_loss_kg_per_month: lossLimit } = rules.screening;
  if (change > gainLimit) {
    const limit = `+${num(pyRound2(change))} kg > ${num(gainLimit)} kg`;
    return [finding(rules, "check_gain", `${detail} (${limit})`)];
  }
  if (-change > lossLimit) {
    const limit = `${num(pyRound2(change))} kg < −${num(lossLimit)} kg`;
    return [finding(rules, "check_loss", `${detail} (${limit})`)];
  }
  return [];
}

function judge(rules, m, history, out, underFive, wazOf) {
  const [accept, hold, refuse] = rules.plausibility.statuses;
  let findings = [];
  if (underFive) {
    const refused = refusal(rules, m.weight_kg, out.z.waz, wazOf);
    if (refused !== null) {
      out.check = refuse;
      out.refusal = refused;
      return;
    }
    findings = gainFindings(rules, m.weight_kg, history.previous_month_weight_kg);
  }
  out.check = out.flagged.length || findings.length ? hold : accept;
  out.findings.push(...findings);
}

// ---- z-scores from growth.js's result objects ------------------------------------------------------------------

// Stored name → (PMK 2/2020 index, growth.js z-score, its flag), as rules.assessment pairs them.
const CHILD_PAIRS = [
  ["waz", "wfa", "zwei", "fwei"],
  ["haz", "lhfa", "zlen", "flen"],
  ["whz", "wflh", "zwfl", "fwfl"],
  ["baz", "bfa", "zbmi", "fbmi"],
  ["hcz", "", "zhc", "fhc"],
  ["acz", "", "zac", "fac"],
];
const SCHOOL_PAIRS = [
  ["baz", "bfa_5_18", "zbfa", "fbfa"],
  ["haz", "hfa_5_18", "zhfa", "fhfa"],
];

function scalar(value) {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

function zFrom(result, pairs) {
  const z = {};
  const flags = {};
  for (const [name, , zName, flagName] of pairs) {
    z[name] = result ? scalar(result[zName]) : null;
    flags[name] = result ? scalar(result[flagName]) : null;
  }
  return { z, flags };
}

// growth.js anthroZscores' result (WHO anthro's names, one row) → {z: {waz, haz, whz, baz, hcz, acz}, flags}.
export function zFromAnthro(result) {
  return zFrom(result, CHILD_PAIRS);
}

// growth.js anthroplusZscores' result → {z: {baz, haz}, flags}.
export function zFromAnthroplus(result) {
  return zFrom(result, SCHOOL_PAIRS);
}

// Which WHO growth reference a person is judged by: "standards" (2006, under five), "reference" (2007, to
// 18 years) or null.
export function growthPath(rules, person) {
  const ages = rules.ages;
  if (person.age_days <= ages.child_standard_max_days && person.age_months < ages.child_standard_months) {
    return "standards";
  }
  return person.age_months < ages.reference_max_months ? "reference" : null;
}

// What rules.assessment passes to WHO anthro and anthroplus, in growth.js's argument names.
export function anthroInput(person, m) {
  return {
    sex: person.sex === "L" ? 1 : 2,
    age: person.age_days,
    weight: m.weight_kg,
    lenhei: m.length_height_cm,
    measure: m.position || null,
    headc: m.head_circumference_cm,
    armc: m.muac_cm,
    oedema: m.oedema ? "y" : "n",
  };
}

export function anthroplusInput(person, m) {
  return {
    sex: person.sex === "L" ? 1 : 2,
    age: person.age_days,
    weight: m.weight_kg,
    height: m.length_height_cm,
    oedema: m.oedema ? "y" : "n",
  };
}

// ---- rules.assessment -------------------------------------------------------------------------------------------

function categoryFinding(rules, index, code, z) {
  const refer = rules.categories.referred.some(([i, c]) => i === index && c === code);
  const level = code === "normal" ? "info" : refer ? "danger" : "warning";
  const detail = `${rules.categories.index_names[index]}: z = ${num(z)}`;
  return { code: `${index}_${code}`, label: rules.categories.labels[index][code], detail, refer, level };
}

function child(rules, person, m, history, growth, out) {
  for (const [name, index] of CHILD_PAIRS) {
    const z = growth.z[name];
    out.z[name] = z;
    if (z !== null && growth.flags[name] === 1) {
      out.flagged.push(name);
      continue;
    }
    if (z === null || !index) continue;
    const code = classify(rules, index, z);
    if (code) {
      out.categories[index] = code;
      out.findings.push(categoryFinding(rules, index, code, z));
    }
  }
  if (out.flagged.length) {
    const indexOf = Object.fromEntries(CHILD_PAIRS.map(([name, index]) => [name, index]));
    const names = out.flagged
      .filter((n) => indexOf[n])
      .map((n) => rules.categories.index_names[indexOf[n]])
      .join(", ");
    out.findings.push(finding(rules, "remeasure", names || "z"));
  }
  addWeightGain(rules, person, m, history, out);
  out.findings.push(...childMuac(rules, m.muac_cm, person.age_months));
}

function addWeightGain(rules, person, m, history, out) {
  if (m.weight_kg === null) return;
  const previous = history.previous_month_weight_kg;
  const status = weightGainStatus(rules, {
    ageMonths: person.age_months,
    weightKg: m.weight_kg,
    previousWeightKg: previous,
    weighedPreviousMonth: previous !== null,
    weighedBefore: history.weighed_before,
  });
  out.weight_gain = status;
  const waz = out.z.waz ?? null;
  out.is_bgm = waz !== null && !out.flagged.includes("waz") && waz < rules.weight_gain.bgm_below_z;
  out.is_2t = status === "T" && history.previous_month_status === "T";
  if (status === "N" || status === "T") {
    const gain = pyRound((m.weight_kg - (previous || 0)) * 1000);
    const kbm = kbmGrams(rules, person.age_months);
    if (status === "N") {
      out.findings.push(finding(rules, "gain_n", `+${gain} g ≥ KBM ${kbm} g`));
    } else {
      const change = gain ? `${gain > 0 ? "+" : ""}${gain} g` : "0 g";
      out.findings.push(finding(rules, out.is_2t ? "gain_2t" : "gain_t", `${change} < KBM ${kbm} g`));
    }
  } else if (status === "O") {
    out.findings.push(finding(rules, "gain_o"));
  } else if (status === "B") {
    out.findings.push(finding(rules, "gain_b"));
  }
  if (out.is_bgm) out.findings.push(finding(rules, "bgm", `BB/U z = ${num(waz || 0)} < −3`));
}

function schoolAge(rules, growth, out) {
  for (const [name, index] of SCHOOL_PAIRS) {
    const z = growth.z[name];
    out.z[name] = z;
    if (z === null) continue;
    if (growth.flags[name] === 1) {
      out.flagged.push(name);
      continue;
    }
    if (index === "bfa_5_18") {
      const code = classify(rules, index, z);
      if (code) {
        out.categories[index] = code;
        out.findings.push(categoryFinding(rules, index, code, z));
      }
    } else {
      const label = rules.categories.index_names[index];
      out.findings.push({ code: "hfa_5_18", label, detail: `z = ${num(z)}`, refer: false, level: "info" });
    }
  }
  if (out.flagged.length) out.findings.push(finding(rules, "remeasure"));
}

function addScreening(rules, person, m, out) {
  const years = Math.floor(person.age_months / 12);
  const [kekFirst, kekLast] = rules.ages.kek_women_years;
  const womanOfReproductiveAge = person.sex === "P" && kekFirst <= years && years <= kekLast;
  if (person.pregnant || womanOfReproductiveAge) out.findings.push(...kek(rules, m.muac_cm));
  if (years >= rules.ages.adult_from_years && !person.pregnant) {
    out.findings.push(
      ...adultBody(rules, { sex: person.sex, weightKg: m.weight_kg, heightCm: m.length_height_cm, waistCm: m.waist_cm }),
    );
  }
  out.findings.push(...bloodPressure(rules, m.systolic_mmhg, m.diastolic_mmhg));
  out.findings.push(...glucose(rules, m.glucose_mg_dl, m.glucose_fasting));
  const who = { sex: person.sex, ageMonths: person.age_months, pregnant: person.pregnant };
  out.findings.push(...haemoglobin(rules, m.hb_g_dl, who));
  out.findings.push(...questionnaires(rules, m.puma_score, m.srq_score));
  if (person.stage === "lansia") out.findings.push(...skilas(rules, m.skilas || []));
}

const MEASUREMENTS = {
  weight_kg: null, length_height_cm: null, position: "", head_circumference_cm: null, muac_cm: null,
  oedema: false, waist_cm: null, systolic_mmhg: null, diastolic_mmhg: null, glucose_mg_dl: null,
  glucose_fasting: false, hb_g_dl: null, puma_score: null, srq_score: null, skilas: [],
};
const HISTORY = { previous_month_weight_kg: null, weighed_before: false, previous_month_status: "" };

// rules.assessment.assess. `growth`: zFromAnthro(…) for a child under five, zFromAnthroplus(…) for 5–18 years
// (null: no z-score measured); `wazOf(weightKg)`: the weight-for-age z of another weight of the same child
// (the misplaced decimal comma check), asked only for a weight-for-age far beyond WHO's limits.
export function assess(rules, person, measurements, history, growth, wazOf) {
  const m = { ...MEASUREMENTS, ...measurements };
  const h = { ...HISTORY, ...history };
  const out = {
    z: {}, flagged: [], categories: {}, weight_gain: "", is_2t: false, is_bgm: false, findings: [],
    rule_version: rules.rule_version, check: rules.plausibility.statuses[0], refusal: null,
  };
  const path = growthPath(rules, person);
  if (path === "standards") {
    child(rules, person, m, h, growth || zFromAnthro(null), out);
    judge(rules, m, h, out, true, wazOf);
  } else if (path === "reference") {
    schoolAge(rules, growth || zFromAnthroplus(null), out);
    judge(rules, m, h, out, false, wazOf);
  }
  addScreening(rules, person, m, out);
  return out;
}

// The whole step with growth.js: z-scores for the person's path, then `assess`. `growth` is the module
// (anthroZscores, anthroplusZscores), `tables` its WHO tables.
export function evaluate(rules, growth, tables, person, measurements, history) {
  const m = { ...MEASUREMENTS, ...measurements };
  const path = growthPath(rules, person);
  let z = null;
  if (path === "standards") z = zFromAnthro(growth.anthroZscores(tables, anthroInput(person, m)));
  if (path === "reference") z = zFromAnthroplus(growth.anthroplusZscores(tables, anthroplusInput(person, m)));
  const weightOnly = { ...MEASUREMENTS, oedema: false };
  const wazOf = (weightKg) =>
    zFromAnthro(growth.anthroZscores(tables, anthroInput(person, { ...weightOnly, weight_kg: weightKg }))).z.waz;
  return assess(rules, person, m, history, z, wazOf);
}

// The person's referral reasons (rules.assessment.Assessment.referral_reasons).
export function referralReasons(result) {
  return result.findings.filter((f) => f.refer).map((f) => f.code);
}

// ---- what the phone shows -----------------------------------------------------------------------------------------

// A finding's label and detail in the user's language, as the server's pages show them (the finding_label and
// finding_detail filters of people/templatetags/people.py).
export function findingText(rules, f) {
  let detail = f.detail;
  if (rules.language === "en" && detail) {
    for (const [name, translated] of rules.detail_names) {
      if (detail.startsWith(name)) {
        detail = translated + detail.slice(name.length);
        break;
      }
    }
    detail = detail.replace(/(?<=\d),(?=\d)/g, ".");
  }
  return { label: rules.messages[f.label] ?? f.label, detail };
}

// ---- rules.life_stage, rules.ilp ----------------------------------------------------------------------------

export function stageAt(rules, ageMonths) {
  for (const { stage, beyond_months: beyond } of rules.life_stages) {
    if (beyond === null || ageMonths < beyond) return stage;
  }
  throw new Error("the last stage has no end");
}

export function visitorGroup(rules, stage, pregnant) {
  return pregnant ? rules.ilp.pregnant_group : rules.ilp.group_of_stage[stage];
}

// The visit fields of a visitor group, station by station (rules.ilp.fields_for).
export function fieldsFor(rules, group) {
  return rules.ilp.stations.flatMap((station) => station.fields[group] || []);
}

// The services to offer (rules.ilp.services_for); `month` 1–12.
export function servicesFor(rules, group, ageMonths, month) {
  const ilp = rules.ilp;
  return (ilp.services[group] || []).filter((code) => {
    const [first, beyond] = ilp.service_age_months[code] || [0, null];
    const atAge = first <= ageMonths && (beyond === null || ageMonths < beyond);
    return atAge && (!ilp.vitamin_a.includes(code) || ilp.vitamin_a_months.includes(month));
  });
}
