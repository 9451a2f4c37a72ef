import { describe, expect, it } from "vitest";
import { AppError } from "./api";
import { Guard } from "./guard.svelte";
import type { ErrorPayload, SupervisorWord } from "../bindings";

const refusal = (code: ErrorPayload["code"], reason: ErrorPayload["reason"], message: string): AppError =>
  new AppError({ code, message, reason, what: null, fields: [], duplicates: [] });
const word: SupervisorWord = { supervisorId: 1, pin: "246813" };

describe("Guard", () => {
  it("keeps a change the core reserves for the supervisor and sends it again with her word", async () => {
    const guard = new Guard();
    const sent: (SupervisorWord | null)[] = [];
    const send = async (w: SupervisorWord | null) => {
      sent.push(w);
      if (!w) throw refusal("conflict", "supervisor.needed", "This needs the supervisor's PIN.");
    };
    expect(await guard.send("staff", "promote", send)).toBe(false);
    expect(guard.asking?.what).toBe("promote");
    expect(guard.error).toBe("");
    expect(await guard.retry(word)).toBe(true);
    expect(sent).toEqual([null, word]);
    expect(guard.asking).toBeNull();
  });

  it("a wrong PIN stays on the PIN form and nothing else is thrown", async () => {
    const guard = new Guard();
    const send = async (w: SupervisorWord | null) => {
      throw w ? refusal("conflict", "pin.wrong", "Wrong PIN.") : refusal("conflict", "supervisor.needed", "PIN!");
    };
    await guard.send("staff", "promote", send);
    expect(await guard.retry(word)).toBe(false);
    expect(guard.error).toBe("Wrong PIN.");
    expect(guard.asking).not.toBeNull();
  });

  it("any other refusal goes back to the screen and closes the PIN form", async () => {
    const guard = new Guard();
    const send = async () => {
      throw refusal("conflict", "staff.last_supervisor", "The last one.");
    };
    await expect(guard.send("staff", "demote", send)).rejects.toThrow("The last one.");
    expect(guard.asking).toBeNull();
  });
});
