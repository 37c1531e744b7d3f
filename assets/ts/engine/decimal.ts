// Exact decimals on BigInt: a value is coef × 10^-scale. The Go side uses
// shopspring/decimal; both must agree to the fen, so nothing here ever
// touches a JavaScript Number for an amount.

export interface Dec {
  readonly coef: bigint;
  readonly scale: number; // digits after the point, >= 0
}

const TEN = BigInt(10);
const ZERO = BigInt(0);
const ONE = BigInt(1);
const TWO = BigInt(2);

function pow10(n: number): bigint {
  let r = ONE;
  for (let i = 0; i < n; i++) r *= TEN;
  return r;
}

export const zero: Dec = { coef: ZERO, scale: 0 };

// parse reads a canonical decimal such as "-12.50"; the callers check the
// format first, so a malformed text is a programming error.
export function parse(s: string): Dec {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = m[3] || "";
  let coef = BigInt(m[2] + frac);
  if (m[1] === "-") coef = -coef;
  return { coef, scale: frac.length };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.coef, b.coef, a.scale];
  if (a.scale > b.scale) return [a.coef, b.coef * pow10(a.scale - b.scale), a.scale];
  return [a.coef * pow10(b.scale - a.scale), b.coef, b.scale];
}

export function add(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return { coef: x + y, scale: s };
}

export function sub(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return { coef: x - y, scale: s };
}

export function mul(a: Dec, b: Dec): Dec {
  return { coef: a.coef * b.coef, scale: a.scale + b.scale };
}

export function neg(a: Dec): Dec {
  return { coef: -a.coef, scale: a.scale };
}

export function cmp(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function min(a: Dec, b: Dec): Dec {
  return cmp(a, b) <= 0 ? a : b;
}

export function max(a: Dec, b: Dec): Dec {
  return cmp(a, b) >= 0 ? a : b;
}

export function isNegative(a: Dec): boolean {
  return a.coef < ZERO;
}

// fen rounds to 0.01, half away from zero (四舍五入), and writes exactly two
// decimals, as the Go evaluator's Fen does.
export function fen(a: Dec): string {
  let cents: bigint;
  if (a.scale <= 2) {
    cents = a.coef * pow10(2 - a.scale);
  } else {
    const d = pow10(a.scale - 2);
    const q = a.coef / d; // BigInt division truncates toward zero
    const r = a.coef % d;
    const absR = r < ZERO ? -r : r;
    cents = q;
    if (absR * TWO >= d) cents = a.coef < ZERO ? q - ONE : q + ONE;
  }
  const negative = cents < ZERO;
  const digits = (negative ? -cents : cents).toString().padStart(3, "0");
  const out = digits.slice(0, -2) + "." + digits.slice(-2);
  return negative ? "-" + out : out;
}
