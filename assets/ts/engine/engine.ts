// The evaluator alone, for Go's parity tests: a global function that takes
// the rules and a profile as JSON text and returns the result's JSON text,
// or {"error": "..."} for answers that do not fit the rules.

import { evaluate } from "./evaluate";
import { decode, duplicateKey, FieldError } from "./profile";
import { tooDeep, type Program } from "./rules";

// The search's tokenizer, for the test that holds it to Go's.
export { tokens as searchTokens, HAN as searchHan, variants as searchVariants } from "../search";

let cached: { text: string; program: Program } | null = null;

export function evaluateJSON(rulesText: string, profileText: string): string {
  if (!cached || cached.text !== rulesText) {
    const program = JSON.parse(rulesText) as Program;
    if (tooDeep(program)) throw new Error("the rules nest deeper than the evaluator allows");
    cached = { text: rulesText, program };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(profileText);
  } catch (e) {
    return JSON.stringify({ error: "(profile)" });
  }
  const dup = duplicateKey(profileText);
  if (dup) return JSON.stringify({ error: dup });
  try {
    return JSON.stringify(evaluate(cached.program, decode(cached.program, raw)));
  } catch (e) {
    if (e instanceof FieldError) return JSON.stringify({ error: e.path });
    throw e;
  }
}
