import { describe, expect, it } from "vitest";
import { AppError } from "./api";
import { RangeLoad } from "./range_load.svelte";
import type { ErrorPayload } from "../bindings";

const refused: ErrorPayload = {
  code: "invalid", message: "refused", reason: null, what: null,
  fields: [{ field: "to", code: "appointment.range", message: "At most a year" }], duplicates: [],
};

describe("RangeLoad", () => {
  it("keeps the answer for the range shown and drops one that comes back late", async () => {
    const page = new RangeLoad<string>();
    let slow = (_: string) => {};
    page.load("2026-12-01", "2026-12-07", () => new Promise((r) => { slow = r; }));
    page.load("2026-12-08", "2026-12-14", async () => "second week");
    await Promise.resolve();
    slow("first week");
    await new Promise((r) => setTimeout(r, 0));
    expect(page.data).toBe("second week");
  });

  it("shows a refused range by its field, and nothing while an end is empty", async () => {
    const page = new RangeLoad<string>();
    page.load("2026-12-01", "", async () => "never");
    expect(page.data).toBeNull();
    page.load("2026-12-01", "2028-12-01", async () => { throw new AppError(refused); });
    await new Promise((r) => setTimeout(r, 0));
    expect(page.errors).toEqual({ to: "At most a year" });
    expect(page.failure).toBe("");
  });
});
