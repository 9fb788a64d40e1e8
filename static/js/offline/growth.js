// WHO growth z-scores for one child, computed on the phone on a posyandu day without signal.
//
// The same algorithm as the server's growth library (growth/anthro.py, growth/anthroplus.py and the modules
// they use; docs/growth.md, docs/domain.md "WHO's algorithm"), written operation for operation in the same
// order so that the doubles agree: WHO anthro 1.1.0's `anthro_zscores` (2006 standards, 0-60 months) and
// anthroplus 1.0.0's `anthroplus_zscores` (2007 reference, 5-19 years). The LMS tables are not copied here:
// they are the JSON the server serves at /offline/tabel-who.json (offline/who_tables.py), built from the
// same loader the library uses. tests/browser/test_offline_growth.py runs every row of WHO's reference
// output (data/who_reference/) through this module.
//
// Results use the library's names (zlen, flen, ..., zlen_unrounded, ...); a value the library gives as NaN
// (missing, or WHO's own NaN) is null here; an infinite z-score (a length of 0 gives zbmi Inf) stays
// Infinity, as in the library. Inputs the library refuses (an unknown code, a negative age; anthroplus
// also a negative height or weight) throw GrowthInputError, as the library raises its own.

const DAYS_PER_MONTH = 30.4375; // WHO anthro's 365.25 / 12
const INT_MAX = 2147483647; // R's as.integer() gives NA beyond this
const LENHEI_CONVERSION_CM = 0.7; // lying length = standing height + 0.7 cm (WHO 2006)
const LENGTH_UNTIL_DAY = 731; // length-based below 731 days (24 months), height-based from day 731
const STANDING_PLAUSIBLE_FROM_MONTHS = 9; // anthro >= 1.0: standing height under 9 months is ignored
const MAX_ALLOWED_DAY = 1856; // WHO's allowed_age_range; months < 60 limits it to day 1826 in practice
const UNKNOWN_AGE_CUT_CM = 87; // no age, no position: length table below 87 cm, height table from 87 cm
const LENGTH_RANGE_CM = [45, 110]; // wflanthro, used under 731 days
const HEIGHT_RANGE_CM = [65, 120]; // wfhanthro, used from 731 days
// R's round(x, 2) returns x itself from |x| >= 2^43: 2 + (logb(x) + 0.5) * log10(2) > 15 (rounding.py).
const UNROUNDABLE_FROM = 2 ** 43;

const SEX = {
  argument: "sex",
  codes: { 1: 1, m: 1, 2: 2, f: 2 },
  reasonId: "tidak dikenal (harus 1/2/m/f)",
  reason: "is not a known code (must be 1/2/m/f)",
};
const MEASURE = {
  argument: "measure",
  codes: { l: 1, h: 2 },
  reasonId: "tidak dikenal (harus l/h)",
  reason: "is not a known code (must be l/h)",
};
const OEDEMA = {
  argument: "oedema",
  codes: { y: 1, 1: 1, n: 2, 2: 2 },
  reasonId: "tidak dikenal (harus y/n/1/2)",
  reason: "is not a known code (must be y/n/1/2)",
};
const MEASURE_LETTERS = ["", "l", "h"];

// The age-based indicators of the 2006 standards (growth/anthro.py AGE_INDICATORS): table, restricted LMS
// beyond +-3 SD, WHO's flag limits on the rounded z, first day, and whether oedema suppresses it.
const AGE_INDICATORS = {
  len: { table: "lenanthro", restricted: false, low: -6, high: 6, firstDay: 0, weightRelated: false },
  wei: { table: "weianthro", restricted: true, low: -6, high: 5, firstDay: 0, weightRelated: true },
  bmi: { table: "bmianthro", restricted: true, low: -5, high: 5, firstDay: 0, weightRelated: true },
  hc: { table: "hcanthro", restricted: false, low: -5, high: 5, firstDay: 0, weightRelated: false },
  ac: { table: "acanthro", restricted: true, low: -5, high: 5, firstDay: 91, weightRelated: false },
  ts: { table: "tsanthro", restricted: true, low: -5, high: 5, firstDay: 91, weightRelated: false },
  ss: { table: "ssanthro", restricted: true, low: -5, high: 5, firstDay: 91, weightRelated: false },
};
const WFL_FLAGGING = { low: -5, high: 5 };
const INDICATORS_2006 = ["len", "wei", "wfl", "bmi", "hc", "ac", "ts", "ss"];

