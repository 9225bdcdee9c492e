import { env } from "@/lib/env";

/** `MusicTrace/<version> (<instance URL>)`: LRCLIB and MusicBrainz both ask for a descriptive User-Agent. */
export function userAgent(): string {
  return `MusicTrace/0.1.0 (${env().APP_URL}; self-hosted music stats)`;
}

/**
 * One request at a time with at least `gapMs` between the end of one and the start of the next: the
 * etiquette LRCLIB asks for and the 1 req/s MusicBrainz enforces (per process; the enrich queue's
 * concurrency of one makes it per instance).
 */
export function politeGate(gapMs: number) {
  let tail: Promise<unknown> = Promise.resolve();
  let lastEnd = 0;
  return function run<T>(fn: () => Promise<T>): Promise<T> {
    const next = tail.then(async () => {
      const wait = lastEnd + gapMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      try {
        return await fn();
      } finally {
        lastEnd = Date.now();
      }
    });
    tail = next.catch(() => {});
    return next;
  };
}

/** A failure of an enrichment source that is not about the track: retry later, or pause the source. */
export class SourceError extends Error {
  constructor(
    readonly source: "lrclib" | "musicbrainz",
    readonly kind: "rate_limited" | "transient" | "blocked",
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "SourceError";
  }
}

export async function fetchWithTimeout(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

export function retryAfterMs(res: Response, fallbackMs: number): number {
  const v = res.headers.get("retry-after");
  const s = v ? Number(v) : Number.NaN;
  return Number.isFinite(s) && s >= 0 ? Math.max(1000, s * 1000) : fallbackMs;
}
