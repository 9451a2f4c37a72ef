import { describe, expect, it } from "vitest";
import { catalogueKeys, formatMoney, LANGS, setLang, t } from "./i18n.svelte";

// setLang touches document.documentElement; give the node environment a stand-in.
(globalThis as unknown as { document: unknown }).document = { documentElement: { lang: "" } };

describe("catalogues", () => {
  it("every language has exactly the keys English has, so no screen falls back silently", () => {
    const en = new Set(catalogueKeys("en"));
    for (const lang of LANGS) {
      const keys = new Set(catalogueKeys(lang));
      const missing = [...en].filter((k) => !keys.has(k));
      const extra = [...keys].filter((k) => !en.has(k));
      expect({ lang, missing, extra }).toEqual({ lang, missing: [], extra: [] });
    }
  });

  it("every placeholder of an English string is present in its translations", () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of catalogueKeys("en")) {
      setLang("en");
      const en = placeholders(t(key));
      for (const lang of LANGS) {
        setLang(lang);
        expect([key, lang, placeholders(t(key))]).toEqual([key, lang, en]);
      }
    }
    setLang("en");
  });

  it("fills placeholders and falls back to the key for an unknown entry", () => {
    setLang("zh-Hans");
    expect(t("customers.count", { n: 3 })).toBe("共 3 位客户");
    expect(t("no.such.key")).toBe("no.such.key");
    setLang("en");
  });
});

describe("money", () => {
  it("formats integer minor units without floating point", () => {
    setLang("en");
    expect(formatMoney(123450, "CNY")).toBe("¥1,234.50");
    expect(formatMoney(-5, "HKD")).toBe("−HK$0.05");
    expect(formatMoney(900719925474099, "USD")).toBe("$9,007,199,254,740.99");
  });
});