// The 2007 reference (growth/anthroplus.py INDICATORS): valid from month 60 to the last month, inclusive.
const FIRST_MONTH = 60;
const MONTH_INDICATORS = {
  hfa: { table: "hfawho2007", restricted: false, low: -6, high: 6, lastMonth: 228, weightRelated: false },
  wfa: { table: "wfawho2007", restricted: true, low: -6, high: 5, lastMonth: 120, weightRelated: true },
  bfa: { table: "bfawho2007", restricted: true, low: -5, high: 5, lastMonth: 228, weightRelated: true },
};

/** An input WHO's software refuses (growth.GrowthInputError): `argument`, the offending `value`, and the
 * rule in Indonesian (`reasonId`) and English (`reason`), phrased to follow "the value 'x' ...". */
export class GrowthInputError extends Error {
  constructor(argument, value, reasonId, reason) {
    super(`${argument} = ${JSON.stringify(value) ?? String(value)}: ${reason}`);
    this.name = "GrowthInputError";
    this.argument = argument;
    this.value = value;
    this.reasonId = reasonId;
    this.reason = reason;
  }
}

/** R (>= 4.0) `round(x, digits)` for digits >= 1 (growth.rounding.r_round): of floor(|x|*10^d)/10^d and
 * ceil(|x|*10^d)/10^d the nearer in double arithmetic, on an exact tie the even last digit, the sign kept.
 * Not Math.round nor toFixed, which decide ties on the exact binary value. */
export function rRound(x, digits = 2) {
  if (!(digits >= 1)) throw new RangeError("digits must be >= 1");
  if (Number.isNaN(x)) return NaN;
  const pow10 = 10 ** digits;
  const a = Math.abs(x);
  if (digits === 2 ? a >= UNROUNDABLE_FROM : a >= 2 ** smallestUnroundableLogb(digits)) return x;
  const x10 = a * pow10;
  const i10 = Math.floor(x10);
  const low = i10 / pow10;
  const high = Math.ceil(x10) / pow10;
  const du = high - a;
  const dd = a - low;
  let rounded = du < dd ? high : low;
  if (du === dd && i10 % 2 === 1) rounded = high;
  return x < 0 || Object.is(x, -0) ? -rounded : rounded;
}

function smallestUnroundableLogb(digits) {
  const log10of2 = 0.301029995663981195; // M_LOG10_2 of R's nmath
  let exponent = -1100;
  while (!(digits + (exponent + 0.5) * log10of2 > 15)) exponent += 1;
  return exponent;
}

/** WHO anthro's `round_up` (growth.rounding.round_half_up): 730.49 -> 730, 730.5 -> 731. */
export function roundHalfUp(x) {
  const floor = Math.floor(x);
  return x - floor >= 0.5 ? floor + 1 : floor;
}

// R's `x ^ y` (growth.lms.r_pow: the C library's pow). R and C give 1 for 1^y and x^0 whatever the other
// is (JavaScript: NaN for 1^NaN and (+-1)^+-Infinity); R gives NaN for (-Infinity)^(non-integer).
function rPow(x, y) {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  if (x === -Infinity && Math.floor(y) !== y) return NaN;
  return Math.pow(x, y);
}

// The measurement on the k-th SD curve of the plain LMS distribution, M * (1 + L*S*k)^(1/L) (growth.lms).
function sdValue(m, l, s, k) {
  return m * rPow(1.0 + l * s * k, 1.0 / l);
}

