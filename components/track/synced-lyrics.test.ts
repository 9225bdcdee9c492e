import { describe, expect, it } from "vitest";
import { currentLine } from "./synced-lyrics";

const lines = [
  { time_ms: 12_400, text: "First line" },
  { time_ms: 16_050, text: "Second line" },
  { time_ms: 16_050, text: "Same stamp" },
  { time_ms: 198_900, text: "" },
];

describe("currentLine", () => {
  it("is -1 before the first line and the last started line after", () => {
    expect(currentLine(lines, 0)).toBe(-1);
    expect(currentLine(lines, 12_399)).toBe(-1);
    expect(currentLine(lines, 12_400)).toBe(0);
    expect(currentLine(lines, 16_049)).toBe(0);
    // Two lines on one stamp: the later one in the file wins, as LRC players show it.
    expect(currentLine(lines, 16_050)).toBe(2);
    expect(currentLine(lines, 500_000)).toBe(3);
    expect(currentLine([], 1000)).toBe(-1);
  });
});
