import { describe, expect, it } from "vitest";
import {
  canonicalOrder,
  isSameListen,
  type ListenLike,
  levenshteinRatio,
  matchDuplicates,
  titleSimilarity,
} from "./dedupe";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const S = 1000;

const live = (over: Partial<ListenLike> = {}): ListenLike => ({
  title: "Song - Remastered 2011",
  artists: ["The Band"],
  startedAt: T0,
  endedAt: T0 + 200 * S,
  durationMs: 200 * S,
  origin: "live",
  source: "spotify",
  hasServiceIds: true,
  ...over,
});
const lastfm = (over: Partial<ListenLike> = {}): ListenLike => ({
  title: "Song (Remastered)",
  artists: ["the band"],
  startedAt: T0 + 2 * S,
  endedAt: null,
  durationMs: null,
  origin: "import",
  source: "import",
  ...over,
});

describe("cross-source duplicates (§7)", () => {
  it("13: a Spotify live listen and the Last.fm scrobble of it are one listen; live is canonical", () => {
    expect(isSameListen(live(), lastfm())).toBe(true);
    expect(canonicalOrder(live(), lastfm())).toBe(-1);
    expect(canonicalOrder(lastfm(), live())).toBe(1);
  });
  it.each([
    ["an end-stamped import one duration later", { startedAt: T0 + 205 * S }, true],
    ["a start 10 s off", { startedAt: T0 + 10 * S }, true],
    ["a different song at the same time", { title: "Other Tune" }, false],
    ["a different artist", { artists: ["Someone Else"] }, false],
    ["an hour later", { startedAt: T0 + 3600 * S }, false],
    ["a feat. clause and diacritics", { title: "Sóng (feat. Guest) - Remastered 2011" }, true],
  ])("%s", (_n, over, expected) => {
    expect(isSameListen(live(), lastfm(over))).toBe(expected);
  });
  it("7.1: the same song live on Spotify and on Yandex at once is one listen; the longer-heard copy wins", () => {
    const yandex = live({ source: "yandex", title: "Song", startedAt: T0 + 3 * S, msPlayed: 150 * S });
    const spotify = live({ msPlayed: 200 * S });
    expect(isSameListen(spotify, yandex)).toBe(true);
    expect(canonicalOrder(yandex, spotify)).toBe(1);
    expect(canonicalOrder(spotify, yandex)).toBe(-1);
    // Plays that merely touch (one ends as the other begins) are two listens.
    expect(isSameListen(spotify, yandex)).toBe(true);
    expect(isSameListen(spotify, { ...yandex, startedAt: T0 + 190 * S, endedAt: T0 + 390 * S })).toBe(false);
  });
  it("two listens of the same origin and source are never merged", () => {
    expect(isSameListen(live(), live({ startedAt: T0 + 1 * S }))).toBe(false);
  });
  it("13b: a genuine back-to-back repeat stays two listens, each paired with its own twin", () => {
    const existing = [live(), live({ startedAt: T0 + 200 * S, endedAt: T0 + 400 * S })];
    const incoming = [lastfm({ startedAt: T0 }), lastfm({ startedAt: T0 + 200 * S })];
    expect(matchDuplicates(existing, incoming)).toEqual([0, 1]);
    expect(matchDuplicates(existing.slice(0, 1), incoming)).toEqual([0, null]);
  });
  it("compares titles tolerantly", () => {
    expect(titleSimilarity("Bohemian Rhapsody", "Bohemian Rhapsody - Remastered 2011")).toBe(1);
    expect(titleSimilarity("Bohemian Rhapsody", "Bohemian Rapsody")).toBeGreaterThanOrEqual(0.9);
    expect(titleSimilarity("Yesterday", "Tomorrow")).toBeLessThan(0.5);
    expect(levenshteinRatio("kitten", "sitting")).toBeCloseTo(1 - 3 / 7);
  });
});