// The plain LMS z-score ((y/M)^L - 1) / (S*L). With L = 1 the library skips the power, which gives the
// same double, and so does this.
function lmsZ(y, m, l, s) {
  if (l === 1) return (y / m - 1.0) / s;
  return (rPow(y / m, l) - 1.0) / (s * l);
}

// WHO's restricted application of the LMS method: beyond +-3 SD (tested on the unrounded first-pass z)
// the scale is linear with the distance between the 2 and 3 SD curves. NaN stays NaN.
function lmsZRestricted(y, m, l, s) {
  const z = lmsZ(y, m, l, s);
  if (z > 3.0) {
    const sd3pos = sdValue(m, l, s, 3.0);
    const sd23pos = sd3pos - sdValue(m, l, s, 2.0);
    return 3.0 + (y - sd3pos) / sd23pos;
  }
  if (z < -3.0) {
    const sd3neg = sdValue(m, l, s, -3.0);
    const sd23neg = sdValue(m, l, s, -2.0) - sd3neg;
    return -3.0 + (y - sd3neg) / sd23neg;
  }
  return z;
}

function zFromLms(y, m, l, s, restricted) {
  return restricted ? lmsZRestricted(y, m, l, s) : lmsZ(y, m, l, s);
}

// The z-score rounded like R's round(z, 2) and WHO's flag on the rounded value (NaN where z is NaN).
function finish(zUnrounded, flagging) {
  const z = rRound(zUnrounded, 2);
  const flag = Number.isNaN(z) ? NaN : z < flagging.low || z > flagging.high ? 1 : 0;
  return { z, flag, zUnrounded };
}

const MISSING = { z: NaN, flag: NaN, zUnrounded: NaN };

function table(tables, name) {
  const all = tables && tables.tables ? tables.tables : tables;
  const found = all ? all[name] : undefined;
  if (!found) throw new Error(`the WHO table ${name} is not loaded`);
  return found;
}

// One code argument (growth.inputs.as_codes, one value): 0 when missing (null, undefined, NaN, ""),
// else the code; anything else is refused. Text is trimmed and lower-cased; a number is read as its
// integer text (2.0 is "2"); a boolean is an oedema answer only (true = yes).
function asCode(spec, value) {
  if (value === null || value === undefined) return 0;
  let key;
  if (typeof value === "boolean") {
    if (spec !== OEDEMA) throw new GrowthInputError(spec.argument, value, spec.reasonId, spec.reason);
    key = value ? "1" : "2";
  } else if (typeof value === "number") {
    if (Number.isNaN(value)) return 0;
    key = String(value);
  } else if (typeof value === "string") {
    key = value.trim().toLowerCase();
    if (key === "") return 0;
  } else {
    throw new GrowthInputError(spec.argument, value, spec.reasonId, spec.reason);
  }
  if (!Object.hasOwn(spec.codes, key)) {
    throw new GrowthInputError(spec.argument, value, spec.reasonId, spec.reason);
  }
  return spec.codes[key];
}

// One number argument (growth.inputs.as_float): null, undefined and NaN are missing (NaN); text is
// refused, as WHO asserts numbers (parse the kader's "10,5" before calling).
function asFloat(argument, value) {
  if (value === null || value === undefined) return NaN;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  throw new GrowthInputError(argument, value, "bukan angka", "is not a number");
}

// WHO's stopifnot(x >= 0): a negative value (-Infinity included) stops the call; NaN is missing.
function refuseNegative(argument, value, reasonId, reason) {
  if (value < 0) throw new GrowthInputError(argument, value, reasonId, reason);
}

