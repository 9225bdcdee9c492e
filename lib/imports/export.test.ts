import { describe, expect, it } from "vitest";
import { csvField } from "./export";

describe("CSV export cells", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["+1 Song", "'+1 Song"],
    ["-Minus-", "'-Minus-"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=cmd", "'\t=cmd"],
    ["\r=cmd", '"\'\r=cmd"'],
    ["Plain, with comma", '"Plain, with comma"'],
    ["a=b", "a=b"],
  ])("guards %j against formula injection", (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });

  it("leaves numbers, booleans and empty cells alone", () => {
    expect(csvField(-5)).toBe("-5");
    expect(csvField(false)).toBe("false");
    expect(csvField(null)).toBe("");
  });
});
