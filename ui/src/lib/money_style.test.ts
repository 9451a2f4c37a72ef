import { describe, expect, it } from "vitest";
import { formatMoney } from "./i18n.svelte";
import { minorDigits, parseMoney, setCurrencyStyles } from "./money";

describe("money written as the core says its currency is written", () => {
  it("uses the core's minor digits, not two", () => {
    setCurrencyStyles([
      { code: "JPY", symbol: "JP¥", minorDigits: 0 },
      { code: "KWD", symbol: "KD ", minorDigits: 3 },
    ]);
    expect(formatMoney(1500, "JPY")).toBe("JP¥1,500");
    expect(formatMoney(1234567, "KWD")).toBe("KD 1,234.567");
    expect(formatMoney(-5, "KWD")).toBe("−KD 0.005");
    expect(minorDigits("kwd")).toBe(3);
    expect(parseMoney("1.5", "KWD")).toBe(1500);
  });
  it("uses the core's symbol for a currency it names", () => {
    setCurrencyStyles([{ code: "CNY", symbol: "¥", minorDigits: 2 }]);
    expect(formatMoney(123450, "CNY")).toBe("¥1,234.50");
    setCurrencyStyles([]);
  });
});
