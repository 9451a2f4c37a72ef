import { describe, expect, it, vi } from "vitest";
import { AppError, type Outcome } from "./api";
import { setLang } from "./i18n.svelte";
import { Paper } from "./paper.svelte";
import type { ErrorPayload, PrintOutcome } from "../bindings";

// setLang touches document.documentElement; give the node environment a stand-in.
(globalThis as unknown as { document: unknown }).document = { documentElement: { lang: "" } };

type Request = { id: number };
const ok = <T>(data: T): Outcome<T> => ({ status: "ok", data });
const refused: ErrorPayload = { code: "form", message: "no printer", reason: null, what: null, fields: [], duplicates: [] };

/** A command whose answer the test gives when it chooses, to catch a run half-way. */
function held<T>() {
  let answer: (o: Outcome<T>) => void = () => {};
  const command = vi.fn((_: Request) => new Promise<Outcome<T>>((resolve) => (answer = resolve)));
  return { command, answer: (o: Outcome<T>) => answer(o) };
}

describe("Paper", () => {
  it("a second click while the first printing is under way does not print again", async () => {
    const print = held<PrintOutcome>();
    const paper = new Paper({ print: print.command });
    const first = paper.run("print", { id: 1 });
    expect(paper.busy).toBe(true);
    await paper.run("print", { id: 1 });
    print.answer(ok({ sentToPrinter: true, path: "/tmp/wo.pdf" }));
    await first;
    expect(print.command).toHaveBeenCalledTimes(1);
    expect(paper.busy).toBe(false);
    expect(paper.message).toEqual({ key: "print.sent" });
  });

  it("a cancelled Save as… leaves no message, not even the last one", async () => {
    const paper = new Paper({
      open: async (_: Request) => ok("/data/wo.pdf"),
      save: async (_: Request) => ok<string | null>(null),
    });
    await paper.run("open", { id: 1 });
    expect(paper.message).toEqual({ key: "print.opened", values: { file: "wo.pdf" } });
    await paper.run("save", { id: 1 });
    expect(paper.message).toBeNull();
    expect(paper.text).toBe("");
  });

  it("an error goes back to the caller and the buttons come back", async () => {
    const paper = new Paper({ open: async (_: Request) => ({ status: "error", error: refused }) as Outcome<string> });
    const run = paper.run("open", { id: 1 });
    await expect(run).rejects.toBeInstanceOf(AppError);
    await expect(run).rejects.toThrow("no printer");
    expect(paper.busy).toBe(false);
    expect(paper.message).toBeNull();
  });

  it("a before hook saying false stops the printing before the command", async () => {
    const print = vi.fn(async (_: Request) => ok({ sentToPrinter: true, path: "" }));
    const paper = new Paper({ print }, { before: async () => false });
    await paper.run("print", { id: 1 });
    expect(print).not.toHaveBeenCalled();
    expect(paper.busy).toBe(false);
  });

  it("the after hook runs once the form is out, while the buttons are still held", async () => {
    let busyInAfter: boolean | undefined;
    const paper = new Paper(
      { print: async (_: Request) => ok({ sentToPrinter: false, path: "/data/exit.pdf" }) },
      { after: async () => void (busyInAfter = paper.busy) },
    );
    await paper.run("print", { id: 1 });
    expect(busyInAfter).toBe(true);
    expect(paper.message).toEqual({ key: "print.opened", values: { file: "exit.pdf" } });
  });

  it("the message follows a change of language, as it is kept as a key", async () => {
    const paper = new Paper({ print: async (_: Request) => ok({ sentToPrinter: true, path: "" }) });
    await paper.run("print", { id: 1 });
    setLang("en");
    const en = paper.text;
    setLang("zh-Hans");
    expect(paper.text).not.toBe(en);
    expect(paper.text).toBe("已发送到打印机。");
    setLang("en");
  });
});

describe("the viewer's message", () => {
  it("names the file, not the folder deep inside the data folder it was written to", async () => {
    const deep = "/tmp/a-very-long-data-folder-name-without-any-break-at-all/print/WO-2026-00001-credit-note-1-20261207.pdf";
    const windows = "C:\\Users\\desk\\AppData\\Roaming\\Garage Desk\\print\\WO-2026-00002-estimate-v1.pdf";
    for (const [path, file] of [
      [deep, "WO-2026-00001-credit-note-1-20261207.pdf"],
      [windows, "WO-2026-00002-estimate-v1.pdf"],
    ]) {
      const paper = new Paper({ open: async (_: Request) => ok(path) });
      await paper.run("open", { id: 1 });
      expect(paper.message).toEqual({ key: "print.opened", values: { file } });
    }
  });
});
