// Quantities and percentages as typed at the desk, to and from the integers the core
// keeps: "0.5" h is 500 thousandths, "12.5" % is 1250 basis points. Never floats.

function scaled(text: string, digits: number, max: number): number | undefined {
  const clean = text.trim().replace(/[,\s%]/g, "");
  const m = /^(\d{1,9})(?:\.(\d*))?$/.exec(clean);
  if (!m) return undefined;
  const fraction = m[2] ?? "";
  if (fraction.length > digits) return undefined;
  const value = Number(m[1]) * 10 ** digits + (fraction ? Number(fraction.padEnd(digits, "0")) : 0);
  return value <= max ? value : undefined;
}

function text(value: number, digits: number): string {
  const whole = Math.trunc(value / 10 ** digits);
  const rest = String(Math.abs(value % 10 ** digits)).padStart(digits, "0").replace(/0+$/, "");
  return rest ? `${whole}.${rest}` : String(whole);
}

/** "4.5" → 4500 thousandths; `undefined` when it is not a quantity (at most 3 decimals). */
export function parseMilli(input: string): number | undefined {
  return scaled(input, 3, 100_000_000);
}

/** 4500 → "4.5". */
export function milliText(milli: number): string {
  return text(milli, 3);
}

/** "12.5" → 1250 basis points; at most 100 %. */
export function parseBp(input: string): number | undefined {
  if (input.trim() === "") return 0;
  return scaled(input, 2, 10_000);
}

/** 1250 → "12.5". */
export function bpText(bp: number): string {
  return text(bp, 2);
}
