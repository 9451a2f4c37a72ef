import { describe, expect, it } from "vitest";
import { AppError } from "./api";
import { SheetForm } from "./sheet.svelte";
import type { ErrorPayload } from "../bindings";

const payload = (fields: ErrorPayload["fields"]): ErrorPayload => ({
  code: "invalid", message: "refused", reason: null, what: null, fields, duplicates: [],
});

describe("SheetForm", () => {
  it("a refusal that names fields shows by the fields, not on the failure line", async () => {
    const form = new SheetForm();
    const sent = await form.send(async () => {
      throw new AppError(payload([{ field: "findings", code: "diagnosis.findings_required", message: "Write the findings" }]));
    });
    expect(sent).toBe(false);
    expect(form.err("findings")).toBe("Write the findings");
    expect(form.failure).toBe("");
  });

  it("a value checked on its own is refused by the field it belongs to, in the core's words", () => {
    const form = new SheetForm();
    const refused = new AppError(payload([{ field: "plannedMinutes", code: "dispatch.hours_text", message: "Write the hours as a number" }]));
    form.refuseField("items.1.plannedMinutes", refused);
    form.refuseField("items.2.plannedMinutes", new Error("gone"));
    expect(form.err("items.1.plannedMinutes")).toBe("Write the hours as a number");
    expect(form.err("items.2.plannedMinutes")).toBe("gone");
    expect(form.failure).toBe("");
  });

  it("any other error goes on the failure line, and the next send clears both", async () => {
    const form = new SheetForm();
    await form.send(async () => {
      throw new Error("disk full");
    });
    expect(form.failure).toBe("disk full");
    expect(await form.send(async () => {})).toBe(true);
    expect(form.failure).toBe("");
    expect(form.errors).toEqual({});
  });

  it("a second action while the first runs is ignored", async () => {
    const form = new SheetForm();
    let release = () => {};
    let calls = 0;
    const first = form.run(() => new Promise<void>((r) => { calls += 1; release = r; }));
    await form.run(async () => { calls += 1; });
    expect(form.busy).toBe(true);
    release();
    await first;
    expect(calls).toBe(1);
    expect(form.busy).toBe(false);
  });
});