// WHO anthro's age_to_days and age_to_months (growth.inputs.clean_age): days rounded half up (NaN when
// missing or beyond R's integer range), months unrounded.
function cleanAge(age, inMonths) {
  const value = asFloat("age", age);
  refuseNegative("age", value, "tidak diterima (umur tidak boleh negatif)", "is refused (negative age)");
  const rawDays = inMonths ? value * DAYS_PER_MONTH : value;
  const months = inMonths ? value : value / DAYS_PER_MONTH;
  let days = roundHalfUp(rawDays);
  if (!(days <= INT_MAX)) days = NaN;
  return { days, months };
}

// One age-based indicator of the 2006 standards (growth.anthro.age_indicator): exact row of (sex, day),
// valid on both the integer day and the unrounded months (< 60). A measurement <= 0 gives no z-score, but a
// derived NaN (a BMI of 0/0) is kept and gives WHO's NaN.
function ageIndicator(tables, spec, value, present, age, sex, oedema) {
  const candidate =
    present &&
    !(value <= 0) &&
    age.days >= spec.firstDay &&
    age.days <= MAX_ALLOWED_DAY &&
    age.months < 60 &&
    !(spec.weightRelated && oedema);
  if (!candidate) return MISSING;
  const t = table(tables, spec.table);
  if (!(sex > 0 && age.days >= t.first && age.days <= t.last)) return MISSING;
  const row = (sex - 1) * (t.last - t.first + 1) + (age.days - t.first);
  return finish(zFromLms(value, t.m[row], t.l[row], t.s[row], spec.restricted), spec);
}

// Weight-for-length/height (growth.weight_for_lenhei): the table by age (or by position, or by the 87 cm
// rule without either), WHO's 0.1 cm interpolation with its floating-point upper row (103.1 cm lying at
// >= 731 days interpolates towards 102.5 cm), restricted LMS; no weight <= 0 guard; computed without an age.
function weightForLenhei(tables, weight, clenhei, cmeasure, age, sex, oedema) {
  const known = !Number.isNaN(age.days);
  const onLength =
    (known && age.days < LENGTH_UNTIL_DAY) ||
    (!known && cmeasure === 1) ||
    (!known && cmeasure === 0 && clenhei < UNKNOWN_AGE_CUT_CM);
  const onHeight =
    !onLength &&
    ((known && age.days >= LENGTH_UNTIL_DAY) ||
      (!known && cmeasure === 2) ||
      (!known && cmeasure === 0 && clenhei >= UNKNOWN_AGE_CUT_CM));
  const inRange =
    (onLength && clenhei >= LENGTH_RANGE_CM[0] && clenhei <= LENGTH_RANGE_CM[1]) ||
    (onHeight && clenhei >= HEIGHT_RANGE_CM[0] && clenhei <= HEIGHT_RANGE_CM[1]);
  const candidate =
    inRange &&
    !Number.isNaN(weight) &&
    sex > 0 &&
    !oedema &&
    !(age.days > MAX_ALLOWED_DAY) && // a missing age passes
    !(age.months >= 60); // R: valid & NA keeps the z-score
  if (!candidate) return MISSING;
  const t = table(tables, onLength ? "wflanthro" : "wfhanthro");
  const x = clenhei;
  const x10 = x * 10.0;
  const lowTenths = Math.trunc(x10);
  const uppTenths = Math.trunc(x10 + 1.0);
  const diff = (x - lowTenths / 10.0) / 0.1;
  const offset = (sex - 1) * (t.last - t.first + 1) - t.first;
  const lowRow = offset + lowTenths;
  const interpolate = diff > 0;
  let l = t.l[lowRow];
  let m = t.m[lowRow];
  let s = t.s[lowRow];
  if (interpolate) {
    // An upper row outside the table leaves WHO's join empty (NA); only possible at the range ends.
    if (uppTenths < t.first || uppTenths > t.last) return MISSING;
    const uppRow = offset + uppTenths;
    m = m + diff * (t.m[uppRow] - m);
    l = l + diff * (t.l[uppRow] - l);
    s = s + diff * (t.s[uppRow] - s);
  }
  return finish(lmsZRestricted(weight, m, l, s), WFL_FLAGGING);
}

