import { describe, expect, it } from "vitest";
import { diceSimilarity, passwordProblems } from "./password-rules";

describe("password rules", () => {
  it("accepts a decent password", () => {
    expect(passwordProblems("Lively-Tune-2024", "alice")).toEqual([]);
  });
  it.each([
    ["short1!", "too_short"],
    ["1234567890", "all_digits"],
    ["password1", "too_common"],
    ["qwerty123", "too_common"],
    ["alice2024!", "too_similar"],
    ["ecila-alice", "too_similar"],
  ])("rejects %s as %s", (pw, problem) => {
    expect(passwordProblems(pw, "alice")).toContain(problem);
  });
  it("measures bigram similarity", () => {
    expect(diceSimilarity("night", "nacht")).toBeCloseTo(0.25);
    expect(diceSimilarity("abc", "abc")).toBe(1);
  });
});
