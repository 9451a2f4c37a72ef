import { describe, expect, it } from "vitest";
import { moneyText, parseMoney } from "./money";

describe("money typed at the desk", () => {
  it("becomes integer minor units", () => {
    expect(parseMoney("120", "CNY")).toBe(12000);
    expect(parseMoney("120.5", "CNY")).toBe(12050);
    expect(parseMoney("1,234.56", "CNY")).toBe(123456);
    expect(parseMoney("¥ 0.07", "CNY")).toBe(7);
    expect(parseMoney("500", "JPY")).toBe(500);
  });
  it("is empty or refused, never guessed", () => {
    expect(parseMoney("  ", "CNY")).toBeNull();
    expect(parseMoney("12.345", "CNY")).toBeUndefined();
    expect(parseMoney("-5", "CNY")).toBeUndefined();
    expect(parseMoney("abc", "CNY")).toBeUndefined();
    expect(parseMoney("1.5", "JPY")).toBeUndefined();
  });
  it("round-trips", () => {
    for (const minor of [0, 7, 12050, 123456]) expect(parseMoney(moneyText(minor, "CNY"), "CNY")).toBe(minor);
    expect(moneyText(null, "CNY")).toBe("");
  });
});
