import { describe, expect, it } from "vitest";
import { clockOf, minuteOf, showRate } from "./booking";

describe("the tally's show rate", () => {
  it("shows the core's basis points as a percentage, without rounding them up", () => {
    expect(showRate(6666)).toBe("66.66%");
    expect(showRate(10000)).toBe("100%");
    expect(showRate(0)).toBe("0%");
  });
  it("shows a dash when nothing was booked, not a rate of nothing", () => {
    expect(showRate(null)).toBe("—");
  });
});


describe("a time of day typed in the booking settings", () => {
  it("reads as minutes from midnight and prints back the same", () => {
    expect(minuteOf("08:30")).toBe(510);
    expect(minuteOf("8:30")).toBe(510);
    expect(minuteOf("24:00")).toBe(1440);
    for (const m of [0, 510, 600, 1020, 1439]) expect(minuteOf(clockOf(m))).toBe(m);
  });
  it("is refused, never guessed, when it is not a time", () => {
    expect(minuteOf("")).toBeNull();
    expect(minuteOf("8")).toBeNull();
    expect(minuteOf("08:60")).toBeNull();
    expect(minuteOf("25:00")).toBeNull();
    expect(minuteOf("24:30")).toBeNull();
  });
});
