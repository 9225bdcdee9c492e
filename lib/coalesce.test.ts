import { describe, expect, it } from "vitest";
import { coalesce } from "./coalesce";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("coalesce", () => {
  it("runs the calls of one moment as one batch and answers each in order", async () => {
    const batches: number[][] = [];
    const double = coalesce(async (xs: number[]) => {
      batches.push(xs);
      return xs.map((x) => x * 2);
    });
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("keeps two items with the same key out of one batch", async () => {
    const batches: string[][] = [];
    const run = coalesce(
      async (xs: string[]) => {
        batches.push(xs);
        return xs;
      },
      { key: (x) => x.split(":")[0] },
    );
    await Promise.all(["a:1", "b:1", "a:2"].map(run));
    expect(batches).toEqual([["a:1", "b:1"], ["a:2"]]);
  });

  it("queues calls while the batches in flight run, and sends them together when one returns", async () => {
    const batches: number[][] = [];
    let release = () => {};
    const run = coalesce(
      async (xs: number[]) => {
        batches.push(xs);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return xs;
      },
      { maxInFlight: 1 },
    );
    const first = run(0);
    await tick();
    const later = [1, 2, 3].map(run);
    await tick();
    expect(batches).toEqual([[0]]);
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[0], [1, 2, 3]]);
  });

  it("a failing batch rejects its own items only", async () => {
    const run = coalesce(async (xs: number[]) => {
      if (xs.includes(13)) throw new Error("unlucky");
      return xs;
    });
    const bad = Promise.all([12, 13].map(run));
    await expect(bad).rejects.toThrow("unlucky");
    expect(await run(14)).toBe(14);
  });
});
