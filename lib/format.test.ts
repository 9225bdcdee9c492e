import { describe, expect, it } from "vitest";
import { createFormat } from "./format";

const NBSP = "\u00a0";
const ru = createFormat({ locale: "ru", timeZone: "Europe/Moscow" });
const en = createFormat({ locale: "en", timeZone: "UTC" });

describe("createFormat", () => {
  it("numbers group thousands by locale (a non-breaking space in Russian)", () => {
    expect(ru.number(2802)).toBe(`2${NBSP}802`);
    expect(ru.number(1_234_567)).toBe(`1${NBSP}234${NBSP}567`);
    expect(en.number(2802)).toBe("2,802");
  });

  it("percentages take a share in percent: 11,9 % in Russian", () => {
    expect(ru.percent(11.9)).toBe(`11,9${NBSP}%`);
    expect(en.percent(11.9)).toBe("11.9%");
    expect(en.percent(100)).toBe("100%");
  });

  it("axis ticks are compact in the reader's words, never an English K in Russian", () => {
    expect(ru.compact(1500)).toBe(`1,5${NBSP}тыс.`);
    expect(en.compact(1500)).toBe("1.5K");
    expect(ru.compact(40)).toBe("40");
  });

  it("times are in the reader's zone: 08:34 UTC is 11:34 in Moscow", () => {
    const t = Date.UTC(2024, 4, 10, 8, 34);
    expect(ru.time(t)).toBe("11:34");
    expect(en.time(t)).toBe("8:34 AM");
    // Late evening UTC is already the next day in Moscow.
    expect(ru.date(Date.UTC(2024, 4, 10, 22, 30), "short")).toBe("11.05.2024");
  });

  it("a calendar date is never shifted by the zone", () => {
    const west = createFormat({ locale: "en", timeZone: "America/Los_Angeles" });
    expect(west.day("2024-03-05", { day: "numeric", month: "short" })).toBe("Mar 5");
  });

  it("durations and relative times", () => {
    expect(ru.minutes(12)).toBe(`12${NBSP}мин`);
    expect(en.minutes(900)).toBe(`15${NBSP}hr`);
    expect(en.clock(187_000)).toBe("3:07");
    expect(en.clock(3_723_000)).toBe("1:02:03");
    const now = Date.UTC(2024, 4, 10, 12);
    expect(en.relative(now - 3 * 3_600_000, now)).toBe("3 hours ago");
    expect(ru.relative(now - 86_400_000, now)).toBe("вчера");
  });

  it("month and weekday names for chart axes, Monday first", () => {
    expect(en.weekdays()[0]).toBe("Mon");
    expect(ru.months()[0]).toBe("янв.");
  });
});