// A missing or NaN number is null in results; +-Infinity stays.
function out(value) {
  return Number.isNaN(value) ? null : value;
}

/**
 * WHO anthro's `anthro_zscores` for one child under five (growth.anthro.zscores).
 *
 * `tables`: the JSON of /offline/tabel-who.json (or its `tables` member). `input`: `sex` 1/2 or
 * "1"/"2"/"m"/"f"; `age` in days, or in months if `age_in_month` is true; `weight` kg; `lenhei` cm;
 * `measure` "l"/"h"/null; `headc` cm; `armc` (MUAC) cm; `triskin`, `subskin` mm; `oedema` "y"/"n"/"1"/"2",
 * a boolean, or null (= no oedema). Missing values: null, undefined or NaN (and "" for the codes).
 *
 * Returns `clenhei`, `cmeasure` ("l", "h" or "" when missing or standing under 9 months), `c9mo_flag` (0/1),
 * `cbmi`, `csex` (1, 2 or null), and for each of len, wei, wfl, bmi, hc, ac, ts, ss the rounded z-score
 * `z<name>`, its flag `f<name>` (1/0) and `z<name>_unrounded`; null where the library gives NaN.
 * Throws GrowthInputError for an unknown sex, measure or oedema code and a negative age.
 */
export function anthroZscores(tables, input) {
  const sex = asCode(SEX, input.sex);
  let cmeasure = asCode(MEASURE, input.measure);
  const oedema = asCode(OEDEMA, input.oedema) === 1;
  const age = cleanAge(input.age, Boolean(input.age_in_month));
  const weight = asFloat("weight", input.weight);
  const lenhei = asFloat("lenhei", input.lenhei);
  const measurements = {
    hc: asFloat("headc", input.headc),
    ac: asFloat("armc", input.armc),
    ts: asFloat("triskin", input.triskin),
    ss: asFloat("subskin", input.subskin),
  };

  // Standing height under 9 months: the position is ignored (cmeasure missing, no +0.7 cm).
  const improbable = cmeasure === 2 && age.months < STANDING_PLAUSIBLE_FROM_MONTHS;
  if (improbable) cmeasure = 0;
  const known = !Number.isNaN(age.days);
  let clenhei = lenhei;
  if (known && age.days < LENGTH_UNTIL_DAY && cmeasure === 2) clenhei = lenhei + LENHEI_CONVERSION_CM;
  if (known && age.days >= LENGTH_UNTIL_DAY && cmeasure === 1) clenhei = lenhei - LENHEI_CONVERSION_CM;
  const metres = clenhei / 100.0;
  const cbmi = weight / (metres * metres); // NumPy's x ** 2 is x * x

  const results = {};
  for (const name of INDICATORS_2006) {
    if (name === "wfl") {
      results.wfl = weightForLenhei(tables, weight, clenhei, cmeasure, age, sex, oedema);
      continue;
    }
    let value;
    let present;
    if (name === "len") {
      value = clenhei;
      present = !Number.isNaN(clenhei);
    } else if (name === "wei") {
      value = weight;
      present = !Number.isNaN(weight);
    } else if (name === "bmi") {
      value = cbmi;
      present = !Number.isNaN(weight) && !Number.isNaN(clenhei);
    } else {
      value = measurements[name];
      present = !Number.isNaN(value);
    }
    results[name] = ageIndicator(tables, AGE_INDICATORS[name], value, present, age, sex, oedema);
  }

  const result = {
    clenhei: out(clenhei),
    cmeasure: MEASURE_LETTERS[cmeasure],
    c9mo_flag: improbable ? 1 : 0,
    cbmi: out(cbmi),
    csex: sex === 0 ? null : sex,
  };
  for (const name of INDICATORS_2006) {
    result[`z${name}`] = out(results[name].z);
    result[`f${name}`] = out(results[name].flag);
  }
  for (const name of INDICATORS_2006) result[`z${name}_unrounded`] = out(results[name].zUnrounded);
  return result;
}

