// Checks a profile (an enterprise's answers) against the rules, as Go's
// eval.Decode does: the same limits, the same paths in the messages.

import * as D from "./decimal";
import type { Value } from "./expr";
import { Input, Program, itemInputs, list } from "./rules";

export type Answers = Map<string, Value>;

export interface MeasureAnswers {
  answers: Answers;
  items: Answers[];
}

export interface Profile {
  answers: Answers;
  measures: Map<string, MeasureAnswers>;
}

export class FieldError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
  }
}

export const MAX_MONEY_DIGITS = 15;
export const MAX_COUNT = 1000000000;
export const MAX_ITEMS = 200;

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function object(path: string, v: unknown, required: boolean): Raw {
  if (v === undefined || v === null) {
    if (required) throw new FieldError(path, "missing");
    return {};
  }
  if (!isObject(v)) throw new FieldError(path, "must be an object");
  return v;
}

function onlyKeys(prefix: string, raw: Raw, allowed: string[]): void {
  for (const k of Object.keys(raw).sort()) {
    if (allowed.indexOf(k) < 0) throw new FieldError(prefix + k, "unknown field");
  }
}

const moneyRE = /^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;
const tooManyDecimals = /^[0-9]+\.[0-9]{3,}$/;

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

// AnswerError is a wrong answer: its code names the kind of mistake (the
// page shows its own words for it, from its strings: err_amount, …), its
// message says it as Go's reader does.
export class AnswerError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

// value checks one answer; numbers must come as text so that nothing passes
// through a binary floating-point Number. It is the one reader of answers:
// profiles, and the self-check's fields through readField.
export function value(input: Input, v: unknown): Value {
  const wrong = (code: string, message: string): never => { throw new AnswerError(code, message); };
  switch (input.type) {
    case "money": {
      if (typeof v !== "string") wrong("err_amount", 'must be a number written as text, such as "1250000.00"');
      const s = amountText(v as string);
      if (s.startsWith("-")) wrong("err_negative", "an amount cannot be negative");
      if (tooManyDecimals.test(s)) wrong("err_decimals", `"${s}" has more than two decimals: amounts are in yuan to the fen`);
      if (!moneyRE.test(s)) wrong("err_amount", `"${s}" is not an amount: write yuan as digits, such as 1250000 or 1250000.50`);
      if (s.split(".")[0].length > MAX_MONEY_DIGITS) wrong("err_too_large", `"${s}" is too large: at most ${MAX_MONEY_DIGITS} digits before the point`);
      const d = D.parse(s);
      return { kind: "num", lo: d, hi: d };
    }
    case "count": {
      const s = typeof v === "string" ? v : typeof v === "number" && Number.isSafeInteger(v) ? String(v) : null;
      if (s === null || !/^(0|[1-9][0-9]*)$/.test(s) || s.length > 10 || BigInt(s) > BigInt(MAX_COUNT)) {
        wrong("err_count", `"${String(v)}" is not a whole number from 0 to ${MAX_COUNT}`);
      }
      const d = D.parse(s as string);
      return { kind: "num", lo: d, hi: d };
    }
    case "bool":
      if (typeof v !== "boolean") wrong("err_required", "must be true or false");
      return { kind: "bool", b: v as boolean };
    case "date":
      if (typeof v !== "string" || !isDate(v)) wrong("err_date", `"${String(v)}" is not a date: write it YYYY-MM-DD, such as 2026-05-01`);
      return { kind: "text", s: v as string };
    case "choice": {
      const ids = list(input.options).map((o) => o.id);
      if (typeof v !== "string" || ids.indexOf(v) < 0) wrong("err_choice", `${String(v)} is not one of ${ids.join(", ")}`);
      return { kind: "text", s: v as string };
    }
  }
  throw new AnswerError("err_required", `unknown type ${(input as Input).type}`);
}

// readField reads a field of the self-check as the text it holds (yes or
// no for a yes/no question), through value: the answer for a profile, or
// the code of what is wrong with it. Blank is required unless the input has
// a default.
export function readField(input: Input, raw: string): { value?: unknown; error?: string } {
  const s = trimBlanks(raw);
  if (s === "") return input.default !== undefined ? {} : { error: "err_required" };
  const answer: unknown = input.type === "bool" ? (s === "yes" ? true : s === "no" ? false : s) : s;
  try {
    value(input, answer);
    return { value: answer };
  } catch (e) {
    return { error: e instanceof AnswerError ? e.code : "err_required" };
  }
}

