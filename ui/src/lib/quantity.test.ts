import { describe, expect, it } from "vitest";
import { bpText, milliText, parseBp, parseMilli } from "./quantity";

describe("quantities as typed", () => {
  it("turns hours and litres into thousandths without floats", () => {
    expect(parseMilli("0.5")).toBe(500);
    expect(parseMilli("4.5")).toBe(4500);
    expect(parseMilli("1,000")).toBe(1_000_000);
    expect(parseMilli("0.001")).toBe(1);
  });
  it("refuses what is not a quantity instead of guessing", () => {
    expect(parseMilli("0.0005")).toBeUndefined();
    expect(parseMilli("-1")).toBeUndefined();
    expect(parseMilli("abc")).toBeUndefined();
    expect(parseMilli("100001")).toBeUndefined();
  });
  it("shows thousandths the way they were typed", () => {
    expect(milliText(500)).toBe("0.5");
    expect(milliText(4500)).toBe("4.5");
    expect(milliText(1000)).toBe("1");
    expect(milliText(1)).toBe("0.001");
  });
  it("keeps percentages in basis points up to 100 %", () => {
    expect(parseBp("12.5")).toBe(1250);
    expect(parseBp("")).toBe(0);
    expect(parseBp("100")).toBe(10_000);
    expect(parseBp("100.01")).toBeUndefined();
    expect(bpText(1250)).toBe("12.5");
    expect(bpText(0)).toBe("0");
  });
});