// One indicator of the 2007 reference (growth.anthroplus.month_indicator): L, M and S interpolated between
// trunc(age) and trunc(age + 1); valid for 60 <= age <= the last month; no measurement <= 0 guard.
function monthIndicator(tables, spec, value, present, months, sex, oedema) {
  const candidate =
    present &&
    sex > 0 &&
    months >= FIRST_MONTH &&
    months <= spec.lastMonth &&
    !(spec.weightRelated && oedema);
  if (!candidate) return MISSING;
  const t = table(tables, spec.table);
  const low = Math.trunc(months);
  const upp = Math.trunc(months + 1.0);
  const diff = months - low;
  const offset = (sex - 1) * (t.last - t.first + 1) - t.first;
  const lowRow = offset + low;
  const uppRow = offset + Math.min(upp, t.last);
  const between = (column) => {
    const atLow = column[lowRow];
    return diff > 0 ? atLow + diff * (column[uppRow] - atLow) : atLow;
  };
  return finish(zFromLms(value, between(t.m), between(t.l), between(t.s), spec.restricted), spec);
}

/**
 * WHO anthroplus's `anthroplus_zscores` for one person of 5-19 years (growth.anthroplus.zscores).
 *
 * `input`: `sex` and `oedema` as for anthroZscores; `age` in days (30.4375 days a month, kept fractional),
 * or in months if `age_in_month` is true; `weight` kg; `height` cm (standing; no 0.7 cm rule).
 *
 * Returns `age_in_months`, `csex`, `coedema` ("y"/"n"), `cbmi`, `zhfa fhfa zwfa fwfa zbfa fbfa` and
 * `zhfa_unrounded zwfa_unrounded zbfa_unrounded`; null where the library gives NaN. WHO computes up to
 * 228 months (weight-for-age to 120); PMK 2/2020 uses the reference to 18 years, which the caller applies.
 * Throws GrowthInputError for an unknown sex or oedema code and a negative age, height or weight.
 */
export function anthroplusZscores(tables, input) {
  const sex = asCode(SEX, input.sex);
  const oedema = asCode(OEDEMA, input.oedema) === 1;
  const ageValue = asFloat("age", input.age);
  const months = input.age_in_month ? ageValue : ageValue / DAYS_PER_MONTH;
  const weight = asFloat("weight", input.weight);
  const height = asFloat("height", input.height);
  refuseNegative("age", ageValue, "tidak diterima (umur tidak boleh negatif)", "is refused (negative age)");
  refuseNegative("height", height, "tidak diterima (tinggi tidak boleh negatif)", "is refused (negative height)");
  refuseNegative("weight", weight, "tidak diterima (berat tidak boleh negatif)", "is refused (negative weight)");
  const metres = height / 100.0;
  const cbmi = weight / (metres * metres);

  const both = !Number.isNaN(weight) && !Number.isNaN(height);
  const results = {
    hfa: monthIndicator(tables, MONTH_INDICATORS.hfa, height, !Number.isNaN(height), months, sex, oedema),
    wfa: monthIndicator(tables, MONTH_INDICATORS.wfa, weight, !Number.isNaN(weight), months, sex, oedema),
    bfa: monthIndicator(tables, MONTH_INDICATORS.bfa, cbmi, both, months, sex, oedema),
  };
  const result = {
    age_in_months: out(months),
    csex: sex === 0 ? null : sex,
    coedema: oedema ? "y" : "n",
    cbmi: out(cbmi),
  };
  for (const name of ["hfa", "wfa", "bfa"]) {
    result[`z${name}`] = out(results[name].z);
    result[`f${name}`] = out(results[name].flag);
  }
  for (const name of ["hfa", "wfa", "bfa"]) result[`z${name}_unrounded`] = out(results[name].zUnrounded);
  return result;
}
