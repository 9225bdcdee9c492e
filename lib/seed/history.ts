import { startOfLocalDay } from "@/lib/stats/zone";
import type { SeedCatalog } from "./catalog";
import { Rng, WeightedPicker, zipfWeights } from "./random";

export type SeedListen = {
  track: number;
  startedAt: number;
  msPlayed: number;
  skipped: boolean;
  source: "spotify" | "yandex";
};

// A listener's day: quiet at night, a commute bump, lunch, and most listening in the evening.
const HOUR_WEIGHTS = [
  0.25, 0.12, 0.05, 0.03, 0.02, 0.04, 0.25, 0.9, 1.4, 1.1, 0.8, 0.8, 0.95, 1.0, 0.85, 0.85, 0.95, 1.2, 1.5,
  1.6, 1.7, 1.6, 1.2, 0.6,
];
// Monday … Sunday: a bit more at the end of the week.
const WEEKDAY_WEIGHTS = [0.95, 0.95, 1.0, 1.0, 1.15, 1.3, 1.1];
const MONTHS_PER_YEAR = 12;

export type HistoryOptions = {
  seed: string;
  listens: number;
  years: number;
  /** The last day of the history ends at the start of the local day after `until` (ms). */
  until: number;
  timeZone: string;
};

/**
 * The day-by-day shape of a history: per-day listen quotas (weekday rhythm, a slow trend, holidays),
 * then sessions that follow a favourite artist for a few songs, with skips and partial plays.
 * Yields each day's listens in time order, so callers can stream them to the database.
 */
export function* generateHistory(catalog: SeedCatalog, opts: HistoryOptions): Generator<SeedListen[]> {
  const rng = new Rng(`${opts.seed}:history`);
  const end = startOfLocalDay(opts.timeZone, opts.until, 1);
  const days = Math.max(1, Math.round(opts.years * 365));
  const dayStarts: number[] = [];
  for (let d = days; d >= 1; d--) dayStarts.push(startOfLocalDay(opts.timeZone, end, -d));

  const quotas = dayQuotas(rng, dayStarts, opts.listens);
  const months = Math.max(1, Math.ceil(opts.years * MONTHS_PER_YEAR));
  const pickers = eraPickers(catalog, months);
  const trackPickers = catalog.tracksByArtist.map(
    (list) => new WeightedPicker(zipfWeights(Math.max(1, list.length), 0.9)),
  );
  const hours = new WeightedPicker(HOUR_WEIGHTS);

  for (let d = 0; d < dayStarts.length; d++) {
    let quota = quotas[d] ?? 0;
    const dayStart = dayStarts[d] ?? 0;
    const progress = d / dayStarts.length;
    const picker = pickers[Math.min(months - 1, Math.floor(progress * months))] ?? pickers[0];
    if (!picker) continue;
    const out: SeedListen[] = [];
    // Session start times are drawn first and sorted, so a long evening does not push the rest into the night.
    const sessions = Math.max(1, Math.round(quota / 10));
    const starts = Array.from(
      { length: sessions },
      () => dayStart + hours.pick(rng) * 3_600_000 + rng.int(0, 3_599_000),
    );
    starts.sort((a, b) => a - b);
    let cursor = dayStart;
    for (let s = 0; s < sessions && quota > 0; s++) {
      const start = Math.max(cursor, starts[s] ?? dayStart);
      const length = s === sessions - 1 ? quota : Math.min(quota, 1 + rng.poisson(8));
      let t = start;
      let artist = picker.pick(rng);
      for (let i = 0; i < length; i++) {
        if (i > 0 && rng.chance(0.35)) artist = picker.pick(rng);
        const list = catalog.tracksByArtist[artist] ?? [];
        const track = catalog.tracks[list[trackPickers[artist]?.pick(rng) ?? 0] ?? 0];
        if (!track) continue;
        const roll = rng.next();
        const skipped = roll < 0.1;
        const msPlayed = skipped
          ? rng.int(3_000, 29_000)
          : roll < 0.18
            ? Math.round(track.durationMs * (0.4 + rng.next() * 0.5))
            : track.durationMs;
        out.push({
          track: track.index,
          startedAt: t,
          msPlayed,
          skipped,
          source: pickSource(rng, track.ids, progress),
        });
        t += msPlayed + rng.int(200, 4_000);
      }
      quota -= length;
      cursor = t + rng.int(60_000, 1_800_000);
    }
    yield out.filter((l) => l.startedAt <= opts.until);
  }
}

// Histories drift from Spotify towards Yandex over the years when a song is on both.
function pickSource(
  rng: Rng,
  ids: { spotify?: string; yandex?: string },
  progress: number,
): "spotify" | "yandex" {
  if (ids.spotify && ids.yandex) return rng.chance(0.25 + progress * 0.5) ? "yandex" : "spotify";
  return ids.yandex ? "yandex" : "spotify";
}

function dayQuotas(rng: Rng, dayStarts: number[], total: number): number[] {
  const weights = dayStarts.map((t, i) => {
    const weekday = (new Date(t + 43_200_000).getUTCDay() + 6) % 7;
    const trend = 0.6 + (0.8 * i) / dayStarts.length;
    const noise = Math.exp(rng.normal() * 0.45);
    return (WEEKDAY_WEIGHTS[weekday] ?? 1) * trend * noise;
  });
  // Holidays and busy weeks: a few stretches of near silence.
  for (let h = 0; h < Math.ceil(dayStarts.length / 120); h++) {
    const from = rng.int(0, dayStarts.length - 1);
    const len = rng.int(3, 12);
    for (let i = from; i < Math.min(dayStarts.length, from + len); i++) weights[i] = (weights[i] ?? 0) * 0.05;
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  let carry = 0;
  return weights
    .map((w) => {
      const exact = (w / sum) * total + carry;
      const whole = Math.floor(exact);
      carry = exact - whole;
      return whole;
    })
    .map((q, i, all) => (i === all.length - 1 ? q + Math.round(carry) : q));
}

/** One weighted artist picker per month: base popularity (Zipf) times each artist's era of favour. */
function eraPickers(catalog: SeedCatalog, months: number): WeightedPicker[] {
  const base = zipfWeights(catalog.artists.length, 1.05);
  const pickers: WeightedPicker[] = [];
  const w = new Float64Array(catalog.artists.length);
  for (let m = 0; m < months; m++) {
    const t = (m + 0.5) / months;
    for (const a of catalog.artists) {
      const z = (t - a.peak) / a.width;
      w[a.index] = (base[a.index] ?? 0) * (0.12 + Math.exp(-z * z));
    }
    pickers.push(new WeightedPicker(w));
  }
  return pickers;
}