function decodeInputs(path: string, inputs: Input[], raw: Raw): Answers {
  onlyKeys(path + ".", raw, inputs.map((i) => i.id));
  const out: Answers = new Map();
  for (const input of inputs) {
    const fpath = `${path}.${input.id}`;
    let v = raw[input.id];
    if (v === undefined || v === null) {
      if (input.default === undefined) throw new FieldError(fpath, "missing answer");
      v = input.type === "bool" ? input.default === "true" : input.default;
    }
    try {
      out.set(input.id, value(input, v));
    } catch (e) {
      throw new FieldError(fpath, (e as Error).message);
    }
  }
  return out;
}

export function decode(p: Program, raw: unknown): Profile {
  const top = object("(profile)", raw, true);
  onlyKeys("", top, ["policy", "rules", "answers", "measures"]);
  if ("policy" in top && top.policy !== p.policy) {
    throw new FieldError("policy", `these answers are for ${String(top.policy)}, not ${p.policy}`);
  }
  const profile: Profile = { answers: decodeInputs("answers", list(p.inputs), object("answers", top.answers, true)), measures: new Map() };
  const measures = object("measures", top.measures, false);
  for (const id of Object.keys(measures).sort()) {
    const m = p.measures.find((x) => x.id === id);
    const path = `measures.${id}`;
    if (!m) throw new FieldError(path, "no measure has this id");
    const mraw = object(path, measures[id], true);
    onlyKeys(path + ".", mraw, ["answers", "items"]);
    const ma: MeasureAnswers = { answers: decodeInputs(path + ".answers", list(m.inputs), object(path + ".answers", mraw.answers, false)), items: [] };
    const hasItems = mraw.items !== undefined && mraw.items !== null; // null is as good as absent
    if (!m.item) {
      if (hasItems) throw new FieldError(path + ".items", "this measure has no items");
    } else if (hasItems) {
      const items = mraw.items;
      if (!Array.isArray(items)) throw new FieldError(path + ".items", "must be a list");
      if (items.length > MAX_ITEMS) throw new FieldError(path + ".items", `more than ${MAX_ITEMS} items`);
      const inputs = itemInputs(p, m);
      items.forEach((it, i) => {
        const ipath = `${path}.items[${i}]`;
        ma.items.push(decodeInputs(ipath, inputs, object(ipath, it, true)));
      });
    }
    profile.measures.set(id, ma);
  }
  return profile;
}

// amountText writes an amount as people type it in the plain form the
// readers check, as Go's eval.Amount does: full-width digits and marks
// become ASCII, commas that group thousands go, a final 元 goes, and N万
// becomes N × 10,000 exactly (120.5万 is 1205000).
export function amountText(raw: string): string {
  let s = trimBlanks(raw).replace(/[０-９．，]/g, (c) => c === "．" ? "." : c === "，" ? "," : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30));
  if (s.endsWith("元")) s = s.slice(0, -1);
  const wan = s.endsWith("万");
  let mantissa = wan ? s.slice(0, -1) : s;
  if (/^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$/.test(mantissa)) mantissa = mantissa.replace(/,/g, "");
  s = mantissa;
  if (wan && !/^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(mantissa)) {
    s += "万"; // left for the check to refuse
  } else if (wan) {
    const [whole, f = ""] = mantissa.split(".");
    const frac = f + "0000";
    s = (whole + frac.slice(0, 4)).replace(/^0+/, "");
    const rest = frac.slice(4).replace(/0+$/, "");
    if (rest !== "") s += "." + rest;
    if (s === "" || s[0] === ".") s = "0" + s;
  }
  return s;
}

// trimBlanks drops the spaces, tabs and line breaks around an answer, and
// nothing else, as Go's reader does: other white space (U+00A0, U+3000,
// U+FEFF, U+0085) makes the answer wrong in both.
export function trimBlanks(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
}

// duplicateKey returns the path of the first key an object of a JSON text
// holds twice (measures.03-x.items[0].cost), or "": JSON.parse keeps the
// last without a word. The text is valid JSON (JSON.parse read it first).
export function duplicateKey(text: string): string {
  let i = 0;
  const ws = () => { while (i < text.length && " \t\r\n".includes(text[i])) i++; };
  const str = (): string => {
    const start = i;
    i++; // "
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const walk = (path: string): string => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === "}") { i++; return ""; }
      for (;;) {
        ws();
        const key = str();
        const p = path === "" ? key : `${path}.${key}`;
        if (seen.has(key)) return p;
        seen.add(key);
        ws(); i++; // :
        const dup = walk(p);
        if (dup) return dup;
        ws();
        if (text[i++] === "}") return "";
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") { i++; return ""; }
      for (let n = 0; ; n++) {
        const dup = walk(`${path}[${n}]`);
        if (dup) return dup;
        ws();
        if (text[i++] === "]") return "";
      }
    }
    if (c === '"') { str(); return ""; }
    while (i < text.length && !",]} \t\r\n".includes(text[i])) i++; // a number, true, false or null
    return "";
  };
  return walk("");
}
