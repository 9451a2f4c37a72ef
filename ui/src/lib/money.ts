// Money as typed at the desk, to and from integer minor units (never floats): "120", "120.5"
// and "1,234.50" are 12000, 12050 and 123450 fen.

import type { CurrencyStyle } from "../bindings";

// How each currency is written, as the core sends it at start (`bootInfo.currencies`): the
// same symbol and minor digits the printed forms use.
const styles = new Map<string, CurrencyStyle>();

/** Takes the core's currency styles; called once at start. */
export function setCurrencyStyles(list: CurrencyStyle[]): void {
  styles.clear();
  for (const s of list) styles.set(s.code.toUpperCase(), s);
}

/** The core's style of `currency`, when it sent one. */
export function currencyStyle(currency: string): CurrencyStyle | undefined {
  return styles.get(currency.toUpperCase());
}

/** How many minor digits the currency has (2 for CNY, 0 for JPY): the core's answer, or
 *  before the core has answered (unit tests), the browser's. */
export function minorDigits(currency: string): number {
  const sent = currencyStyle(currency);
  if (sent) return sent.minorDigits;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The amount in minor units, `null` for an empty field, `undefined` when it is not money. */
export function parseMoney(text: string, currency: string): number | null | undefined {
  const clean = text.trim().replace(/[,\s¥$€£]/g, "");
  if (clean === "") return null;
  const digits = minorDigits(currency);
  const m = /^(\d{1,12})(?:\.(\d*))?$/.exec(clean);
  if (!m) return undefined;
  const fraction = m[2] ?? "";
  if (fraction.length > digits) return undefined;
  return Number(m[1]) * 10 ** digits + (fraction ? Number(fraction.padEnd(digits, "0")) : 0);
}

/** Minor units as the plain text a field shows ("120.50"), empty for `null`. */
export function moneyText(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return "";
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const whole = Math.floor(minor / 10 ** digits);
  const fraction = String(minor % 10 ** digits).padStart(digits, "0");
  return `${whole}.${fraction}`;
}
