/**
 * Last.fm as a target (last.fm/api): web auth, track.scrobble, track.updateNowPlaying, and
 * user.getRecentTracks to see whether a batch whose answer we never got did land (Last.fm promises no dedupe).
 */
import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { OutboxError, send } from "./errors";

export type Scrobble = {
  artist: string;
  track: string;
  album?: string;
  timestamp: number;
  durationS?: number;
};
export const LASTFM_MAX_BATCH = 50;
// Last.fm ignores scrobbles older than 14 days (ignoredMessage code 3) and past its daily limit (code 5).
export const LASTFM_MAX_AGE_MS = 14 * 86_400_000;
export const IGNORED_DAILY_LIMIT = 5;

export function lastfmConfigured(): boolean {
  return Boolean(env().LASTFM_API_KEY && env().LASTFM_API_SECRET);
}

function keys(): { key: string; secret: string } {
  const { LASTFM_API_KEY: key, LASTFM_API_SECRET: secret } = env();
  if (!key || !secret) throw new OutboxError("auth", "Last.fm is not configured on this server.");
  return { key, secret };
}

/** The documented signature: md5 of the sorted name+value pairs (no format/callback), then the secret. */
function sign(params: Record<string, string>, secret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== "format" && k !== "callback")
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join("");
  return createHash("md5")
    .update(base + secret, "utf8")
    .digest("hex");
}

const AUTH_CODES = new Set([4, 9, 10, 13, 14, 15, 26]);

async function call(params: Record<string, string>, opts: { post?: boolean; signed?: boolean } = {}) {
  const { key, secret } = keys();
  const all: Record<string, string> = { ...params, api_key: key };
  if (opts.signed !== false) all.api_sig = sign(all, secret);
  all.format = "json";
  const url = `${env().LASTFM_URL.replace(/\/$/, "")}/2.0/`;
  const body = new URLSearchParams(all).toString();
  const res = opts.post
    ? await send(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      })
    : await send(`${url}?${body}`, {});
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  const code = typeof data?.error === "number" ? data.error : null;
  if (code !== null) {
    const message = `Last.fm error ${code}: ${String(data?.message ?? "")}`;
    if (AUTH_CODES.has(code)) throw new OutboxError("auth", message);
    // 29 names no wait: the outbox's exponential backoff applies.
    if (code === 29) throw new OutboxError("rate_limited", message);
    if (code === 6 || code === 7) throw new OutboxError("rejected", message);
    throw new OutboxError("transient", message); // 8, 11, 16 and the rest: try again later
  }
  if (!res.ok || !data) throw new OutboxError("transient", `Last.fm answered ${res.status}`);
  return data;
}

export function lastfmAuthUrl(callback: string): string {
  const u = new URL(env().LASTFM_AUTH_URL);
  u.searchParams.set("api_key", keys().key);
  u.searchParams.set("cb", callback);
  return u.toString();
}

export async function lastfmSession(token: string): Promise<{ name: string; key: string }> {
  const data = await call({ method: "auth.getSession", token });
  const s = data.session as { name?: unknown; key?: unknown } | undefined;
  if (typeof s?.name !== "string" || typeof s.key !== "string")
    throw new OutboxError("transient", "Last.fm sent no session");
  return { name: s.name, key: s.key };
}

function trackParams(s: Scrobble, suffix = ""): Record<string, string> {
  return {
    [`artist${suffix}`]: s.artist,
    [`track${suffix}`]: s.track,
    ...(s.album ? { [`album${suffix}`]: s.album } : {}),
    ...(s.durationS ? { [`duration${suffix}`]: String(s.durationS) } : {}),
  };
}

/** Indexes of the scrobbles Last.fm ignored, with its code (3 too old, 5 daily limit …). */
export async function scrobble(sk: string, batch: Scrobble[]): Promise<{ index: number; code: number }[]> {
  const params: Record<string, string> = { method: "track.scrobble", sk };
  batch.forEach((s, i) => {
    Object.assign(params, trackParams(s, `[${i}]`), { [`timestamp[${i}]`]: String(s.timestamp) });
  });
  const data = await call(params, { post: true });
  const raw = (data.scrobbles as { scrobble?: unknown } | undefined)?.scrobble;
  // One scrobble comes back as an object, several as an array.
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { ignoredMessage?: { code?: string } }[];
  return list
    .map((r, index) => ({ index, code: Number(r.ignoredMessage?.code ?? 0) }))
    .filter((r) => r.code !== 0);
}

export async function updateNowPlaying(sk: string, s: Omit<Scrobble, "timestamp">): Promise<void> {
  await call(
    { method: "track.updateNowPlaying", sk, ...trackParams({ ...s, timestamp: 0 }) },
    { post: true },
  );
}

export const scrobbleKey = (s: { timestamp: number; artist: string; track: string }) =>
  `${s.timestamp}\u0000${s.artist}\u0000${s.track}`;

/** What Last.fm holds for the user between two timestamps (inclusive), as scrobbleKey()s. */
export async function scrobbledBetween(user: string, from: number, to: number): Promise<Set<string>> {
  const found = new Set<string>();
  for (let page = 1; page <= 10; page++) {
    const data = await call(
      {
        method: "user.getRecentTracks",
        user,
        from: String(from),
        to: String(to),
        limit: "200",
        page: String(page),
      },
      { signed: false },
    );
    const rt = data.recenttracks as { track?: unknown; "@attr"?: { totalPages?: string } } | undefined;
    const tracks = (Array.isArray(rt?.track) ? rt.track : rt?.track ? [rt.track] : []) as {
      name?: string;
      artist?: { "#text"?: string };
      date?: { uts?: string };
    }[];
    for (const t of tracks) {
      if (!t.date?.uts) continue; // the now-playing entry has no date
      found.add(
        scrobbleKey({
          timestamp: Number(t.date.uts),
          artist: t.artist?.["#text"] ?? "",
          track: t.name ?? "",
        }),
      );
    }
    if (page >= Number(rt?.["@attr"]?.totalPages ?? 1)) break;
  }
  return found;
}
