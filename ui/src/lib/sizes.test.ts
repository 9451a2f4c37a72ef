// The window's shape, kept by a test: no Svelte file grows past 400 lines. A screen that
// needs more is split into components along its seams (a panel, a form, a list).
import { describe, expect, it } from "vitest";

const sources = import.meta.glob("../**/*.svelte", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;

describe("the Svelte files", () => {
  it("are all found", () => {
    expect(Object.keys(sources).length, "the glob reads the components and views").toBeGreaterThan(40);
  });

  it("each hold at most 400 lines", () => {
    const big = Object.entries(sources)
      .map(([file, text]) => [file, text.split("\n").length - (text.endsWith("\n") ? 1 : 0)] as const)
      .filter(([, lines]) => lines > 400)
      .map(([file, lines]) => `${file}: ${lines} lines`);
    expect(big, "split these along their seams").toEqual([]);
  });
});
