import { describe, expect, it } from "vitest";
import { showRate } from "./booking";

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
