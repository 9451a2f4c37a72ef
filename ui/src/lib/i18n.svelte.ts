// The UI's words: one catalogue per language under assets/i18n, the same files the PDF
// forms read. Dates, money and numbers are formatted for the current language.
import en from "../../../assets/i18n/en.json";
import zhHans from "../../../assets/i18n/zh-Hans.json";
import zhHant from "../../../assets/i18n/zh-Hant.json";
import { currencyStyle, minorDigits } from "./money";

export type Lang = "en" | "zh-Hans" | "zh-Hant";
export const LANGS: Lang[] = ["en", "zh-Hans", "zh-Hant"];

const catalogues: Record<Lang, Record<string, string>> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};

const state = $state({ lang: "en" as Lang, currency: "CNY" });

export function currentLang(): Lang {
  return state.lang;
}

export function setLang(lang: Lang): void {
  state.lang = lang;
  document.documentElement.lang = lang;
}

/** The shop's currency, as the core sent it at start. */
export function currentCurrency(): string {
  return state.currency;
}

export function setCurrency(code: string): void {
  state.currency = code;
}

/** A catalogue string with `{name}` placeholders filled; English, then the key, as fallback. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogues[state.lang][key] ?? catalogues.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) =>
    name in params ? String(params[name]) : `{${name}}`,
  );
}

/** Every key of a catalogue, for the unit test that keeps the three languages in step. */
export function catalogueKeys(lang: Lang): string[] {
  return Object.keys(catalogues[lang]);
}

function locale(): string {
  return state.lang === "en" ? "en-GB" : state.lang === "zh-Hans" ? "zh-CN" : "zh-TW";
}

/** `2026-11-22` → "22 Nov 2026" / "2026年11月22日". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return iso;
  const date = new Date(Date.UTC(y, m - 1, d));
  return new Intl.DateTimeFormat(locale(), {
    year: "numeric",
    month: state.lang === "en" ? "short" : "long",
    day: "numeric",
    timeZone: "UTC",
  }).format(date);
}

/** `2026-11-22T09:30:00` (shop-local wall time) → "22 Nov 2026, 09:30". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const time = iso.length >= 16 ? iso.slice(11, 16) : "";
  return time ? `${formatDate(iso)} ${time}` : formatDate(iso);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** Money arrives as integer minor units and is never turned into a float for arithmetic.
 *  Its symbol and minor digits are the core's (`bootInfo.currencies`), as on the forms. */
export function formatMoney(minor: number, currency: string = state.currency): string {
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const digits = minorDigits(currency);
  const scale = 10 ** digits;
  const major = Math.trunc(abs / scale);
  const fraction = digits > 0 ? `.${String(abs % scale).padStart(digits, "0")}` : "";
  const symbol = currencyStyle(currency)?.symbol ?? currencySymbol(currency);
  // The typographic minus, as every hand-written "−¥…" on the screens.
  return `${negative ? "−" : ""}${symbol}${formatNumber(major)}${fraction}`;
}

/** Before the core has sent its styles (unit tests): the common symbols. */
function currencySymbol(code: string): string {
  switch (code) {
    case "CNY":
      return "¥";
    case "HKD":
      return "HK$";
    case "TWD":
      return "NT$";
    case "USD":
      return "$";
    case "EUR":
      return "€";
    case "GBP":
      return "£";
    default:
      return `${code} `;
  }
}
